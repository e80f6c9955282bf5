"""Program metrics for the Corporate Modified Work Committee (see docs/metrics.md).

One module a job:
- `records.py`: the plain case records the figures are computed from (no SQL, no Slack);
- `figures.py`: every metric, as a pure function of records, a period and a calendar;
- `cells.py`: small-cell suppression and the folding of small divisions into "other";
- `load.py`: the one adapter that reads records from the store;
- `charts.py`: the PNG charts (matplotlib, imported lazily);
- `report.py`: who may see the figures, and the message that carries them;
- `monthly.py`: the committee's monthly report, claimed once across processes;
- `post.py`: the one place that uploads a report's charts to Slack;
- `export.py`: the CSV export; `cli.py`: `rtwbot metrics`;
- `seed.py`: a year of plausible cases, for the demo, the benchmark and the tests.
"""
