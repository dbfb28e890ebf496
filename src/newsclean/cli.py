"""The ``newsclean`` command.

``newsclean run`` runs the Prefect flow ``clean-news-corpus`` in this process.
Without ``PREFECT_API_URL`` Prefect starts a temporary local API for the run
(about 10 s), so no server is needed; with it, the run is recorded on that
server.  Exit codes: 0 published, 1 validation failed (nothing published),
2 bad usage or configuration, 3 the run failed for another reason, 4 another
run holds the output folder, 130 / 143 stopped by Ctrl-C / SIGTERM (128 + the
signal, as a shell shows it; the run's report is marked interrupted).  Each
ends with a paragraph saying so; tracebacks show with --verbose.
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import signal
import sys
import time
import traceback
import warnings
from datetime import UTC
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsclean import __version__
from newsclean.core.config import ConfigError, check_folders, load_settings
from newsclean.runtime import progress
from newsclean.runtime.lock import LockHeld, RunLock
from newsclean.stages.reliability.providers import SourceRatings

# rich_markup_mode=None: help texts are printed as written ("[schedule]" is a config table, not a markup tag)
app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode=None,
    help="Clean, deduplicate and validate raw news text into Parquet.",
)
# Outside a terminal (cron, a CI log, a pipe) Rich would wrap lines at 80 columns and cut table cells with "…": a
# path must come out whole there, so such a console neither wraps nor cuts.
UNWRAPPED_WIDTH = 10_000
# The folder options several commands share, defined once.
RawOption = Annotated[
    Path | None, typer.Option("--raw", help="Folder of raw files (default: data/raw, or raw_dir in the config).")
]
OutOption = Annotated[
    Path | None, typer.Option("--out", help="Output folder (default: data/processed, or out_dir in the config).")
]


def _console(stderr: bool = False) -> Console:
    """A console for stdout or stderr: Rich's own in a terminal, one that never wraps or cuts a line elsewhere."""
    if Console(stderr=stderr).is_terminal:
        return Console(stderr=stderr, highlight=False)
    return Console(stderr=stderr, width=UNWRAPPED_WIDTH, soft_wrap=True, highlight=False)


console = _console(stderr=True)

EXIT_PUBLISHED, EXIT_VALIDATION, EXIT_USAGE, EXIT_FAILED, EXIT_BUSY = 0, 1, 2, 3, 4
EXIT_SIGNAL = 128  # + the signal that stopped the run: 130 Ctrl-C (SIGINT), 143 SIGTERM

# Prefect and GX phone home by default; a research pipeline must not.
_QUIET_ENVIRONMENT = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "DO_NOT_TRACK": "1",
}


class _RichListener:
    """Draws one progress line per stage from newsclean.runtime.progress events."""

    def __init__(self, bar: Progress):
        self.bar = bar
        # Until the flow's first stage starts, Prefect is starting up (its
        # temporary API takes about ten seconds): show that, not a frozen screen.
        self.tasks: dict[str, tuple[int, int | None]] = {"prefect": (bar.add_task("prefect", total=None), None)}

    def start(self, stage: str, total: int | None) -> None:
        self.finish("prefect")
        self.tasks[stage] = (self.bar.add_task(stage, total=total), total)

    def advance(self, stage: str, amount: int) -> None:
        if stage in self.tasks:
            self.bar.advance(self.tasks[stage][0], amount)

    def finish(self, stage: str) -> None:
        if stage in self.tasks:
            task_id, total = self.tasks[stage]
            self.bar.update(task_id, total=total or 1, completed=total or 1)


def _settings(
    config: Path | None, raw: Path | None = None, out: Path | None = None, ratings: bool = False, folders: bool = False
):
    """The settings, or exit 2 naming what is wrong with the config (or, with ``ratings``, a rating table; with
    ``folders``, raw and output folders that overlap)."""
    try:
        settings = load_settings(config).with_paths(raw, out)
        if ratings:
            SourceRatings.load(settings.reliability.files())  # a malformed rating file is a usage error, named here
        if folders:
            check_folders(settings)
    except ConfigError as exc:
        console.print(f"[red]configuration error:[/red] {escape(str(exc))}")
        raise typer.Exit(EXIT_USAGE) from exc
    return settings


def _load_flow():
    # The flow lives in flows/ (it imports Prefect); this package never does.
    return importlib.import_module("flows.clean_news_corpus")


def _say_busy(error: LockHeld) -> int:
    console.print(f"[red]not started:[/red] {escape(str(error))}", highlight=False)
    return EXIT_BUSY


def _take_lock(settings) -> RunLock:
    """The output folder's lock, taken before Prefect and GX start (seconds, more beside a busy run), so that a
    folder another run holds is refused at once; the flow, run in this thread, takes it again as its own."""
    try:
        return RunLock(settings.out_dir, settings.lock_wait).acquire()
    except LockHeld as exc:
        raise typer.Exit(_say_busy(exc)) from exc
    except OSError as exc:
        console.print(
            f"[red]not started:[/red] cannot take the lock in {escape(str(settings.out_dir))}: {escape(str(exc))}",
            highlight=False,
        )
        raise typer.Exit(EXIT_FAILED) from exc


class _Terminated(KeyboardInterrupt):
    """SIGTERM, raised as Ctrl-C's KeyboardInterrupt is, so that whatever stops on one stops on the other."""

    def __init__(self, signum: int):
        super().__init__(f"signal {signum}")
        self.signal = signum


def _signal_of(exc: BaseException | None) -> int | None:
    """The signal that stopped the run, if one did: KeyboardInterrupt (Ctrl-C, or ``_Terminated``) or the
    TerminationSignal Prefect's engine raises for a SIGTERM while a flow runs (told by name: no Prefect here)."""
    if isinstance(exc, KeyboardInterrupt) or type(exc).__name__ == "TerminationSignal":
        return int(getattr(exc, "signal", signal.SIGINT))
    return None


def _on_signal(signum: int, frame) -> None:
    """Stop the run with an exception, so that the flow writes its report and the lock is released.  Once it is
    stopping for a signal, a second Ctrl-C stops it at once (no report) and a SIGTERM is ignored: Prefect's engine
    sends itself again the SIGTERM it caught, once its flow run is marked crashed."""
    if _signal_of(sys.exc_info()[1]) is not None:
        if signum == signal.SIGINT:
            os._exit(EXIT_SIGNAL + signum)
        return
    raise KeyboardInterrupt if signum == signal.SIGINT else _Terminated(signum)


@contextlib.contextmanager
def _signals_stop_the_run():
    previous = {signum: signal.signal(signum, _on_signal) for signum in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _quiet_prefect_console() -> None:
    """Keep Prefect's error records (an exception's traceback, "Crash detected!", "Finished in state Failed") off
    the console: the CLI says how the run ended in a paragraph of its own, and the Prefect API still records them.
    Not with --verbose."""
    for handler in logging.getLogger().handlers:
        if type(handler).__name__ == "PrefectConsoleHandler":
            handler.addFilter(_not_a_prefect_error)


def _quiet_foreign_warnings() -> None:
    """Libraries' version and deprecation warnings (PySpark's about pandas, which GX imports when it is
    installed) are not the user's business: ignored unless newsclean itself raises them."""
    for category in (FutureWarning, DeprecationWarning):
        warnings.filterwarnings("ignore", category=category, module=r"(?!newsclean\b)")


def _not_a_prefect_error(record: logging.LogRecord) -> bool:
    return record.levelno < logging.ERROR or not record.name.startswith("prefect")


def _run_flow(
    settings, cluster: str | None, full: bool, prune: bool, allow_empty: bool, verbose: bool
) -> tuple[dict | None, BaseException | None]:
    """The flow's summary and, when it did not publish, why (its exception, which may carry a summary)."""
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description:<10}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    ) as bar:
        listener = _RichListener(bar)
        progress.subscribe(listener)
        try:
            if not verbose:
                _quiet_foreign_warnings()
            module = _load_flow()
            if not verbose:
                _quiet_prefect_console()
            module.start_api_while_gx_loads(quiet=not verbose)
            return module.on_cluster(cluster)(
                str(settings.raw_dir),
                str(settings.out_dir),
                settings.to_dict(),
                full=full,
                prune=prune,
                allow_empty=allow_empty,
            ), None
        except BaseException as exc:  # noqa: BLE001 - failures and signals are told apart by _outcome
            if not isinstance(exc, Exception) and _signal_of(exc) is None:
                raise
            return getattr(exc, "summary", None), exc
        finally:
            progress.unsubscribe(listener)


def _outcome(summary: dict | None, error: BaseException | None, elapsed: float, verbose: bool) -> int:
    """Say in one paragraph how the run ended (with --verbose, after the traceback); the exit code."""
    if error is not None and verbose:
        console.print("".join(traceback.format_exception(error)), markup=False, highlight=False)
    signum = _signal_of(error)
    if signum is not None:
        report = (summary or {}).get("report")
        where = f" during {summary.get('stage') or 'start-up'}" if summary else ""
        console.print(
            f"[red]interrupted[/red] by {signal.Signals(signum).name}{where} after {elapsed:.1f} s: "
            "nothing published, the previous release (if any) is untouched"
            + (f"; report, marked interrupted: {escape(str(report))}" if report else ""),
            highlight=False,
        )
        return EXIT_SIGNAL + signum
    if summary is not None:
        console.print(_summary_table(summary))
    if error is None:
        console.print(f"[green]published[/green] {summary['release']} in {elapsed:.1f} s")
        return EXIT_PUBLISHED
    if type(error).__name__ in ("PublicationRefused", "EmptyInput"):
        console.print(f"[red]{escape(str(error))}[/red]", highlight=False)
        return EXIT_VALIDATION
    if isinstance(error, LockHeld):
        return _say_busy(error)
    if isinstance(error, ConfigError):
        console.print(f"[red]configuration error:[/red] {escape(str(error))}", highlight=False)
        return EXIT_USAGE
    hint = "" if verbose else " (--verbose shows the traceback)"
    console.print(
        f"[red]run failed, nothing published:[/red] {type(error).__name__}: {escape(str(error))}{hint}", highlight=False
    )
    return EXIT_FAILED


def _summary_table(summary: dict) -> Table:
    counts = summary["counts"]
    validation = summary["validation"]
    table = Table(title=f"newsclean run {summary['run_id']}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row(
        "files",
        f"{counts['files_discovered']} discovered, {counts['files_segmented']} segmented, "
        f"{counts['files_quarantined']} quarantined, {counts['files_ignored']} ignored",
    )
    table.add_row("documents", str(counts["documents_segmented"]))
    table.add_row("articles", str(counts["articles"]))
    table.add_row("duplicates", str(counts["duplicates"]))
    reasons = ", ".join(f"{k} {v}" for k, v in summary["quarantine_reasons"].items())
    table.add_row(
        "quarantined",
        f"{counts['documents_quarantined']} documents + {counts['files_quarantined']} files"
        + (f" ({reasons})" if reasons else ""),
    )
    table.add_row("conservation", "holds" if counts["holds"] else "VIOLATED")
    failed = validation["failed"]
    verdict = "passed" if validation["success"] else "FAILED"
    warnings = [f for f in failed if f["severity"] != "critical"]
    table.add_row(
        "validation",
        f"{verdict}: {validation['evaluated']} expectations, {len(failed)} failed"
        + (f" ({len(warnings)} warnings)" if warnings else ""),
    )
    # paths are the user's: a '[' in one must not be read as Rich markup
    table.add_row("output", escape(summary["out_dir"]) if summary["published"] else "nothing published")
    table.add_row("report", escape(str(summary.get("html_report") or summary.get("report", "-"))))
    return table


@app.callback(invoke_without_command=True)
def main(version: bool = typer.Option(False, "--version", help="Print the version and exit.")) -> None:
    if version:
        typer.echo(__version__)
        raise typer.Exit()


@app.command()
def run(
    raw: RawOption = None,
    out: OutOption = None,
    config: Path | None = typer.Option(None, "--config", help="TOML settings file (see README, 'Configuration')."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show Prefect's task logs and tracebacks."),
    full: bool = typer.Option(False, "--full", help="Rebuild from scratch: no cached per-file results, no ledger."),
    prune: bool = typer.Option(
        False, "--prune", help="Remove the rows of files gone from the raw folder (kept by default)."
    ),
    allow_empty: bool = typer.Option(
        False,
        "--allow-empty",
        help="Publish even when there is nothing to read and the current release holds articles (refused by default).",
    ),
    cluster: str | None = typer.Option(
        None, "--cluster", help="Run the tasks on Dask: local:N (a LocalCluster of N processes) or tcp://host:8786."
    ),
) -> None:
    """Run the clean-news-corpus flow: discover, ingest, split, dedup, validate, publish (incremental by default)."""
    for key, value in _QUIET_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    if not verbose:
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    settings = _settings(config, raw, out, ratings=True, folders=True)
    if not settings.raw_dir.is_dir():
        console.print(f"[red]raw folder not found:[/red] {settings.raw_dir}")
        raise typer.Exit(EXIT_USAGE)
    lock = _take_lock(settings)
    started = time.monotonic()
    try:
        with _signals_stop_the_run():
            console.print(f"newsclean {__version__}: {settings.raw_dir} -> {settings.out_dir}")
            summary, error = _run_flow(settings, cluster, full, prune, allow_empty, verbose)
    finally:
        lock.release()
    raise typer.Exit(_outcome(summary, error, time.monotonic() - started, verbose))


@app.command()
def serve(
    raw: RawOption = None,
    out: OutOption = None,
    config: Path | None = typer.Option(
        None, "--config", help="TOML settings file; [schedule] names the deployment and its cron."
    ),
    cron: str | None = typer.Option(None, "--cron", help="Cron schedule (default: [schedule] cron)."),
) -> None:
    """Serve the flow as a Prefect deployment on a cron schedule, in this process, until stopped (Ctrl-C, SIGTERM)."""
    for key, value in _QUIET_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    settings = _settings(config, raw, out, ratings=True, folders=True)
    if not os.environ.get("PREFECT_API_URL"):
        console.print(
            "[red]newsclean serve needs a Prefect server:[/red] "
            "start one (prefect server start) and set PREFECT_API_URL"
        )
        raise typer.Exit(EXIT_USAGE)
    module = _load_flow()
    schedule = cron or settings.schedule.cron
    console.print(f"serving {settings.schedule.deployment} ({schedule}): {settings.raw_dir} -> {settings.out_dir}")
    module.clean_news_corpus.serve(
        name=settings.schedule.deployment,
        cron=schedule,
        parameters={"raw_dir": str(settings.raw_dir), "out_dir": str(settings.out_dir), "config": settings.to_dict()},
        description="newsclean: raw news text to a validated, deduplicated, reliability-tagged Parquet dataset",
    )


@app.command()
def inspect(
    file: Path = typer.Argument(..., help="A raw .txt, .txt.gz, .jsonl or .jsonl.gz file."),
    raw_root: Path | None = typer.Option(
        None, "--raw-root", help="Folder that source_file is relative to (default: the file's folder)."
    ),
    config: Path | None = typer.Option(None, "--config", help="TOML settings file (for the limits)."),
) -> None:
    """Show how one raw file is split: every field, the spans, and each line taken out of the body and why.

    Long because it prints one screen top to bottom, field after field; each part is a few lines of output.
    """
    from newsclean.stages.discover import RawFile, sha256_of
    from newsclean.stages.ingest import ingest
    from newsclean.stages.language import add_language
    from newsclean.stages.split import EmptyBody, split_document

    out = _console()
    settings = _settings(config)
    path = file.resolve()
    if not path.is_file():
        console.print(f"[red]not a file:[/red] {file}")
        raise typer.Exit(EXIT_USAGE)
    root = (raw_root or path.parent).resolve()
    try:
        source_file = path.relative_to(root).as_posix()
    except ValueError:
        console.print(f"[red]{path} is not under --raw-root {root}[/red]")
        raise typer.Exit(EXIT_USAGE) from None
    digest, size = sha256_of(str(path))
    raw = RawFile(str(path), source_file, size, digest)
    result = ingest([raw], settings.limits)
    out.print(
        f"[bold]{source_file}[/bold]  sha256 {raw.sha256[:16]}…  {raw.size} bytes  "
        f"{result.segments.get(source_file, 0)} document(s)"
    )
    for row in result.quarantine.to_pylist():
        where = "whole file" if row["segment_index"] is None else f"document {row['segment_index']}"
        out.print(
            f"[red]quarantined[/red] ({where}, stage {row['stage']}): [bold]{row['reason']}[/bold] — {row['detail']}"
        )
    documents = add_language(result.documents).to_pylist()
    for doc in documents:
        trace: list = []
        out.rule(
            f"document {doc['segment_index']} of {doc['n_segments']}: characters {doc['char_start']}–{doc['char_end']}"
        )
        out.print(
            f"encoding {doc['source_encoding']}, mojibake repaired: {doc['mojibake_repaired']}, "
            f"language {doc['language']}{' (mixed)' if doc['mixed_language'] else ''}"
        )
        try:
            row = split_document(
                doc["document"],
                doc["url"],
                doc["meta_title"],
                doc["meta_sitename"],
                doc["meta_date"],
                doc["language"],
                doc["mixed_language"],
                trace=trace,
            )
        except EmptyBody as exc:
            out.print(f"[red]quarantined[/red] (stage split): [bold]empty_body[/bold] — {escape(str(exc))}")
            _print_trace(out, trace)
            continue
        fields = Table(show_header=False, box=None)
        fields.add_column(style="bold")
        fields.add_column(overflow="fold")
        for name in (
            "title",
            "description",
            "section",
            "authors",
            "sitename",
            "source_domain",
            "url",
            "published",
            "published_precision",
            "published_raw",
            "published_source",
            "modified",
            "social_handles",
            "article_type",
            "text_flags",
            "word_count",
        ):
            value = doc.get(name) if name == "url" else row[name]
            fields.add_row(name, "—" if value in (None, []) else str(value))
        out.print(fields)
        _print_trace(out, trace)
        paragraphs = row["text"].split("\n\n")
        out.print(
            f"[bold]text[/bold]: {len(paragraphs)} paragraph(s); "
            f"first: {paragraphs[0][:100]!r}; last: {paragraphs[-1][-100:]!r}"
        )


@app.command()
def report(
    run_id: str | None = typer.Argument(None, help="Run id (default: the newest run, reports/latest)."),
    out: OutOption = None,
    config: Path | None = typer.Option(None, "--config", help="TOML settings file."),
) -> None:
    """Say where a run's report is, and print its summary."""
    import json

    from newsclean.outputs.report import resolve_run, summary_markdown

    settings = _settings(config, None, out)
    try:
        folder = resolve_run(settings.out_dir, run_id)
    except FileNotFoundError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc
    summary = json.loads((folder / "summary.json").read_text(encoding="utf-8"))
    stdout = _console()
    stdout.print(f"report: {folder / 'report.html' if (folder / 'report.html').is_file() else folder / 'summary.md'}")
    docs = settings.out_dir / "reports" / "data_docs" / "index.html"
    if docs.is_file():
        stdout.print(f"Data Docs: {docs}")
    stdout.print(summary_markdown(summary), markup=False)


@app.command()
def validate(
    path: Path = typer.Argument(
        ..., help="A published dataset: an output folder (its current release) or a release folder."
    ),
    config: Path | None = typer.Option(None, "--config", help="TOML settings file (expectations_dir, [quality])."),
) -> None:
    """Re-run the expectation suites on an existing dataset; exit 1 when an error-level expectation fails."""
    import pyarrow.parquet as pq

    from newsclean.core.schema import TABLES
    from newsclean.outputs.validate import SuiteError, validate_tables

    for key, value in _QUIET_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    _quiet_foreign_warnings()
    settings = _settings(config)
    # resolved once: a publish during the check must not give tables of two releases
    folder = Path(os.path.realpath(path / "current")) if (path / "current").exists() else path
    missing = [name for name in TABLES if not (folder / name).is_dir()]
    if missing:
        console.print(f"[red]{folder} is not a newsclean dataset:[/red] no {', '.join(missing)} table")
        raise typer.Exit(EXIT_USAGE)
    tables = {name: pq.read_table(folder / name, schema=schema) for name, schema in TABLES.items()}
    processed = tables["articles"].column("processed_at")
    started = processed[0].as_py() if len(processed) else None
    from datetime import datetime

    try:
        outcome = validate_tables(tables, settings.expectations_dir, started or datetime.now(UTC), settings.quality)
    except SuiteError as exc:
        console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(EXIT_USAGE) from exc
    stdout = _console()
    stdout.print(
        f"{folder}: {len(outcome.outcomes)} expectations, {len(outcome.blocking_failures)} error(s), "
        f"{len(outcome.warnings)} warning(s)"
    )
    for failure in outcome.blocking_failures + outcome.warnings:
        stdout.print(failure.line(), markup=False)
        for row in failure.examples[:3]:
            stdout.print(
                "    example row: " + ", ".join(f"{k}={v}" for k, v in row.items() if v is not None), markup=False
            )
    raise typer.Exit(EXIT_PUBLISHED if outcome.success else EXIT_VALIDATION)


@app.command()
def export(
    dest: Path = typer.Argument(..., help="Folder to write the exported tables to (must not exist)."),
    out: Path | None = typer.Option(
        None, "--out", help="Output folder holding the published dataset (default: data/processed)."
    ),
    ids_only: bool = typer.Option(
        False, "--ids-only", help="Leave out the articles' text: ids, urls, metadata and tags only."
    ),
    config: Path | None = typer.Option(None, "--config", help="TOML settings file."),
) -> None:
    """Copy the current release's tables to DEST as Parquet; --ids-only drops every column that carries article text."""
    import pyarrow.parquet as pq

    from newsclean.core.schema import TABLES, TEXT_COLUMNS

    settings = _settings(config, None, out)
    source = Path(os.path.realpath(settings.out_dir / "current"))  # resolved once: every table of one release
    if not source.is_dir():
        console.print(f"[red]nothing published under {settings.out_dir}[/red]")
        raise typer.Exit(EXIT_USAGE)
    if dest.exists():
        console.print(f"[red]{dest} exists:[/red] export writes a new folder")
        raise typer.Exit(EXIT_USAGE)
    dest.mkdir(parents=True)
    for name in TABLES:
        table = pq.read_table(source / name)
        if ids_only:
            table = table.drop_columns([c for c in TEXT_COLUMNS if c in table.column_names])
        (dest / name).mkdir()
        pq.write_table(table, dest / name / "part-00000.parquet", compression="zstd")
        _console().print(f"{dest / name}: {table.num_rows:,} rows, {table.num_columns} columns")


def _print_trace(out: Console, trace: list) -> None:
    decisions = Table(title="taken out of the body, in the order decided", show_lines=False)
    decisions.add_column("role", style="cyan", no_wrap=True)
    decisions.add_column("line", overflow="fold")
    for role, line in trace:
        decisions.add_row(role, line if len(line) <= 160 else line[:157] + "…")
    out.print(decisions)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(app())
