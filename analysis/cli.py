"""The command line: ``python -m analysis <command>``.

Each command is one ``add_parser`` block in ``build_parser`` whose ``handler`` takes the parsed
arguments and returns the exit status. ``validate`` exits 0 when the data is valid, 1 when it
breaks a rule (every problem is listed, no traceback) and 2 when a file is missing or the
command line is wrong.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from analysis import paths
from analysis.errors import DataValidationError, ParameterError, Problem
from analysis.report import runner as report_runner

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand; each sets ``handler``."""
    parser = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Curated timeline of the 2025-2026 anti-ICE protests in Los Angeles.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate",
        help="check events.csv, sources.csv and places.csv against the data dictionary",
        description="Check the curated CSVs and list every problem (file, row, column, rule).",
    )
    validate.add_argument(
        "events",
        nargs="?",
        type=Path,
        default=paths.EVENTS_CSV,
        metavar="PATH",
        help="events CSV (default: data/events.csv)",
    )
    validate.add_argument(
        "--sources", type=Path, help="sources CSV (default: sources.csv beside PATH, else data/)"
    )
    validate.add_argument(
        "--places", type=Path, help="places CSV (default: places.csv beside PATH, else data/)"
    )
    validate.add_argument(
        "--allow-empty",
        action="store_true",
        help="accept an events file with a header and no rows (refused by default)",
    )
    validate.set_defaults(handler=_validate)

    report = commands.add_parser(
        "report",
        help="execute the report notebooks in reports.yml into reports/ (skips unchanged ones)",
        description="Run the named reports of reports.yml (all by default) with papermill and "
        "publish each as offline HTML in reports/<name>/, plus reports/index.html. Reports "
        "whose data, notebook, code and parameters did not change are skipped.",
    )
    _report_arguments(report)
    report.set_defaults(handler=_report)

    export = commands.add_parser(
        "export",
        help="write the demonstrations in another dataset's layout (ccc: Crowd Counting "
        "Consortium)",
        description="Write the data in the column layout of another protest dataset: with "
        "--format ccc, the demonstrations, one row per locality and day, as the Crowd Counting "
        "Consortium compiles them (README: which fields map loosely).",
    )
    export.add_argument(
        "--format", required=True, choices=["ccc"], help="ccc: Crowd Counting Consortium"
    )
    export.add_argument("path", type=Path, metavar="PATH", help="CSV file to write")
    export.add_argument(
        "--events",
        type=Path,
        default=paths.EVENTS_CSV,
        metavar="EVENTS",
        help="events CSV (default: data/events.csv; sources.csv and places.csv beside it)",
    )
    export.set_defaults(handler=_export)

    changes = commands.add_parser(
        "changes",
        help="list what changed in events.csv, sources.csv and places.csv since a version "
        "(default: the data of the last published reports)",
        description="Print the corrections log: rows added, rows removed and, for each changed "
        "row (by event_id, source_id, place_id), every field's old and new text, between an "
        "older version of the three CSVs and the files as they are now. REV is a git revision "
        "(HEAD, HEAD~3, a commit, a tag) or a data version the report runner recorded. "
        "Without REV: the data version of the newest report published from these files, read "
        "from the snapshot the runner keeps in REPORTS_DIR/_data/ (exactly the bytes that were "
        "published, and it works without git history); if that snapshot is missing, from the "
        "git commit whose files have that data version. Exit status 0 when the log was "
        "printed, 1 when a CSV cannot be compared, 2 for an unknown revision or no version "
        "to compare with.",
    )
    changes.add_argument(
        "revision", nargs="?", metavar="REV", help="git revision or recorded data version"
    )
    changes.add_argument(
        "--data",
        type=Path,
        default=paths.DATA_DIR,
        metavar="DIR",
        help="folder of the current events.csv, sources.csv and places.csv (default: data/)",
    )
    changes.add_argument(
        "--reports-dir",
        type=Path,
        default=paths.REPORTS_DIR,
        metavar="DIR",
        help="where the published reports and their data snapshots are (default: reports/)",
    )
    changes.set_defaults(handler=_changes)

    # More commands go here: commands.add_parser(...) and .set_defaults(handler=...).
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status (``argv`` defaults to ``sys.argv``)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse has printed the usage error or the help
        return int(stop.code or 0)
    try:
        return int(args.handler(args))
    except BrokenPipeError:  # e.g. `python -m analysis report --list | head`: the reader left
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _beside(events: Path, name: str, default: Path) -> Path:
    """``name`` in the folder of ``events`` if it exists there, else the project's file."""
    sibling = events.parent / name
    return sibling if sibling.exists() else default


def _validate(args: argparse.Namespace) -> int:
    # Imported here, not at the top: pandas and pyarrow cost most of a second, and
    # `python -m analysis report` with nothing to do must not pay for them.
    from analysis.data.load import data_version
    from analysis.data.validate import validate_dataset

    events = args.events
    sources = args.sources or _beside(events, "sources.csv", paths.SOURCES_CSV)
    places = args.places or _beside(events, "places.csv", paths.PLACES_CSV)
    missing = [str(p) for p in (events, sources, places) if not p.is_file()]
    if missing:
        print(f"error: file not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        data = validate_dataset(events, sources, places, allow_empty=args.allow_empty)
    except DataValidationError as err:
        print(format_problems(err.problems, order=[events, sources, places]))
        return EXIT_INVALID
    version = data_version([events, sources, places])
    print(
        f"OK: {len(data.events)} events, {len(data.sources)} sources, {len(data.places)} places "
        f"valid (data version {version})"
    )
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    """Run ``export``: load and check the data, write the layout; one-line errors."""
    from analysis.data.load import load_dataset
    from analysis.publish.ccc import write_ccc

    events = args.events
    sources = _beside(events, "sources.csv", paths.SOURCES_CSV)
    places = _beside(events, "places.csv", paths.PLACES_CSV)
    missing = [str(p) for p in (events, sources, places) if not p.is_file()]
    if missing:
        print(f"error: file not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    target = args.path.resolve()
    if target in {p.resolve() for p in (events, sources, places)}:
        print(f"error: {args.path} is one of the input files; write elsewhere", file=sys.stderr)
        return EXIT_USAGE
    try:
        dataset = load_dataset(events, sources, places)
    except DataValidationError as err:
        print(format_problems(err.problems, order=[events, sources, places]))
        return EXIT_INVALID
    try:
        written = write_ccc(dataset, args.path)
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return EXIT_USAGE
    print(f"Wrote the demonstrations in the Crowd Counting Consortium's layout to {written}")
    return EXIT_OK


def _changes(args: argparse.Namespace) -> int:
    """Run ``changes``: find the old version, compare, print the log; one-line errors."""
    from analysis.data import changes as log
    from analysis.report import snapshots

    files = [args.data / name for name, _ in log.TABLES]
    missing = [str(p) for p in files if not p.is_file()]
    if missing:
        print(f"error: file not found: {', '.join(missing)}", file=sys.stderr)
        return EXIT_USAGE
    try:
        old, label = _old_version(args.revision, files, args.reports_dir)
        new = log.decode(log.read_files(files), str(args.data))
    except log.ChangesError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    try:
        found = log.diff_versions(
            log.decode(old, label),
            new,
            old_label=label,
            new_label=f"the files in {args.data} (data version {snapshots.fingerprint_of(files)})",
        )
    except log.ChangesError as err:
        print(f"error: {err}", file=sys.stderr)
        return EXIT_INVALID
    print(log.format_changes(found))
    return EXIT_OK


def _old_version(
    revision: str | None, files: Sequence[Path], reports_dir: Path
) -> tuple[dict[str, bytes | None], str]:
    """The older files to compare with, and how to name them (see ``changes --help``)."""
    from analysis.data import changes as log
    from analysis.report import snapshots

    if revision is None:
        version = snapshots.latest_published_version(reports_dir, files)
        if version is None:
            raise log.ChangesError(
                f"no report in {reports_dir} was published from these files, so there is no "
                "default version to compare with; give a git revision (e.g. HEAD) or run "
                "`python -m analysis report` first"
            )
        revision_label = f"data version {version} (the last published reports)"
    else:
        version, revision_label = revision, f"data version {revision}"
    snapshot = snapshots.find_snapshot(reports_dir, version)
    if snapshot is not None:
        texts = snapshots.read_snapshot(snapshot)
        return {k: v.encode("utf-8") for k, v in texts.items()}, revision_label
    if revision is None:
        commit = log.commit_of_version(version, files)
        if commit is None:
            raise log.ChangesError(
                f"the data of version {version} (the last published reports) is neither in "
                f"{snapshots.snapshot_file(reports_dir, version)} nor in a git commit; "
                "give a git revision to compare with"
            )
        return log.read_at_revision(commit, files), f"{revision_label}, git commit {commit[:10]}"
    commit = log.resolve_revision(revision, Path(files[0]).resolve().parent)
    return log.read_at_revision(commit, files), f"git revision {revision} ({commit[:10]})"


def format_problems(problems: Sequence[Problem], order: Sequence[Path] = ()) -> str:
    """A readable report: problems grouped by file, by row within a file.

    Parameters
    ----------
    problems : sequence of Problem
        As carried by ``DataValidationError.problems``.
    order : sequence of Path, optional
        The order in which to list files (others follow in order of appearance).

    Returns
    -------
    str
        One heading per file, one line per problem, and a closing count. Counts include the
        rows that a summary line stands for ("N more rows break this rule").
    """
    from analysis.data.columns import unlisted

    files: dict[str, list[Problem]] = {str(p): [] for p in order}
    for problem in problems:
        files.setdefault(problem.file, []).append(problem)
    lines = []
    total = 0
    for file, found in files.items():
        if not found:
            continue
        count = sum(unlisted(p) or 1 for p in found)
        total += count
        lines.append(f"{file}: {_count(count, len(found))}")
        for problem in sorted(found, key=_position):
            lines.append("  " + _line(problem))
    shown = sum(1 for found in files.values() if found)
    lines.append(f"FAILED: {_count(total)} in {shown} file{'s' if shown != 1 else ''}")
    return "\n".join(lines)


def _count(n: int, lines: int | None = None) -> str:
    counted = f"{n:,} problem{'s' if n != 1 else ''}"
    summarised = lines is not None and lines != n
    return counted + (f" (some summarised; {lines:,} lines below)" if summarised else "")


def _position(problem: Problem) -> tuple[int, int]:
    """File-level problems first, then by row; summaries of unlisted rows last."""
    if problem.row is not None:
        return (1, problem.row)
    return (0, 0) if problem.column is None else (2, 0)


def _line(problem: Problem) -> str:
    where = []
    if problem.row is not None:
        where.append(f"row {problem.row}")
    if problem.column is not None:
        where.append(f"column {problem.column}")
    place = ", ".join(where) or "file"
    value = "" if problem.value is None else f" (value: {_short(problem.value)!r})"
    return f"{place}: [{problem.rule}] {problem.message}{value}"


def _short(text: str, width: int = 80) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def parse_parameter_value(text: str) -> Any:
    """Read a ``-p`` value as YAML, like ``papermill -y``: lists, numbers, null, strings.

    Text that YAML would read as a mapping (a title such as "Raids: June") stays text.
    """
    import yaml

    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError):  # ValueError: "2025-13-01" looks like a bad date
        return text
    return text if isinstance(value, dict) else value


def _report_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``report`` subcommand's arguments to ``parser``."""
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help="reports from reports.yml (default: all)"
    )
    parser.add_argument("--force", action="store_true", help="rerun even unchanged reports")
    parser.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="reports to execute at once (default: number of CPU cores); given, it is also "
        "each report's share of processes for its article exports",
    )
    parser.add_argument(
        "--list", action="store_true", help="list the catalogue's reports and their state"
    )
    parser.add_argument(
        "--reports-dir",
        type=Path,
        default=paths.REPORTS_DIR,
        metavar="DIR",
        help="where to write the reports (default: reports/)",
    )
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        metavar="FILE",
        help="report catalogue (default: reports.yml)",
    )
    parser.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="override a parameter of the one named report; VALUE is read as YAML "
        "(e.g. -p cities '[Los Angeles]' -p start_date 2025-06-01)",
    )
    parser.add_argument(
        "--as",
        dest="as_name",
        default=None,
        metavar="NAME",
        help="publish the overridden run as reports/NAME instead of the catalogue's name",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=None,
        metavar="SECONDS",
        help="seconds one notebook cell may run (default: 600)",
    )


def _report(args: argparse.Namespace) -> int:
    """Run the ``report`` subcommand; print a one-line error (no traceback) for bad input."""
    try:
        if args.list:
            return report_runner.list_reports(args.reports_dir, args.catalogue)
        if args.jobs is not None and args.jobs < 1:
            raise ParameterError("--jobs must be at least 1")
        return report_runner.run_reports(
            args.names,
            force=args.force,
            jobs=args.jobs,
            reports_dir=args.reports_dir,
            catalogue_path=args.catalogue,
            overrides={name: parse_parameter_value(value) for name, value in args.param},
            as_name=args.as_name,
            cell_timeout=args.timeout,
        )
    except ParameterError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    except OSError as err:  # a file the runner could not read or write: name it, no traceback
        where = f"{err.filename}: " if err.filename else ""
        print(f"error: {where}{err.strerror or err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted; published reports were left as they were", file=sys.stderr)
        return 130
