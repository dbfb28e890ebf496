"""report: the run report's figures match the tables, and the HTML page renders every chart in a real browser."""

import json
import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import RAW, REPO, suites_with

from newsclean.outputs.report import report_data, resolve_run

CHARTS = (
    "chart-funnel",
    "chart-completeness",
    "chart-reliability",
    "chart-outlets",
    "chart-clusters",
    "chart-quarantine",
)
TABLES = ("table-counts", "table-validation", "table-labels", "table-duplicate-methods")
SCREENSHOT_DIR = REPO / "build" / "test-artifacts"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The network off for the page: every host name fails to resolve (a request would still show in the net log).
NETWORK_OFF = ["--host-resolver-rules=MAP * ~NOTFOUND"]
# Chromium's own service requests (its clock, account and search endpoints) are not the page's.
BROWSER_OWN = re.compile(r"^https?://(?:[a-z0-9-]+\.)*(?:google|gstatic|googleapis)\.com/")


def _chromium() -> str:
    """Debian's chromium, or a skip saying why it is absent."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Debian chromium is not installed (make test installs it with apt-get where it can)")
    return chromium


def _page_requests(netlog: Path) -> set[str]:
    """The URLs a page asked for, from Chromium's network log, less Chromium's own service requests."""
    requested = set(re.findall(r'"url":"((?:https?|wss?)://[^"]+)"', netlog.read_text()))
    return {url for url in requested if not BROWSER_OWN.match(url)}


class _Elements(HTMLParser):
    """For each element with an id: its tag, attributes, and the tags and attributes inside it."""

    def __init__(self):
        super().__init__()
        self.open: list[tuple[str, str | None]] = []
        self.by_id: dict[str, dict] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for _, owner in self.open:
            if owner:
                self.by_id[owner]["inside"].append((tag, attrs))
        if "id" in attrs:
            self.by_id[attrs["id"]] = {"tag": tag, "attrs": attrs, "inside": [], "text": []}
        if tag not in ("rect", "meta", "br", "img", "input", "link"):
            self.open.append((tag, attrs.get("id")))

    def handle_endtag(self, tag):
        for i in range(len(self.open) - 1, -1, -1):
            if self.open[i][0] == tag:
                del self.open[i:]
                break

    def handle_data(self, data):
        for _, owner in self.open:
            if owner:
                self.by_id[owner]["text"].append(data)


def _parse(page: str) -> dict[str, dict]:
    parser = _Elements()
    parser.feed(page)
    return parser.by_id


def _check_page(elements: dict[str, dict]) -> None:
    for chart in CHARTS:
        assert chart in elements, f"{chart} missing"
        bars = [
            a
            for tag, a in elements[chart]["inside"]
            if tag == "rect" and float(a.get("width", 0)) > 0 and float(a.get("height", 0)) > 0
        ]
        assert elements[chart]["attrs"].get("data-empty") is None and bars, f"{chart} is empty"
    for table in TABLES:
        rows = [t for t, _ in elements[table]["inside"] if t == "tr"]
        assert len(rows) >= 2, f"{table} has no rows"  # a header row and at least one body row


@pytest.fixture(scope="module")
def run_output(flow_module, tmp_path_factory):
    out = tmp_path_factory.mktemp("report-run")
    summary = flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(out))
    return out, summary


@pytest.mark.flow
def test_the_report_counts_match_the_published_tables(run_output):
    import pyarrow.parquet as pq

    out, summary = run_output
    folder = resolve_run(out)
    assert folder.name == summary["run_id"] and (out / "reports" / "latest").resolve() == folder.resolve()
    tables = {name: pq.read_table(out / "current" / name) for name in ("articles", "duplicates", "quarantine")}
    saved = json.loads((folder / "summary.json").read_text())
    counts = saved["counts"]
    assert counts["articles"] == tables["articles"].num_rows
    assert counts["duplicates"] == tables["duplicates"].num_rows
    assert counts["documents_quarantined"] + counts["files_quarantined"] == tables["quarantine"].num_rows
    data = report_data(tables)
    assert sum(n for _, n in data["top_outlets"]) <= counts["articles"]
    assert sum(data["quarantine_reasons"].values()) == tables["quarantine"].num_rows
    assert sum(sum(h) for h in data["score_histogram"].values()) == sum(
        1 for s in tables["articles"].column("reliability_score").to_pylist() if s is not None
    )
    page = (folder / "report.html").read_text()
    elements = _parse(page)
    _check_page(elements)
    funnel = dict(zip(*[iter(t.strip() for t in elements["table-counts"]["text"] if t.strip())] * 2))
    assert funnel["articles"] == str(tables["articles"].num_rows) and funnel["duplicates removed"] == str(
        tables["duplicates"].num_rows
    )
    for page_path in saved["validation"]["docs_pages"].values():  # links into the GX Data Docs resolve
        assert (out / "reports" / page_path).is_file()
    assert (out / "reports" / "data_docs" / "index.html").is_file()


@pytest.mark.flow
def test_the_html_report_renders_every_chart_and_table_in_headless_chromium(run_output, tmp_path):
    chromium = _chromium()
    out, _ = run_output
    page = (resolve_run(out) / "report.html").resolve()
    netlog = tmp_path / "net.json"
    flags = CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path / 'profile'}"]
    dumped = subprocess.run(
        [chromium, *flags, *NETWORK_OFF, f"--log-net-log={netlog}", "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    _check_page(_parse(dumped.stdout))  # the DOM as the browser built it, not the file as written
    assert _page_requests(netlog) == set()  # nothing leaves the machine
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / "run-report.png"
    taken = subprocess.run(
        [chromium, *flags, "--window-size=1100,3000", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert taken.returncode == 0 and shot.is_file() and shot.stat().st_size > 20_000, taken.stderr[-2000:]


@pytest.mark.flow
def test_the_data_docs_fetch_nothing_from_off_the_machine(run_output):
    """Every page of the GX Data Docs a run writes loads only local files: no remote stylesheet, script, image or
    CSS url (GX's pages load theirs from CDNs and a logo with the project's id in its query)."""
    from newsclean.outputs.data_docs import CSS_NAME, JS_NAME, REMOTE_FETCH, make_offline

    out, _ = run_output
    docs = out / "reports" / "data_docs"
    pages = sorted(docs.rglob("*.html"))
    assert len(pages) >= 7  # the index, three suites, three validation results
    for page in pages:
        text = page.read_text()
        assert REMOTE_FETCH.search(text) is None, page
        assert JS_NAME in text and CSS_NAME in text
    for sheet in docs.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(?:https?:)?//", sheet.read_text()), sheet
    assert make_offline(docs) == []  # a second pass changes nothing


@pytest.mark.flow
def test_the_data_docs_open_offline_in_headless_chromium_with_the_validation_list_filled(run_output, tmp_path):
    chromium = _chromium()
    out, _ = run_output
    index = (out / "reports" / "data_docs" / "index.html").resolve()
    netlog = tmp_path / "net.json"
    flags = CHROMIUM_FLAGS + NETWORK_OFF + [f"--user-data-dir={tmp_path / 'profile'}", f"--log-net-log={netlog}"]
    dumped = subprocess.run(
        [chromium, *flags, "--dump-dom", index.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dumped.returncode == 0, dumped.stderr[-2000:]
    rows = re.findall(r'<tr class="clickable-row" data-href="validations/', dumped.stdout)
    assert len(rows) >= 3  # the validation list, drawn by the local script
    assert _page_requests(netlog) == set()
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    shot = SCREENSHOT_DIR / "data-docs.png"
    taken = subprocess.run(
        [
            chromium,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={tmp_path / 'profile2'}",
            "--window-size=1200,900",
            f"--screenshot={shot}",
            index.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert taken.returncode == 0 and shot.is_file(), taken.stderr[-2000:]


@pytest.mark.flow
def test_a_warning_publishes_and_shows_and_an_error_publishes_nothing_with_example_rows(flow_module, tmp_path):
    from newsclean.outputs.publish import current_release

    out = tmp_path / "out"
    warned = flow_module.clean_news_corpus(
        raw_dir=str(RAW), out_dir=str(out), config={"quality": {"min_title_share": 0.99}}
    )
    assert warned["published"] and current_release(out) is not None
    warning = [f for f in warned["validation"]["failed"] if f["column"] == "title"]
    assert warning and warning[0]["severity"] == "warning"
    page = (resolve_run(out) / "report.html").read_text()
    assert "warning" in page and "expect_column_values_to_not_be_null" in page
    assert "title" in _parse(page)["table-failures"]["text"][0] or any(
        "title" in t for t in _parse(page)["table-failures"]["text"]
    )

    release = current_release(out)
    suites = suites_with(
        tmp_path,
        "articles",
        {
            "type": "expect_column_values_to_be_between",
            "kwargs": {"column": "word_count", "max_value": 60},
            "severity": "critical",
        },
    )
    with pytest.raises(flow_module.PublicationRefused) as refused:
        flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(out), config={"expectations_dir": str(suites)})
    assert current_release(out) == release  # nothing published
    summary = refused.value.summary
    failure = [f for f in summary["validation"]["failed"] if f["severity"] == "critical"]
    assert [(f["expectation"], f["column"]) for f in failure] == [("expect_column_values_to_be_between", "word_count")]
    assert failure[0]["examples"] and all(e["source_file"] for e in failure[0]["examples"])
    html = (out / "reports" / summary["run_id"] / "report.html").read_text()
    assert "nothing published" in html and failure[0]["examples"][0]["source_file"] in html
    markdown = (out / "reports" / summary["run_id"] / "summary.md").read_text()
    assert "example row: source_file=" in markdown


def test_report_and_validate_commands(tmp_path, sample_tables):
    """``newsclean report`` finds the newest run; ``newsclean validate`` re-runs the suites on a dataset."""
    from typer.testing import CliRunner

    from newsclean.cli import app
    from newsclean.outputs.publish import publish
    from newsclean.outputs.report import write_run_report

    tables, run = sample_tables
    out = tmp_path / "out"
    publish(tables, out, run, {"run_id": run.run_id}, 2, {})
    summary = {
        "run_id": run.run_id,
        "raw_dir": "raw",
        "out_dir": str(out),
        "published": True,
        "release": run.run_id,
        "counts": {"articles": tables["articles"].num_rows},
        "conservation": ["ok"],
        "validation": {"evaluated": 1, "success": True, "failed": []},
    }
    write_run_report(summary, out, report_data(tables))
    runner = CliRunner()
    shown = runner.invoke(app, ["report", "--out", str(out)])
    assert shown.exit_code == 0 and "report.html" in shown.output and f"# newsclean run {run.run_id}" in shown.output
    assert runner.invoke(app, ["report", "no-such-run", "--out", str(out)]).exit_code == 2
    checked = runner.invoke(app, ["validate", str(out)])
    assert checked.exit_code == 0 and "0 error(s)" in checked.output
    broken = suites_with(
        tmp_path,
        "articles",
        {"type": "expect_table_row_count_to_be_between", "kwargs": {"min_value": 10**6}, "severity": "critical"},
    )
    config = tmp_path / "newsclean.toml"
    config.write_text(f'expectations_dir = "{broken}"\n')
    failed = runner.invoke(app, ["validate", str(out), "--config", str(config)])
    assert failed.exit_code == 1 and "expect_table_row_count_to_be_between" in failed.output
    # in a process of its own, as a user runs it: no library's FutureWarning (PySpark's, through GX) on stderr
    alone = subprocess.run(
        [sys.executable, "-m", "newsclean.cli", "validate", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "GX_ANALYTICS_ENABLED": "false"},
    )
    assert alone.returncode == 0 and "Warning" not in alone.stderr, alone.stderr


@pytest.mark.flow
def test_the_flow_run_carries_the_summary_counts_validation_and_report_link_as_artifacts(flow_module, tmp_path):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    state = flow_module.clean_news_corpus(raw_dir=str(RAW), out_dir=str(tmp_path / "out"), return_state=True)
    summary = state.result()
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[state.state_details.flow_run_id]))
        )
    by_key = {a.key: a for a in artifacts}
    assert set(by_key) == {
        "newsclean-run-summary",
        "newsclean-run-counts",
        "newsclean-validation",
        "newsclean-run-report",
    }
    assert by_key["newsclean-run-summary"].type == "markdown"
    assert f"# newsclean run {summary['run_id']}" in by_key["newsclean-run-summary"].data
    counts = {row["stage"]: row["count"] for row in json.loads(by_key["newsclean-run-counts"].data)}
    assert (
        counts["articles"] == summary["counts"]["articles"] and counts["duplicates"] == summary["counts"]["duplicates"]
    )
    link = by_key["newsclean-run-report"].data  # Prefect keeps a link artifact as markdown: [text](url)
    assert f"{summary['run_id']}/report.html)" in link and link.startswith("[newsclean run report")


# --- data written into documents is escaped -------------------------------------------------------------------------

HOSTILE = (
    "</svg><img src=x onerror=alert(1)> [x](javascript:alert(1)) ![p](javascript:alert(2)) | a | b | `tick` "
    "<script>alert(3)</script>\n# heading\n| c | d |\n[ref]: javascript:alert(4)"
)


def _hostile_summary() -> dict:
    failure = {
        "expectation": HOSTILE,
        "table": "articles",
        "column": HOSTILE,
        "severity": HOSTILE,
        "detail": HOSTILE,
        "examples": [{"source_file": HOSTILE, "title": HOSTILE}],
    }
    return {
        "run_id": "20260101T000000Z-a",
        "raw_dir": HOSTILE,
        "out_dir": HOSTILE,
        "published": True,
        "release": HOSTILE,
        "started": HOSTILE,
        "pipeline_version": HOSTILE,
        "counts": {"articles": 3},
        "conservation": [HOSTILE],
        "incremental": {"mode": HOSTILE, HOSTILE: 1},
        "quarantine_reasons": {HOSTILE: 2},
        "changes": [{"count": HOSTILE, "now": 1, "before": 0, "previous_run": HOSTILE}],
        "ignored": [{"source_file": HOSTILE, "reason": HOSTILE}],
        "rating_providers": [HOSTILE],
        "unrated_outlets": [{"outlet": HOSTILE, "articles": 2}],
        "outlet_health": [{"outlet": HOSTILE, "check": HOSTILE, "before": 1, "now": 0, "message": HOSTILE}],
        "validation": {
            "evaluated": 1,
            "success": False,
            "failed": [failure],
            "by_table": {HOSTILE: {"evaluated": 1, "failed": 1}},
            "docs_pages": {HOSTILE: "data_docs/x.html"},
        },
        "stage_seconds": {HOSTILE: 1.0},
        "html_report": HOSTILE,
    }


class _Markup(HTMLParser):
    """Every element and attribute of an HTML text, and each table's rows as their cell counts."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.tables: list[list[int]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append(0)
        elif tag in ("td", "th"):
            self.tables[-1][-1] += 1


def _markup(page: str) -> _Markup:
    parser = _Markup()
    parser.feed(page)
    return parser


def _assert_inert(page: str, allowed: set[str]) -> None:
    """No element but ``allowed`` ones, no event-handler attribute, no javascript: link; every table row whole."""
    markup = _markup(page)
    assert {tag for tag, _ in markup.tags} <= allowed, {tag for tag, _ in markup.tags} - allowed
    for tag, attrs in markup.tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
        assert not any("javascript:" in (attrs.get(name) or "") for name in ("href", "src")), (tag, attrs)
    for rows in markup.tables:
        assert rows and len(set(rows)) == 1, rows  # every row has the header's number of cells


def _rendered(markdown: str) -> str:
    """The Markdown as a CommonMark renderer with GFM tables and raw HTML allowed (as GitHub's, before sanitising)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).render(markdown)


MARKDOWN_ELEMENTS = {"h1", "h2", "h3", "p", "ul", "li", "strong", "code", "table", "thead", "tbody", "tr", "th", "td"}


def test_summary_markdown_writes_hostile_values_as_inert_text():
    from newsclean.outputs.report import summary_markdown

    markdown = summary_markdown(_hostile_summary())
    _assert_inert(_rendered(markdown), MARKDOWN_ELEMENTS)
    assert [tag for tag, _ in _markup(_rendered(markdown)).tags].count("h1") == 1  # no heading of the data's
    tables = [line for line in markdown.splitlines() if line.startswith("|")]
    assert tables and all(len(re.split(r"(?<!\\)\|", line)) in (4, 5) for line in tables)  # 2 or 3 columns each
    assert "&lt;/svg&gt;&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1))" in markdown  # shown, as text
    assert "# newsclean run 20260101T000000Z-a\n" in markdown and "example row: source_file=" in markdown


def test_the_dataset_card_writes_hostile_outlet_names_and_folders_as_inert_text(sample_tables):
    import pyarrow as pa

    from newsclean.outputs.card import dataset_card

    tables, run = sample_tables
    articles = tables["articles"]
    n = articles.num_rows
    articles = articles.set_column(articles.schema.get_field_index("sitename"), "sitename", pa.array([HOSTILE] * n))
    articles = articles.set_column(
        articles.schema.get_field_index("source_domain"), "source_domain", pa.nulls(n, pa.string())
    )
    card = dataset_card(
        {**tables, "articles": articles}, {**_hostile_summary(), "run_id": run.run_id, "settings": {"layout": {}}}
    )
    _assert_inert(_rendered(card), MARKDOWN_ELEMENTS | {"em", "h4"})
    assert [tag for tag, _ in _markup(_rendered(card)).tags].count("h1") == 1  # no heading of the data's
    assert f"Release `{run.run_id}`" in card
    assert "Largest outlets: &lt;/svg&gt;&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1))" in card
    assert f"\\[ref\\]: javascript:alert(4) ({n:,})." in card  # the whole name on the line, its count after it


def test_the_html_report_writes_hostile_values_as_text(sample_tables):
    from newsclean.outputs.report import render_html

    tables, _ = sample_tables
    data = report_data(tables)
    data.update(top_outlets=[(HOSTILE, 3)], quarantine_reasons={HOSTILE: 2}, duplicate_methods={HOSTILE: 1})
    page = render_html(_hostile_summary(), data)
    _assert_inert(
        page,
        {
            "html",
            "head",
            "meta",
            "title",
            "style",
            "body",
            "h1",
            "h2",
            "h3",
            "p",
            "code",
            "span",
            "a",
            "ul",
            "li",
            "br",
            "div",
            "figure",
            "figcaption",
            "svg",
            "text",
            "rect",
            "line",
            "table",
            "thead",
            "tbody",
            "tr",
            "th",
            "td",
        },
    )
    assert "&lt;/svg&gt;&lt;img src=x onerror=alert(1)&gt;" in page  # shown, as text


# The report answers "why" first (issue 21)


def _page_summary(tables, published: bool, failed: list[dict] | None = None) -> dict:
    counts = {
        "articles": tables["articles"].num_rows,
        "files_discovered": 29,
        "duplicates": tables["duplicates"].num_rows,
        "documents_quarantined": 3,
        "files_quarantined": 4,
        "files_ignored": 2,
    }
    return {
        "run_id": "20260101T000000Z-a",
        "raw_dir": "raw",
        "out_dir": "out",
        "published": published,
        "release": "20260101T000000Z-a" if published else None,
        "counts": counts,
        "conservation": ["ok"],
        "ignored": [{"source_file": "README.TXT", "reason": "excluded"}, {"source_file": ".git/", "reason": "hidden"}],
        "validation": {"evaluated": 80, "success": published, "failed": failed or [], "by_table": {}},
    }


def test_a_refused_run_says_first_which_expectation_failed_on_how_many_rows_and_in_which_files(tmp_path, sample_tables):
    from newsclean.outputs.report import render_html

    tables, _ = sample_tables
    failure = {
        "expectation": "expect_column_values_to_not_be_null",
        "table": "articles",
        "column": "title",
        "severity": "critical",
        "detail": "3 unexpected of 24 (12.5%), e.g. null, null, null",
        "examples": [{"source_file": "plain/no-title.txt", "title": None}, {"source_file": "feed.jsonl"}],
    }
    page = render_html(_page_summary(tables, False, [failure]), report_data(tables))
    verdict = page.index('id="verdict"')
    assert verdict < page.index("<h2>")  # before any section: above the fold
    block = page[verdict : page.index("<h2>")]
    assert "Nothing published: 1 error-level expectation(s) failed" in block
    assert (
        "expect_column_values_to_not_be_null" in block and "articles.title" in block and "3 unexpected of 24" in block
    )
    assert "<code>feed.jsonl</code>, <code>plain/no-title.txt</code>" in block
    assert page.index('id="table-failures"') < page.index("<h2>")  # the failure table too
    published = render_html(_page_summary(tables, True), report_data(tables))
    assert "Published: " in published[: published.index("<h2>")]


def test_the_report_names_the_files_quarantined_removed_and_ignored_and_lists_them_all_beside_it(
    tmp_path, sample_tables
):
    import csv

    from newsclean.outputs.report import TOP_FILES, file_lists, write_run_report

    tables, _ = sample_tables
    summary = _page_summary(tables, True)
    lists = file_lists(tables)
    folder = write_run_report(summary, tmp_path, report_data(tables, lists), lists)
    page = (folder / "report.html").read_text()
    quarantined = list(csv.DictReader((folder / "quarantined.csv").open()))
    assert len(quarantined) == tables["quarantine"].num_rows and quarantined[0]["source_file"]
    assert {row["source_file"] for row in quarantined} <= set(tables["quarantine"].column("source_file").to_pylist())
    assert len(list(csv.DictReader((folder / "removed.csv").open()))) == tables["duplicates"].num_rows
    assert [row["source_file"] for row in csv.DictReader((folder / "ignored.csv").open())] == ["README.TXT", ".git/"]
    for name in ("quarantined", "removed", "ignored"):
        assert f'id="table-files-{name}"' in page and f'href="{name}.csv"' in page
    assert "<td>README.TXT</td><td>excluded</td>" in page
    assert (
        min(TOP_FILES, tables["quarantine"].num_rows)
        == page.count("<tr>", page.index('id="table-files-quarantined"'), page.index('id="table-files-removed"')) - 1
    )


def test_a_score_of_exactly_a_bin_edge_falls_in_the_bin_it_is_printed_in(sample_tables):
    import numpy as np
    import pyarrow as pa

    tables, _ = sample_tables
    articles = tables["articles"]
    n = articles.num_rows
    scores = pa.array(np.full(n, 0.7, np.float32))  # float32 0.7 widens to 0.69999998
    labels = pa.array(["high"] * n)
    at_score, at_label = (articles.schema.get_field_index(c) for c in ("reliability_score", "reliability_label"))
    articles = articles.set_column(
        at_score, articles.schema.field(at_score), scores.cast(articles.schema.field(at_score).type)
    )
    articles = articles.set_column(at_label, articles.schema.field(at_label), labels)
    histogram = report_data({**tables, "articles": articles})["score_histogram"]["high"]
    assert histogram[7] == n and sum(histogram) == n
