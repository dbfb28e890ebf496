"""versions: the same url with new text is a newer version of one article."""

import json

from newsclean.core.config import Limits
from newsclean.stages.dedup import deduplicate
from newsclean.stages.discover import discover
from newsclean.stages.per_file import process_files
from newsclean.stages.versions import supersede_same_url

STORY = (
    "The harbour board voted on Tuesday to extend the ferry timetable to every hour through the winter, "
    "a change the island's shopkeepers have asked for since the spring. "
)


def _rows(tmp_path, lines):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "feed.jsonl").write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return process_files(discover(raw).files, Limits()).rows


def test_the_newest_text_of_a_url_stays_and_the_older_one_is_superseded(tmp_path):
    url = "https://www.harbour-gazette.example/news/ferry-timetable/"
    rows = _rows(
        tmp_path,
        [
            {"url": url, "title": "Ferry timetable extended", "date": "2026-03-02", "text": STORY * 4},
            {
                "url": url.replace("https://www.", "https://") + "#update",
                "title": "Ferry timetable extended (updated)",
                "date": "2026-03-03",
                "text": STORY * 4 + "Correction: the winter timetable starts in November, not October.",
            },
            {
                "url": "https://other.example/a",
                "title": "Unrelated",
                "date": "2026-03-01",
                "text": "The lighthouse museum reopens on Saturday after a year of repairs to its roof and stairs. "
                * 5,
            },
        ],
    )
    articles, duplicates = deduplicate(rows)
    articles, duplicates = supersede_same_url(articles, duplicates)
    kept = {r["title"]: r for r in articles.to_pylist()}
    assert set(kept) == {"Ferry timetable extended (updated)", "Unrelated"}
    (old,) = [d for d in duplicates.to_pylist() if d["method"] == "superseded"]
    assert old["reason"] == "newer_version" and old["title"] == "Ferry timetable extended"
    assert old["duplicate_of"] == kept["Ferry timetable extended (updated)"]["article_id"]
    assert kept["Ferry timetable extended (updated)"]["duplicate_count"] >= 1
    assert 0.5 < old["similarity"] <= 1.0


def test_without_shared_urls_nothing_changes(tmp_path):
    rows = _rows(
        tmp_path,
        [
            {"url": "https://a.example/1", "text": STORY * 3},
            {"url": "https://a.example/2", "text": STORY * 3 + "More."},
        ],
    )
    articles, duplicates = deduplicate(rows)
    assert supersede_same_url(articles, duplicates) == (articles, duplicates)


def test_a_corrected_copy_of_a_url_wins_over_its_older_version_in_dedup(tmp_path):
    url = "https://harbour-gazette.example/news/ferry"
    body = STORY * 5
    rows = _rows(
        tmp_path,
        [
            {
                "url": url,
                "title": "Ferry timetable extended",
                "date": "2026-03-02",
                "text": body + "It starts in October.",
            },
            {
                "url": url,
                "title": "Ferry timetable extended",
                "date": "2026-03-04",
                "text": body + "It starts in November.",
            },
        ],
    )
    articles, duplicates = deduplicate(rows)
    (kept,) = articles.to_pylist()
    (removed,) = duplicates.to_pylist()
    assert kept["text"].endswith("November.") and removed["reason"] == "newer_version"
    assert removed["method"] in ("exact", "near") and removed["duplicate_of"] == kept["article_id"]
