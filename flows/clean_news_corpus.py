"""The Prefect flow ``clean-news-corpus``: wiring only.

Each task calls one stage of ``newsclean``; the stages know nothing of
Prefect.  Files are batched into tasks (``files_per_batch``) because Prefect's
per-task overhead is milliseconds, far more than a small file's work.
The texts never pass through the flow's process: ingest's workers write
them to a ``RowStore`` under ``<out>/cache/scratch`` and the tables carry
``stored_at`` (newsclean.runtime.rowstore).  Dedup runs
in one task over the whole run (its LSH index is global); its map / group /
components steps are separate functions in ``newsclean.stages.dedup.near`` for the
distributed version.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal

from newsclean.core.config import Dedup, Layout, Limits, Quality, Settings, check_folders
from newsclean.core.schema import QUARANTINE_REASONS, QUARANTINE_ROWS
from newsclean.outputs.account import Accounting, account
from newsclean.outputs.card import dataset_card
from newsclean.outputs.health import compare, load_history, outlet_stats, write_stats
from newsclean.outputs.publish import RunInfo, current_articles, current_release, final_tables, publish, sidecar_tables
from newsclean.outputs.report import (
    changes,
    file_lists,
    previous_summary,
    report_data,
    summary_markdown,
    write_run_report,
)
from newsclean.outputs.validate import ValidationReport, import_gx, validate_tables
from newsclean.runtime import progress
from newsclean.runtime.cache import FileCache
from newsclean.runtime.lock import RunLock
from newsclean.runtime.memory import release_free_memory
from newsclean.runtime.parallel import Workers
from newsclean.runtime.rowstore import RowStore, scratch_folder, with_locator
from newsclean.stages.dataset_splits import assign_splits
from newsclean.stages.dedup import deduplicate_stored
from newsclean.stages.discover import SELECTED_OUT, Discovery, RawFile, discover, in_batches
from newsclean.stages.per_file import BatchResult, concat_stored_rows, empty_rows, process_files_on
from newsclean.stages.plausible_dates import set_aside_implausible_dates
from newsclean.stages.reliability import tag_reliability_stored, unrated_outlets
from newsclean.stages.reliability.providers import SourceRatings
from newsclean.stages.sources import apply_sources
from newsclean.stages.versions import Ledger, supersede_same_url, superseded


def start_api_while_gx_loads(quiet: bool = False) -> None:
    """Start Prefect's temporary API now, while this process imports great_expectations, for a run in a
    process of its own (the CLI).  Both take seconds (here the API about 5, GX about 2), and the server starts
    in a process of its own, so the import costs nothing; a flow started without this starts the API itself
    on its first call and imports GX at validation.  Does nothing but the import with ``PREFECT_API_URL`` set.
    The server is started from the calling (main) thread, since it dies with the thread that started it
    (``_temporary_api``), and GX is imported in a thread meanwhile.  ``quiet`` discards the server's output.
    """
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        import_gx()
        return
    importing = threading.Thread(target=_import_gx_or_later, name="newsclean-import-gx", daemon=True)
    importing.start()
    try:
        _temporary_api(quiet).start()
    except Exception:  # noqa: BLE001 - the flow's own start of the API tries again and reports the failure
        pass
    finally:
        importing.join()


def _import_gx_or_later() -> None:
    try:
        import_gx()
    except Exception:  # noqa: BLE001 - validation imports it again and reports the failure there
        pass


def _temporary_api(quiet: bool):
    """Prefect's temporary API server, registered where Prefect's client looks for it (SubprocessASGIServer's
    default instance), in a child that dies with this process: Prefect stops its own at exit only, so a kill -9,
    the OOM killer or SIGTERM's default action left it running (about 225 MB) for good."""
    from prefect.server.api.server import SubprocessASGIServer

    class TemporaryAPI(SubprocessASGIServer):
        def _run_uvicorn_command(self) -> subprocess.Popen:
            return _start_uvicorn(self.port, quiet)

    return TemporaryAPI()


def _start_uvicorn(port: int, quiet: bool) -> subprocess.Popen:
    """Prefect 3.8.8's ``SubprocessASGIServer._run_uvicorn_command``, with the server in a session of its own
    (a Ctrl-C at the terminal stops the run, which still records how it ended on the API, not the server),
    killed when this process's main thread ends, and with ``quiet`` its output discarded."""
    import prefect
    from prefect.settings import get_current_settings

    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--app-dir",
            str(prefect.__module_path__.parent),
            "--factory",
            "prefect.server.api.server:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "error",
            "--lifespan",
            "on",
        ],
        env={
            **os.environ,
            "PREFECT_UI_ENABLED": "0",
            "PREFECT__SERVER_EPHEMERAL": "1",
            "PREFECT__SERVER_FINAL": "1",
            **get_current_settings().to_environment_variables(exclude_unset=True),
        },
        preexec_fn=_killed_with(os.getpid()),
        start_new_session=True,
        stdout=output,
        stderr=output,
    )


def _killed_with(parent: int):
    """A ``preexec_fn`` (Linux): the child gets SIGKILL when the thread that started it ends, however it ends;
    it leaves at once if ``parent`` died before that took hold.  None where there is no prctl."""
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    pr_set_pdeathsig, sigkill = 1, int(signal.SIGKILL)

    def preexec() -> None:  # runs in the child between fork and exec: no imports, no locks
        prctl(pr_set_pdeathsig, sigkill)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


class PublicationRefused(RuntimeError):
    """Validation failed: nothing was published.  ``summary`` says why."""

    def __init__(self, summary: dict):
        failures = summary["validation"]["failed"]
        blocking = [f for f in failures if f["severity"] == "critical"]
        super().__init__(
            f"validation failed, nothing published: {len(blocking)} blocking expectation(s) failed: "
            + "; ".join(
                f"{f['expectation']} on {f['table']}.{f['column'] or '*'} ({f['detail']})" for f in blocking[:5]
            )
        )
        self.summary = summary


@task(name="discover", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def discover_task(raw_dir: str, include: tuple[str, ...], exclude: tuple[str, ...]) -> Discovery:
    return discover(raw_dir, include, exclude)


@task(name="ingest-and-split", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2)
def ingest_split_task(
    files: list[RawFile], limits: Limits, cache_dir: str, reuse: bool, workers: Workers, text_part: str
) -> BatchResult:
    # Caching is newsclean's own (newsclean.runtime.cache: content hash + code version, one entry per file), not
    # Prefect's: entries outlive Prefect's result storage and are shared by every run on this output folder.
    result = process_files_on(workers, files, limits, Path(cache_dir), reuse, Path(text_part))
    progress.advance("ingest", len(files))
    return result


@task(name="dedup", cache_policy=NO_CACHE)
def dedup_task(rows: pa.Table, texts: RowStore, scratch: str, settings: Dedup) -> tuple[pa.Table, pa.Table, RowStore]:
    if _on_dask_worker():  # a Dask worker process is daemonic and may not start dedup's own process pool
        settings = replace(settings, workers=1)
    return deduplicate_stored(rows, texts, Path(scratch), settings)


def _on_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


@task(name="reliability", cache_policy=NO_CACHE)
def reliability_task(
    articles: pa.Table, ratings: SourceRatings, store: RowStore, folder: str, workers: int
) -> tuple[pa.Table, RowStore]:
    return tag_reliability_stored(articles, ratings, store, Path(folder), workers)


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(
    tables: dict[str, pa.Table],
    expectations_dir: str,
    run: RunInfo,
    quality: Quality,
    reports_dir: str,
    stores: tuple[RowStore, ...],
) -> ValidationReport:
    return validate_tables(
        tables, expectations_dir, run.started, quality, reports_dir, run.run_id, quality.keep_validations, stores
    )


@task(name="publish", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def publish_task(
    tables: dict[str, pa.Table],
    out_dir: str,
    run: RunInfo,
    manifest: dict,
    keep: int,
    sidecars: dict[str, pa.Table],
    card: str,
    layout: Layout,
    stores: tuple[RowStore, ...],
    grace_seconds: float,
) -> str:
    return str(publish(tables, out_dir, run, manifest, keep, sidecars, card, layout, stores, grace_seconds))


def _summary(
    settings: Settings,
    run: RunInfo,
    found: Discovery,
    accounting: Accounting,
    quarantine: pa.Table,
    validation: ValidationReport,
    ratings: SourceRatings,
    articles: pa.Table,
) -> dict:
    reasons = Counter(quarantine.column("reason").to_pylist())
    return {
        "run_id": run.run_id,
        "pipeline_version": run.pipeline_version,
        "started": run.started.isoformat(),
        "raw_dir": str(settings.raw_dir),
        "out_dir": str(settings.out_dir),
        "settings": settings.to_dict(),
        "counts": accounting.as_dict(),
        "conservation": accounting.lines(),
        "quarantine_reasons": {code: reasons[code] for code in QUARANTINE_REASONS if reasons[code]},
        "ignored": [asdict(i) for i in found.ignored],
        "validation": validation.as_dict(),
        "rating_providers": [p.name for p in ratings.providers],
        # Only worth reading when a table is configured: without one every outlet is unrated.
        "unrated_outlets": unrated_outlets(articles) if ratings.providers else [],
        "published": False,
        "release": None,
    }


class LostFile(RuntimeError):
    """A file the dataset holds is gone from the raw folder, and so are its cached results."""


class EmptyInput(RuntimeError):
    """Nothing to read (an empty raw folder, or every file gone and pruned) while the current release holds
    articles: an empty release would replace it.  ``--allow-empty`` publishes it anyway."""


# Ctrl-C, and SIGTERM: Prefect's engine raises TerminationSignal for it while a flow runs.
INTERRUPTIONS = (KeyboardInterrupt, TerminationSignal)


class Interruption:
    """Follows the run (the stage it is in, the counts known so far) so that a run stopped by Ctrl-C or SIGTERM
    still leaves a report, as every run does: one marked ``interrupted``, written while the run holds the lock.
    The summary goes to the caller on the exception (``summary``, as with PublicationRefused)."""

    def __init__(self, settings: Settings, run: RunInfo, stopwatch: progress.Stopwatch):
        self.settings, self.run, self.stopwatch = settings, run, stopwatch
        self.stage: str | None = None
        self.stage_done: dict[str, list] = {}
        self.counts: dict[str, int] = {}

    def start(self, stage: str, total: int | None) -> None:
        self.stage = stage
        self.stage_done[stage] = [0, total]

    def advance(self, stage: str, amount: int) -> None:
        if stage in self.stage_done:
            self.stage_done[stage][0] += amount

    def finish(self, stage: str) -> None:
        pass

    def known(self, **counts: int) -> None:
        self.counts.update(counts)

    def summary(self, exc: BaseException) -> dict:
        done, total = self.stage_done.get(self.stage, [None, None])
        return {
            "run_id": self.run.run_id,
            "pipeline_version": self.run.pipeline_version,
            "started": self.run.started.isoformat(),
            "raw_dir": str(self.settings.raw_dir),
            "out_dir": str(self.settings.out_dir),
            "settings": self.settings.to_dict(),
            "interrupted": True,
            "signal": signal.Signals(getattr(exc, "signal", signal.SIGINT)).name,
            "stage": self.stage,
            "stage_progress": {"done": done, "total": total},
            "counts": dict(self.counts),
            "conservation": [],
            "validation": {"evaluated": 0, "success": False, "failed": []},
            "published": False,
            "release": None,
            "stage_seconds": dict(self.stopwatch.seconds),
        }

    def __enter__(self) -> Interruption:
        progress.subscribe(self)
        return self

    def __exit__(self, kind, exc, traceback) -> None:
        progress.unsubscribe(self)
        if isinstance(exc, INTERRUPTIONS):
            exc.summary = self.summary(exc)
            try:
                exc.summary["report"] = str(write_run_report(exc.summary, self.settings.out_dir) / "summary.md")
            except OSError:  # out of space, say: the run is stopping all the same
                pass


@flow(name="clean-news-corpus", log_prints=True)
def clean_news_corpus(
    raw_dir: str | None = None,
    out_dir: str | None = None,
    config: dict | None = None,
    full: bool = False,
    prune: bool = False,
    allow_empty: bool = False,
) -> dict:
    """Raw news text under ``raw_dir`` -> validated Parquet tables under ``out_dir``.

    ``config`` holds the settings of a newsclean TOML file (see README); the
    two folders, when given, override it.  Incremental by default: the
    per-file work of unchanged files is read back from the cache, files gone
    from the raw folder keep their rows unless ``prune``, and a changed
    file's old articles become ``superseded`` rows.  ``full`` rebuilds from
    scratch.  Returns the run summary; raises PublicationRefused when
    validation fails, and EmptyInput when there is no file to read but the
    current release holds articles, unless ``allow_empty``.
    """
    logger = get_run_logger()
    settings = Settings.from_dict(config or {}).with_paths(raw_dir, out_dir)
    check_folders(settings)  # before any work: an output folder overlapping the raw one is refused
    ratings = SourceRatings.load(settings.reliability.files())  # a bad rating file stops the run before any work
    run = RunInfo.new()
    stopwatch = progress.Stopwatch()
    progress.subscribe(stopwatch)
    # One run at a time per output folder: the lock covers the cache, the release and the reports.
    # The run's texts live in a RowStore under scratch, out of this process, and go with the run.
    # A run stopped by a signal writes its report first (Interruption).
    with (
        RunLock(settings.out_dir, settings.lock_wait),
        scratch_folder(settings.out_dir / "cache" / "scratch") as scratch,
        Interruption(settings, run, stopwatch) as interruption,
    ):
        cache = FileCache(settings.out_dir / "cache" / "files", settings.limits)
        cache.clear_partial()  # what a killed run's writers left

        progress.start("discover")
        found = discover_task(str(settings.raw_dir), settings.discover.include, settings.discover.exclude)
        progress.finish("discover")
        ledger = Ledger({}) if full else Ledger.read(settings.out_dir)
        deleted = ledger.deleted(found.files)
        # a file of the release that the [discover] patterns now leave out goes from it, as --prune removes a file
        # gone from the folder: it is there, the user chose not to read it
        left_out = {i.source_file for i in found.ignored if i.reason in SELECTED_OUT}
        removed = deleted if prune else [f for f in deleted if f.source_file in left_out]
        kept = [f for f in deleted if f not in removed]
        lost = [f.source_file for f in kept if not cache.holds(f.source_file, f.sha256)]
        if lost:
            raise LostFile(
                f"{len(lost)} file(s) of the published dataset are gone from {settings.raw_dir} and from the "
                f"cache, e.g. {lost[:3]}: restore them, or run with --prune to remove their rows"
            )
        files = sorted(found.files + kept, key=lambda f: f.source_file)
        if not files and not allow_empty and (held := current_articles(settings.out_dir)):
            raise EmptyInput(
                f"nothing to read in {settings.raw_dir} ({len(found.ignored)} path(s) ignored"
                + (f", {len(removed)} file(s) of the release gone and pruned or left out" if removed else "")
                + f"), while the current release {current_release(settings.out_dir)} holds {held} articles: publishing "
                "would replace it with an empty one, so nothing was published; check the raw folder (a missing "
                "mount?), or run with --allow-empty to publish an empty release"
            )
        interruption.known(files_discovered=len(files), files_ignored=len(found.ignored))

        progress.start("ingest", len(files))
        batches = in_batches(files, settings.files_per_batch, settings.bytes_per_batch)
        text_parts = [str(scratch / "texts" / f"part-{k:05d}.arrow") for k in range(len(batches))]
        with Workers(settings.workers, len(batches), 1) as workers:
            futures = ingest_split_task.map(
                batches,
                unmapped(settings.limits),
                unmapped(str(cache.folder)),
                unmapped(not full),
                unmapped(workers),
                text_parts,
            )
            parts: list[BatchResult] = [future.result() for future in futures]
        progress.finish("ingest")
        rows = with_locator(concat_stored_rows([p.rows for p in parts]))
        # before dedup: its keep rules and supersede_same_url read published / modified
        rows = set_aside_implausible_dates(rows, run.started)
        rows = apply_sources(rows, settings.sources)  # before dedup and reliability: both read the outlet
        texts = RowStore.of_parts([p.stored for p in parts], empty_rows().select(["text"]).schema)
        quarantine = pa.concat_tables([QUARANTINE_ROWS.empty_table()] + [p.quarantine for p in parts])
        segments = {name: n for p in parts for name, n in p.segments.items()}
        processed, reused = sum(p.processed for p in parts), sum(p.reused for p in parts)
        interruption.known(documents_segmented=sum(segments.values()), quarantined_rows=quarantine.num_rows)
        del futures, parts  # the rows live on in `rows` only: at a million articles every copy is gigabytes
        release_free_memory()

        progress.start("dedup")
        articles, duplicates, stored = dedup_task(rows, texts, str(scratch / "stripped"), settings.dedup)
        del rows
        texts.remove()  # dedup's output store holds the texts from here on
        release_free_memory()
        articles, duplicates = supersede_same_url(articles, duplicates, stored)
        interruption.known(articles=articles.num_rows, duplicates=duplicates.num_rows)
        progress.finish("dedup")
        progress.start("reliability")
        articles, signals = reliability_task(articles, ratings, stored, str(scratch / "signals"), settings.workers)
        articles = assign_splits(articles, settings.splits)
        stores = (stored, signals)
        progress.finish("reliability")
        changed = ledger.changed(found.files)
        history = (
            superseded(
                settings.out_dir, changed, {f.source_file for f in removed}, articles, duplicates, run.run_id, stored
            )
            if not full
            else None
        )

        quarantine = quarantine.sort_by([("source_file", "ascending"), ("segment_index", "ascending")])
        file_level = quarantine.filter(pc.is_null(quarantine.column("segment_index")))
        accounting = account(
            discovered=[f.source_file for f in files],
            segments_per_file=segments,
            quarantined_files=file_level.column("source_file").to_pylist(),
            n_articles=articles.num_rows,
            n_duplicates=duplicates.num_rows,
            n_quarantined_documents=quarantine.num_rows - file_level.num_rows,
            n_ignored=len(found.ignored),
        )
        incremental = {
            "mode": "full" if full else "incremental",
            "files_new": len(ledger.new(found.files)),
            "files_changed": len(changed),
            "files_unchanged": sum(1 for f in found.files if ledger.files.get(f.source_file, (None,))[0] == f.sha256),
            "files_deleted_kept": len(kept),
            "files_pruned": len(removed),
            "files_processed": processed,
            "files_from_cache": reused,
            "superseded_versions": history.num_rows if history is not None else 0,
        }
        for line in accounting.lines():
            logger.info("conservation: %s", line)

        tables = final_tables(articles, duplicates, quarantine, run, history)
        signatures = sidecar_tables(articles)
        del articles, duplicates  # the published tables are their (sorted) copies
        release_free_memory()
        reports_dir = settings.out_dir / "reports"
        progress.start("validate")
        validation = validate_task(
            tables, str(settings.expectations_dir), run, settings.quality, str(reports_dir), stores
        )
        progress.finish("validate")
        release_free_memory()
        summary = _summary(settings, run, found, accounting, quarantine, validation, ratings, tables["articles"])
        summary["incremental"] = incremental
        stats = outlet_stats(tables["articles"])
        summary["outlet_health"] = compare(
            stats, load_history(reports_dir, run.run_id, settings.quality.health_runs), settings.quality
        )
        write_stats(stats, reports_dir / run.run_id)
        for warning in summary["outlet_health"]:
            logger.warning("outlet health: %s", warning["message"])
        summary["changes"] = changes(summary, previous_summary(reports_dir, run.run_id))

        if validation.success:
            progress.start("publish")
            manifest = {**summary, "published": True, "release": run.run_id}
            sidecars = {
                **signatures,
                "ledger": ledger.table(files, run.run_id, present={f.source_file for f in found.files}),
            }
            summary["release"] = publish_task(
                tables,
                str(settings.out_dir),
                run,
                manifest,
                settings.keep_releases,
                sidecars,
                dataset_card(tables, summary),
                settings.layout,
                stores,
                settings.release_grace_seconds,
            )
            summary["published"] = True
            progress.finish("publish")
        progress.unsubscribe(stopwatch)
        summary["stage_seconds"] = stopwatch.seconds
        lists = file_lists(tables)
        report_dir = write_run_report(summary, settings.out_dir, report_data(tables, lists), lists)
        summary["report"] = str(report_dir / "summary.md")
        markdown = summary_markdown(summary)
        create_markdown_artifact(markdown=markdown, key="newsclean-run-summary", description="newsclean run summary")
        create_table_artifact(
            table=[{"stage": k, "count": v} for k, v in summary["counts"].items() if isinstance(v, int)],
            key="newsclean-run-counts",
            description="Documents at every stage",
        )
        create_table_artifact(
            table=[
                {
                    "severity": f["severity"],
                    "expectation": f["expectation"],
                    "table": f["table"],
                    "column": f["column"] or "",
                    "detail": f["detail"],
                }
                for f in summary["validation"]["failed"]
            ]
            or [{"result": "every expectation passed"}],
            key="newsclean-validation",
            description="Failed expectations (critical: nothing published; warning: published)",
        )
        create_link_artifact(
            link=(report_dir / "report.html").resolve().as_uri(),
            link_text="newsclean run report (HTML)",
            key="newsclean-run-report",
            description="Self-contained HTML run report with charts",
        )
        if not validation.success:
            raise PublicationRefused(summary)
        return summary


def task_runner_for(cluster: str):
    """``local:N``: a Dask LocalCluster of N worker processes, one thread each; ``tcp://host:port``: that scheduler."""
    from prefect_dask import DaskTaskRunner

    if cluster.startswith("local:") and cluster[6:].isdigit() and int(cluster[6:]) > 0:
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": int(cluster[6:]),
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    if cluster.startswith("tcp://"):
        return DaskTaskRunner(address=cluster)
    raise ValueError(f"--cluster takes local:N or tcp://host:port, not {cluster!r}")


def on_cluster(cluster: str | None):
    """The flow with its tasks on ``cluster`` (see ``task_runner_for``), or as it is without one."""
    return clean_news_corpus.with_options(task_runner=task_runner_for(cluster)) if cluster else clean_news_corpus
