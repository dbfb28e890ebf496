"""Shared fixtures.

Prefect and GX settings are set before either is imported: a temporary
PREFECT_HOME and result storage per session (so cached results never leak
between runs), analytics off.  Flow tests share one temporary Prefect API for
the whole session (prefect_test_harness), since starting one takes ~10 s.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

_SESSION_HOME = Path(tempfile.mkdtemp(prefix="newsclean-tests-"))
os.environ["PREFECT_HOME"] = str(_SESSION_HOME / "prefect")
os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(_SESSION_HOME / "prefect" / "storage")
os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
os.environ["GX_ANALYTICS_ENABLED"] = "false"
os.environ["DO_NOT_TRACK"] = "1"
os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
os.environ.pop("PREFECT_API_URL", None)

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
EXPECTATIONS = REPO / "expectations"
SHARED = Path(os.environ.get("NEWSCLEAN_SHARED", REPO.parent / "shared"))


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SESSION_HOME, ignore_errors=True)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a skip saying why when it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: ../shared is read in place, never copied into the repo")
    return path


@pytest.fixture(scope="session")
def raw_samples() -> Path:
    return shared_path("raw_samples")


@pytest.fixture(scope="session")
def prefect_api():
    """One temporary Prefect API and database for every flow test of the session."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def flow_module(prefect_api):
    import flows.clean_news_corpus as module

    return module


def build_tables(raw_dir: Path = RAW):
    """The published tables for ``raw_dir``, made by calling the stages directly (no Prefect)."""
    import pyarrow as pa

    from newsclean.core.config import Limits
    from newsclean.outputs.publish import RunInfo, final_tables
    from newsclean.stages.dataset_splits import assign_splits
    from newsclean.stages.dedup import deduplicate
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.language import add_language
    from newsclean.stages.reliability import tag_reliability
    from newsclean.stages.split import split

    ingested = ingest(discover(raw_dir).files, Limits())
    rows, split_quarantine = split(add_language(ingested.documents))
    articles, duplicates = deduplicate(rows)
    run = RunInfo.new()
    tables = final_tables(
        assign_splits(tag_reliability(articles)),
        duplicates,
        pa.concat_tables([ingested.quarantine, split_quarantine]),
        run,
    )
    return tables, run


@pytest.fixture(scope="session")
def sample_tables():
    return build_tables(RAW)


def suites_with(folder: Path, table: str, expectation: dict) -> Path:
    """A copy of the repository's suites in ``folder`` with one expectation added to ``table``'s suite."""
    import json
    import shutil

    suites = folder / "expectations"
    shutil.copytree(EXPECTATIONS, suites)
    suite = json.loads((suites / f"{table}.json").read_text())
    suite["expectations"].append(expectation)
    (suites / f"{table}.json").write_text(json.dumps(suite))
    return suites


@pytest.fixture
def cli_env(prefect_api, tmp_path):
    """The environment for a ``newsclean`` subprocess that records its runs on the session's test API (no start-up)."""
    import os

    from prefect.settings import PREFECT_API_URL

    return {
        **os.environ,
        "PREFECT_API_URL": PREFECT_API_URL.value(),
        "PREFECT_HOME": str(tmp_path / "prefect-home"),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "GX_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
        "PREFECT_LOGGING_LEVEL": "WARNING",
    }
