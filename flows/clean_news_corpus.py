"""The Prefect flow ``clean-news-corpus``: wiring only.

Each step is a stage (``newsclean.pipeline``) or an output function that knows nothing of Prefect; this module
adds the tasks, retries, the task runner and the artifacts.  Files are batched into tasks
(``files_per_batch``) because Prefect's per-task overhead is milliseconds, far more than a small file's work.
The texts never pass through the flow's process: ingest's workers write them to a ``RowStore`` under
``<out>/cache/scratch`` and the tables carry ``stored_at`` (``newsclean.runtime.rowstore``).  Dedup runs in one
task over the whole run (its index is global).
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
from dataclasses import replace
from pathlib import Path

import pyarrow as pa
from prefect import flow, get_run_logger, task, unmapped
from prefect.artifacts import create_link_artifact, create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.exceptions import TerminationSignal

from newsclean.core.config import Dedup, Limits, Quality, Settings, check_folders
from newsclean.outputs import publish as publishing
from newsclean.outputs.card import dataset_card
from newsclean.outputs.interruption import Interruption
from newsclean.outputs.publish import RunInfo, publish, sidecar_tables
from newsclean.outputs.report import summary_markdown
from newsclean.outputs.summary import (
    PublicationRefused,
    account_run,
    add_health_and_changes,
    run_summary,
    sorted_quarantine,
    write_report,
)
from newsclean.outputs.validate import ValidationReport, import_gx, validate_tables
from newsclean.runtime import progress
from newsclean.runtime.cache import FileCache
from newsclean.runtime.lock import RunLock
from newsclean.runtime.memory import release_free_memory
from newsclean.runtime.parallel import Workers
from newsclean.runtime.rowstore import Rows, scratch_folder
from newsclean.stages import dataset_splits, dedup, plausible_dates, reliability, sources, versions
from newsclean.stages.discover import Discovery, RawFile, discover, in_batches
from newsclean.stages.per_file import BatchResult, Ingested, merge_batches, process_files_on, text_parts
from newsclean.stages.plan import EmptyInput, LostFile, RunPlan, plan_run
from newsclean.stages.reliability.providers import SourceRatings

# The names callers catch (the CLI, tests): the run's refusals, raised by the stages and outputs.
__all__ = ["EmptyInput", "LostFile", "PublicationRefused", "clean_news_corpus", "on_cluster"]
publish_stage = publishing.STAGE


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
def dedup_task(rows: Rows, scratch: str, settings: Dedup) -> tuple[Rows, pa.Table]:
    if _on_dask_worker():  # a Dask worker process is daemonic and may not start dedup's own process pool
        settings = replace(settings, workers=1)
    return dedup.STAGE(rows, settings, scratch=Path(scratch))


def _on_dask_worker() -> bool:
    try:
        from distributed import get_worker

        get_worker()
    except (ImportError, ValueError):
        return False
    return True


@task(name="reliability", cache_policy=NO_CACHE)
def reliability_task(articles: Rows, ratings: SourceRatings, folder: str, workers: int) -> Rows:
    return reliability.STAGE(articles, ratings, Path(folder), workers)


@task(name="validate", cache_policy=NO_CACHE)
def validate_task(
    tables: dict[str, pa.Table | Rows], expectations_dir: str, run: RunInfo, quality: Quality, reports_dir: str
) -> ValidationReport:
    return validate_tables(
        tables, expectations_dir, run.started, quality, reports_dir, run.run_id, quality.keep_validations
    )


@task(name="publish", cache_policy=NO_CACHE, retries=1, retry_delay_seconds=2)
def publish_task(
    tables: dict[str, pa.Table | Rows], settings: Settings, run: RunInfo, manifest: dict, sidecars: dict, card: str
) -> str:
    # Only tables and small values as parameters: Prefect walks every parameter (a plan would be an object per
    # raw file).
    release = publish(
        tables,
        settings.out_dir,
        run,
        manifest,
        settings.keep_releases,
        sidecars,
        card,
        settings.layout,
        grace_seconds=settings.release_grace_seconds,
    )
    return str(release)


def _ingest(plan: RunPlan, settings: Settings, cache: FileCache, scratch: Path, reuse: bool) -> Ingested:
    """The per-file chain on every file of the plan, a task per batch, on the run's worker processes."""
    batches = in_batches(plan.files, settings.files_per_batch, settings.bytes_per_batch)
    with progress.stage("ingest", len(plan.files)), Workers(settings.workers, len(batches), 1) as workers:
        futures = ingest_split_task.map(
            batches,
            unmapped(settings.limits),
            unmapped(str(cache.folder)),
            unmapped(reuse),
            unmapped(workers),
            text_parts(scratch, len(batches)),
        )
        return merge_batches([future.result() for future in futures])


# Ctrl-C, and SIGTERM: Prefect's engine raises TerminationSignal for it while a flow runs.
INTERRUPTIONS = (KeyboardInterrupt, TerminationSignal)


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

    ``config`` holds the settings of a newsclean TOML file (see README); the two folders, when given, override
    it.  Incremental by default (``stages.plan``); ``full`` rebuilds from scratch, ``prune`` removes the rows
    of files gone from the raw folder.  Returns the run summary; raises PublicationRefused when validation
    fails, and EmptyInput when there is no file to read but the current release holds articles, unless
    ``allow_empty``.  Wiring only: each step is a stage or output function that knows nothing of Prefect.
    """
    logger = get_run_logger()
    settings = Settings.from_dict(config or {}).with_paths(raw_dir, out_dir)
    check_folders(settings)  # before any work: an output folder overlapping the raw one is refused
    ratings = SourceRatings.load(settings.reliability.files())  # a bad rating file stops the run before any work
    run, stopwatch = RunInfo.new(), progress.Stopwatch()
    progress.subscribe(stopwatch)
    # One run at a time per output folder: the lock covers the cache, the release and the reports.  The run's
    # texts live in RowStores under scratch, out of this process, and go with the run.  A run stopped by a
    # signal writes its report first (Interruption).
    with (
        RunLock(settings.out_dir, settings.lock_wait),
        scratch_folder(settings.out_dir / "cache" / "scratch") as scratch,
        Interruption(settings, run, stopwatch, INTERRUPTIONS) as interruption,
    ):
        cache = FileCache(settings.out_dir / "cache" / "files", settings.limits)
        cache.clear_partial()  # what a killed run's writers left
        with progress.stage("discover"):
            found = discover_task(str(settings.raw_dir), settings.discover.include, settings.discover.exclude)
        plan = plan_run(
            found, settings.out_dir, cache, full=full, prune=prune, allow_empty=allow_empty, raw_dir=settings.raw_dir
        )
        interruption.known(files_discovered=len(plan.files), files_ignored=len(found.ignored))

        ingested = _ingest(plan, settings, cache, scratch, reuse=not full)
        # before dedup: its keep rules and supersede_same_url read published / modified, and both it and
        # reliability read the outlet
        rows = ingested.pop_rows()
        rows = rows.with_table(sources.STAGE(plausible_dates.STAGE(rows.table, run.started), settings.sources))
        interruption.known(
            documents_segmented=sum(ingested.segments.values()), quarantined_rows=ingested.quarantine.num_rows
        )
        release_free_memory()

        with progress.stage("dedup"):
            articles, duplicates = dedup_task(rows, str(scratch / "stripped"), settings.dedup)
            rows.remove()  # dedup's output store holds the texts from here on
            del rows
            release_free_memory()
            articles, duplicates = versions.STAGE(articles, duplicates)
            interruption.known(articles=articles.num_rows, duplicates=duplicates.num_rows)
        with progress.stage("reliability"):
            articles = reliability_task(articles, ratings, str(scratch / "signals"), settings.workers)
            articles = articles.with_table(dataset_splits.STAGE(articles.table, settings.splits))
        history = plan.superseded(settings.out_dir, articles, duplicates, run.run_id)

        quarantine = sorted_quarantine(ingested)
        accounting = account_run(plan, ingested, quarantine, articles.num_rows, duplicates.num_rows)
        for line in accounting.lines():
            logger.info("conservation: %s", line)
        tables = publish_stage(articles, duplicates, quarantine, run, history)
        # what validation and publishing read: the tables, the articles' texts and signals in the run's stores
        release = {**tables, "articles": articles.with_table(tables["articles"])}
        signatures = {name: articles.with_table(t) for name, t in sidecar_tables(articles.table).items()}
        del articles, duplicates  # the published tables are their (sorted) copies
        release_free_memory()
        reports_dir = settings.out_dir / "reports"
        with progress.stage("validate"):
            validation = validate_task(release, str(settings.expectations_dir), run, settings.quality, str(reports_dir))
        release_free_memory()
        summary = run_summary(settings, run, plan, accounting, quarantine, validation, ratings, tables["articles"])
        summary["incremental"] = plan.incremental(ingested.processed, ingested.reused, history)
        add_health_and_changes(summary, tables["articles"], reports_dir, settings)
        for warning in summary["outlet_health"]:
            logger.warning("outlet health: %s", warning["message"])

        if validation.success:
            with progress.stage("publish"):
                manifest = {**summary, "published": True, "release": run.run_id}
                sidecars = {**signatures, "ledger": plan.ledger_table(run.run_id)}
                card = dataset_card(tables, summary)
                summary["release"] = publish_task(release, settings, run, manifest, sidecars, card)
                summary["published"] = True
        progress.unsubscribe(stopwatch)
        summary["stage_seconds"] = stopwatch.seconds
        report_dir = write_report(summary, tables, settings.out_dir)
        _artifacts(summary, report_dir)
        if not validation.success:
            raise PublicationRefused(summary)
        return summary


def _artifacts(summary: dict, report_dir: Path) -> None:
    """The run's summary, counts, failed expectations and HTML report as Prefect artifacts."""
    markdown = summary_markdown(summary)
    create_markdown_artifact(markdown=markdown, key="newsclean-run-summary", description="newsclean run summary")
    create_table_artifact(
        table=[{"stage": k, "count": v} for k, v in summary["counts"].items() if isinstance(v, int)],
        key="newsclean-run-counts",
        description="Documents at every stage",
    )
    failed = [
        {
            "severity": f["severity"],
            "expectation": f["expectation"],
            "table": f["table"],
            "column": f["column"] or "",
            "detail": f["detail"],
        }
        for f in summary["validation"]["failed"]
    ]
    create_table_artifact(
        table=failed or [{"result": "every expectation passed"}],
        key="newsclean-validation",
        description="Failed expectations (critical: nothing published; warning: published)",
    )
    create_link_artifact(
        link=(report_dir / "report.html").resolve().as_uri(),
        link_text="newsclean run report (HTML)",
        key="newsclean-run-report",
        description="Self-contained HTML run report with charts",
    )


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
