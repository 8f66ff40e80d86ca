"""Where ``-o`` points: a file is written atomically, but a symlink, a FIFO or a device is no file to replace."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from gi_extract.errors import OutputError
from gi_extract.output import write_output

ROOT = Path(__file__).resolve().parent.parent
REPORT = ROOT / "fixtures" / "docx" / "arith_error.docx"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gi_extract", *args], capture_output=True, text=True, timeout=120)


def test_a_symlink_is_written_through_and_kept(tmp_path: Path) -> None:
    target = tmp_path / "real.json"
    target.write_text("old")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_output(link, "new")
    assert link.is_symlink() and target.read_text() == "new"


def test_a_fifo_is_streamed_to_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_text()))
    reader.start()
    write_output(fifo, "through the pipe")
    reader.join(timeout=10)
    assert got == ["through the pipe"]
    assert fifo.is_fifo()


@pytest.mark.skipif(not Path("/dev/full").is_char_device(), reason="/dev/full is not a device here")
def test_a_full_device_is_an_output_error_and_stays_a_device() -> None:
    with pytest.raises(OutputError, match=r"/dev/full: cannot write \(No space left on device\)"):
        write_output(Path("/dev/full"), "x" * 100_000)
    assert Path("/dev/full").is_char_device()


def test_a_missing_folder_is_not_created(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_output(tmp_path / "typo" / "out.json", "x")
    assert not (tmp_path / "typo").exists()


@pytest.mark.parametrize("command", [["check", "-f", "md"], []])
def test_both_faces_refuse_a_missing_folder_in_one_line(tmp_path: Path, command: list[str]) -> None:
    out = tmp_path / "nodir" / "out"
    result = run(*command, str(REPORT), "-o", str(out))
    assert result.returncode == 4
    assert result.stderr.strip().splitlines() == [
        f"gi-extract: error: {out}: cannot write (the folder {out.parent} does not exist)"
    ]
    assert not out.parent.exists()
