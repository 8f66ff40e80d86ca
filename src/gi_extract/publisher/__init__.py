"""Who published a report: where the agency sits and how its name is known across years.

:mod:`.regions` reads province, prefecture, county and the GB/T 2260 code from an agency's name
(the bundled ``regions.tsv``); :mod:`.agencies` gives one key and id per agency however its name
is printed. Below the pipeline's later stages on purpose: metadata (an agency named only in the
body), the cross-report checks (the same agency in consecutive years) and the datasets all use
them, and none of those should reach up into another to get them.
"""
