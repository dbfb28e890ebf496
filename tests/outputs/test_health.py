"""health: an outlet that drops against its own recent runs is a warning naming it."""

import json

import pyarrow as pa

from newsclean.core.config import Quality
from newsclean.outputs.health import compare, load_history, outlet_stats, write_stats


def _articles(outlets: dict[str, int], dated: bool = True) -> pa.Table:
    rows = [(domain, i) for domain, n in outlets.items() for i in range(n)]
    return pa.table(
        {
            "source_domain": [d for d, _ in rows],
            "sitename": [None] * len(rows),
            "word_count": [300] * len(rows),
            "title": ["A headline"] * len(rows),
            "authors": [["Ana Ruiz"]] * len(rows),
            "published": [20250101 if dated else None for _ in rows],
            "language": ["en"] * len(rows),
            "text_flags": [[] for _ in rows],
        }
    )


def test_stats_count_outlets_completeness_and_flags():
    table = _articles({"a.example": 3, "b.example": 1})
    table = table.set_column(
        table.schema.get_field_index("text_flags"),
        "text_flags",
        pa.array([["truncated"], [], [], []], pa.list_(pa.string())),
    )
    stats = outlet_stats(table)
    assert stats["a.example"]["articles"] == 3 and stats["b.example"]["articles"] == 1
    assert stats["a.example"]["complete"]["published"] == 1.0 and stats["a.example"]["flags"]["truncated"] == round(
        1 / 3, 4
    )


def test_an_outlet_that_vanishes_or_whose_dates_stop_parsing_is_named():
    usual = outlet_stats(_articles({"steady.example": 200, "fading.example": 150, "tiny.example": 2}))
    history = [usual] * 4
    now = outlet_stats(_articles({"steady.example": 190, "tiny.example": 0}))
    warnings = compare(now, history, Quality())
    assert [(w["outlet"], w["check"]) for w in warnings] == [("fading.example", "articles")]
    assert "fading.example: 0 articles" in warnings[0]["message"]
    undated = outlet_stats(_articles({"steady.example": 200, "fading.example": 150}, dated=False))
    checks = {(w["outlet"], w["check"]) for w in compare(undated, history)}
    assert checks == {("steady.example", "complete:published"), ("fading.example", "complete:published")}
    assert compare(now, []) == []  # a first run has nothing to compare with


def test_history_reads_only_earlier_runs(tmp_path):
    for run, n in (("20260101T000000Z-a", 10), ("20260102T000000Z-b", 20), ("20260103T000000Z-c", 30)):
        write_stats({"x.example": {"articles": n}}, tmp_path / run)
    (tmp_path / "20260102T120000Z-d").mkdir()
    (tmp_path / "20260102T120000Z-d" / "outlets.json").write_text("{not json")  # damaged: skipped
    history = load_history(tmp_path, "20260103T000000Z-c", runs=5)
    assert [h["x.example"]["articles"] for h in history] == [10, 20]
    assert json.loads((tmp_path / "20260101T000000Z-a" / "outlets.json").read_text())["x.example"]["articles"] == 10


def test_one_outlet_key_for_a_name_and_the_domain_articles_print_it_with():
    """'Meridian Post' and meridianpost.example are one outlet in the card, the report and outlet health (issue 21)."""
    from newsclean.core.outlet import UNKNOWN, outlet_keys

    keys = outlet_keys(
        ["meridianpost.example", None, "www.edition.cnn.com", None, None, None, "meridianpost.example"],
        ["Meridian Post", "MERIDIAN  POST", None, "BBC News", "Harbour Gazette", None, None],
    )
    assert keys == [
        "meridianpost.example",
        "meridianpost.example",
        "cnn.com",
        "bbc.co.uk",
        "Harbour Gazette",
        UNKNOWN,
        "meridianpost.example",
    ]


def test_outlet_keys_of_distinct_pairs_with_their_counts_equal_those_of_every_article():
    from newsclean.core.outlet import outlet_keys

    domains = ["www.meridianpost.co.uk", None, None, "edition.meridianpost.co.uk", None, "quay.co.uk"]
    names = ["Meridian Post", "meridian  post", "Meridian Post", None, "Quay Gazette", "Quay Gazette"]
    per_article = outlet_keys(domains, names)
    pairs = sorted(set(zip(domains, names)), key=str)
    counts = [sum(1 for pair in zip(domains, names) if pair == p) for p in pairs]
    by_pair = dict(zip(pairs, outlet_keys([d for d, _ in pairs], [n for _, n in pairs], counts)))
    assert [by_pair[pair] for pair in zip(domains, names)] == per_article
    assert per_article[:4] == ["meridianpost.co.uk"] * 4 and per_article[4:] == ["quay.co.uk"] * 2


def test_figures_of_earlier_runs_are_read_under_todays_outlet_keys(tmp_path):
    """Runs before the one outlet key named an outlet by its host as printed: no false 'dropped' warning."""
    from newsclean.core.schema import TEXT_FLAGS
    from newsclean.outputs.health import COMPLETENESS

    def figures(n):
        return {
            "articles": n,
            "median_words": 500,
            "complete": {c: 1.0 for c in COMPLETENESS},
            "flags": {f: 0.0 for f in TEXT_FLAGS},
        }

    reports = tmp_path / "reports"
    for run in ["20260101T000000Z-a", "20260102T000000Z-b", "20260103T000000Z-c"]:
        write_stats({"edition.harbourdaily.co.uk": figures(40)}, reports / run)
    history = load_history(reports, "20260104T000000Z-d", 5)
    assert [set(run) for run in history] == [{"harbourdaily.co.uk"}] * 3
    assert compare({"harbourdaily.co.uk": figures(41)}, history, Quality()) == []
    assert compare({}, history, Quality())  # gone for real: still a warning
