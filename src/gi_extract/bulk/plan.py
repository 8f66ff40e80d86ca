"""What a bulk run has to do: its inputs, and the journal of what earlier runs finished.

Each finished input appends one line to ``.gi-extract-journal.jsonl`` *after* its JSON and
its fragment of the summaries are written (see :mod:`.worker`). ``--resume`` reuses a line
only when the input's bytes, the tool's version and the template's fingerprint are all the
same as when it was converted, and its files are still whole: a result that an upgrade could
change is converted again, and the run says how many were.
"""

from __future__ import annotations

import fnmatch
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import __version__
from ..api import sha256_of
from ..errors import GiExtractError, UnreadableInput
from ..template import registry

JOURNAL = ".gi-extract-journal.jsonl"
CACHE = ".gi-extract-parts"
"""Hidden folder of per-report fragments of facts.csv and reports.jsonl, written by the workers."""
OK, CHECKS_FAILED, ERROR, INTERNAL_ERROR, SKIPPED = "ok", "checks_failed", "error", "internal_error", "skipped"
OUTPUT_ERROR = "output_error"
"""A result that could not be written (no space, no permission): the run stops, nothing is recorded."""
REPORT_EXTENSIONS = frozenset(
    {"docx", "docm", "doc", "wps", "pdf", "html", "htm", "shtml", "xhtml", "txt", "text", "md", "markdown", ""}
)
"""What a download folder's reports are saved as (no extension too: crawlers often drop it). Any
other file (spreadsheets, images, archives, JSON) is listed as skipped unless ``--include`` takes it."""


class BulkUsageError(GiExtractError):
    """The output folder or the inputs cannot be used as asked (a usage error: exit 2)."""

    exit_code = 2


@dataclass(frozen=True)
class Input:
    """One file to convert: where it is, and the name it has in every output."""

    path: Path
    rel: str
    attempts: int = 0

    @property
    def json_name(self) -> str:
        return f"{self.rel}.json"


def producer() -> tuple[str, str]:
    """(tool version, template fingerprint): what a result depends on besides its input."""
    return __version__, registry().fingerprint


@dataclass(frozen=True)
class Outcome:
    """What became of one input: a journal line, and what the progress display shows."""

    path: str
    sha256: str | None
    status: str
    error: str
    format: str
    seconds: float
    json: str | None
    summary: dict[str, Any] = field(default_factory=dict)
    """The report's own summary.csv fields (template, year, agency, failed checks, missing tables)."""
    facts: dict[str, Any] | None = None
    """What the cross-report checks need (:class:`~gi_extract.crosscheck.Facts`), None if unpairable."""
    version: str = ""
    """The gi-extract version that produced it (empty in journals written before it was recorded)."""
    template: str = ""
    """The template fingerprint it was produced with."""

    @property
    def finished(self) -> bool:
        """Whether a rerun with the same input can reuse this outcome (an error of our own cannot)."""
        return self.sha256 is not None and self.status not in (INTERNAL_ERROR, SKIPPED)


@dataclass(frozen=True)
class Tally:
    """Counts for the progress display: ``done`` of ``total`` inputs, ``skipped`` of them reused."""

    total: int
    done: int = 0
    ok: int = 0
    checks_failed: int = 0
    errors: int = 0
    skipped: int = 0
    """Inputs finished by an earlier run and reused."""
    ignored: int = 0
    """Files that are not reports (by their extension) and were not read."""

    def add(self, outcome: Outcome, skipped: bool = False) -> Tally:
        return replace(
            self,
            done=self.done + 1,
            ok=self.ok + (outcome.status == OK),
            checks_failed=self.checks_failed + (outcome.status == CHECKS_FAILED),
            errors=self.errors + (outcome.status in (ERROR, INTERNAL_ERROR)),
            skipped=self.skipped + skipped,
            ignored=self.ignored + (outcome.status == SKIPPED),
        )


def collect_inputs(
    roots: Sequence[Path], out: Path, include: Sequence[str] = (), exclude: Sequence[str] = ()
) -> tuple[list[Input], list[Outcome]]:
    """Every regular file under ``roots`` to convert, and those left out, named relative to their root.

    A folder's files are named relative to the folder (``a/b/report.docx``); a file given
    directly by its own name. With several roots, each folder's files are prefixed by the
    folder's name so that names stay unique. Hidden files and folders (a name starting with
    ``.``) and the output folder are never inputs. Of the others, a file is converted when its
    extension is a report's (:data:`REPORT_EXTENSIONS`; the content then decides the format) or
    it matches an ``include`` glob, and it matches no ``exclude`` glob; every other file is a
    ``skipped`` outcome saying why, so that a download folder's spreadsheets and images are
    accounted for without failing the run. Globs match the relative name (``**/*.xls``) or the
    file name alone (``*.json``).
    """
    out_resolved = out.resolve()
    found: dict[str, Input] = {}
    for root in roots:
        if not root.exists():
            raise UnreadableInput(f"{root}: no such file or folder")
        if root.is_file():
            _add(found, Input(root, root.name))
            continue
        prefix = f"{root.resolve().name}/" if len(roots) > 1 else ""
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and (here / d).resolve() != out_resolved)
            for name in sorted(files):
                path = here / name
                if name.startswith(".") or not path.is_file():
                    continue
                _add(found, Input(path, prefix + path.relative_to(root).as_posix()))
    inputs: list[Input] = []
    skipped: list[Outcome] = []
    for item in sorted(found.values(), key=lambda i: i.rel):
        reason = _left_out(item, include, exclude)
        if reason is None:
            inputs.append(item)
        else:
            skipped.append(Outcome(item.rel, None, SKIPPED, reason, "", 0.0, None))
    return inputs, skipped


def _add(found: dict[str, Input], item: Input) -> None:
    """Record an input; the same file reached twice is one input, two files with one name an error."""
    if item.rel in found and found[item.rel].path.resolve() == item.path.resolve():
        return
    if item.rel in found:
        raise BulkUsageError(f"{item.path} and {found[item.rel].path} would both be named {item.rel!r} in the output")
    found[item.rel] = item


def _matches(rel: str, patterns: Sequence[str]) -> str | None:
    name = rel.rsplit("/", 1)[-1]
    return next((p for p in patterns if fnmatch.fnmatchcase(rel, p) or fnmatch.fnmatchcase(name, p)), None)


def _left_out(item: Input, include: Sequence[str], exclude: Sequence[str]) -> str | None:
    """Why an input is not converted, or None when it is."""
    excluded = _matches(item.rel, exclude)
    if excluded:
        return f"excluded by --exclude {excluded}"
    ext = item.path.suffix.lower().lstrip(".")
    if ext in REPORT_EXTENSIONS or _matches(item.rel, include):
        return None
    return f"not a report format (.{ext}); --include '*.{ext}' if such files are reports under another name"


def journal_line(outcome: Outcome) -> str:
    """One journal line. ASCII escapes, so that a file name that is not UTF-8 comes back as it was.

    vars(), not asdict(): asdict deep-copies the nested facts, on the parent's hot path.
    """
    return json.dumps(vars(outcome), ensure_ascii=True, sort_keys=True) + "\n"


def load_journal(path: Path) -> dict[str, Outcome]:
    """The last outcome recorded for each input; a line torn by a kill mid-write is ignored."""
    if not path.exists():
        return {}
    outcomes: dict[str, Outcome] = {}
    for line in path.read_text("utf-8", errors="replace").splitlines():
        try:
            outcome = Outcome(**json.loads(line))
        except (ValueError, TypeError):
            continue
        outcomes[outcome.path] = outcome
    return outcomes


def fragment(out: Path, json_name: str) -> Path:
    """Where a report's share of the summary files waits for them (written by its worker).

    The fragment is the report's line of reports.jsonl, a line with the byte lengths of the
    sections that follow (its rows of facts.csv, values.csv, reports.csv and checks.csv), then
    those sections: :func:`split_fragment` reads it back.
    """
    return out / CACHE / (json_name + ".part")


def split_fragment(data: bytes) -> list[bytes]:
    """A fragment's parts: its reports.jsonl line, then one part per section.

    Raises ValueError when it is not whole (cut short by a kill or a power cut, or written by an
    older version that had fewer sections): the input is then converted again.
    """
    first = data.index(b"\n") + 1
    second = data.index(b"\n", first) + 1
    lengths = json.loads(data[first:second])
    if not isinstance(lengths, list) or len(lengths) != SECTIONS or not all(isinstance(n, int) for n in lengths):
        raise ValueError("not a fragment")
    parts, pos = [data[:first]], second
    for length in lengths:
        parts.append(data[pos : pos + length])
        pos += length
    if pos != len(data):
        raise ValueError("fragment cut short")
    return parts


SECTIONS = 4
"""facts.csv, values.csv, reports.csv, checks.csv."""


def stale(outcome: Outcome) -> bool:
    """Whether an outcome was produced by another version of the tool or of the template."""
    return (outcome.version, outcome.template) != producer()


def reusable(outcome: Outcome | None, item: Input, out: Path) -> bool:
    """Whether a recorded outcome still holds: same content and producer, its files whole and in place.

    Per-report files are not fsynced (see :mod:`gi_extract.bulk`), so after a power cut one may
    exist but be empty or cut short: it must parse (the JSON) or end its last line (the
    fragments), or the input is converted again.
    """
    if outcome is None or not outcome.finished or stale(outcome):
        return False
    if outcome.json is not None:
        try:
            json.loads((out / outcome.json).read_bytes())
            split_fragment(fragment(out, outcome.json).read_bytes())
        except (OSError, ValueError):
            return False
    try:
        return sha256_of(item.path) == outcome.sha256
    except OSError:
        return False


def remove_stale_temp_files(out: Path) -> None:
    """Delete the half-written temporary files a killed run leaves (``.<name>.<random>.tmp``)."""
    for tmp in out.rglob(".*.tmp"):
        tmp.unlink(missing_ok=True)
