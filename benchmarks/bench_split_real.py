"""Split accuracy on real news pages rendered to text (issue 20): ../shared/corpora/pages, read in place.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_split_real.py [--half all|tune|measure] [--variant full reader]
        [--article first|any] [--corpus ../shared/corpora/pages] [--json FILE] [--write]

Every text file of the chosen half (benchmarks/pages_split.py: outlet-disjoint, by a salted hash of the domain)
goes through the pipeline's own path: discover the variant's folder -> ingest -> add_language -> split.  The
page's article is its first document (segment 0); a page cut into several documents is itself counted, and a page
whose first document is quarantined misses every field.  (--article any scores each field on the best of the
page's documents instead: an upper bound showing what cutting pages costs, not a figure to report.)  Fields are
scored only where the variant's text shows the gold value (the corpus's `*_visible` flags; authors per author;
body snippets, body starts and other-day dates checked here in the input text).
Tune on `tune`; report `measure` and never look at its individual failures.

Prints a Markdown table per field x variant x language group (en, other, all), each share with its n.  --json
FILE writes per-page scores (page ids and numbers only, no text) so runs can be diffed; --write appends the
table, the command, date, git commit and machine to benchmarks/RESULTS.md.  About 8 s for the whole corpus.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import textwrap
import time
import unicodedata
from collections import Counter, defaultdict
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_split import DEFAULT_CORPUS, half_counts, in_half, load_gold  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
VARIANTS = ("full", "reader")
GROUPS = ("en", "other", "all")
BODY_START_WORDS = 8
BODY_START_WINDOW = 300
DATE_TOLERANCE_DAYS = 1
NAME_EXTRA_WORDS = 2  # middle names / initials one side may add (the corpus's own visibility rule)

# ---------------------------------------------------------------------------------------------------- folding

_FOLD = str.maketrans(
    {
        **{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u00b4`"},
        **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2039\u203a"},
        **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2e3a\u2e3b"},
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u00ad": "",
        "\u2026": "...",
    }
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_NOT_NAME = re.compile(r"[^\w]+")


def fold(text: str | None) -> str:
    """Case, curly quotes, dashes, ellipsis and white space folded; '' for None."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return _SPACES.sub(" ", text).strip()


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def name_words(name: str | None) -> list[str]:
    """A person's name as folded words: case, accents and punctuation (dots of initials, hyphens) dropped."""
    return _NOT_NAME.sub(" ", strip_accents(fold(name))).replace("_", " ").split()


def fold_words(text: str | None) -> list[str]:
    """The folded text's words (\\w+ runs), for bag-of-words overlap."""
    return _WORD.findall(fold(text))


# ---------------------------------------------------------------------------------------------------- field scores


def title_exact(predicted: str | None, gold: str) -> bool:
    return predicted is not None and predicted.strip() == gold.strip()


def folded_equal(predicted: str | None, gold: str) -> bool:
    """Equal once folded (title, section, description, sitename); an empty prediction never is."""
    return bool(predicted) and fold(predicted) == fold(gold)


def _in_order(short: list[str], long: list[str]) -> bool:
    it = iter(long)
    return all(word in it for word in short)


def names_match(predicted: str, gold: str) -> bool:
    """Same folded name words, or one name is the other plus at most two middle words (same first and last)."""
    p, g = name_words(predicted), name_words(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    short, long = (p, g) if len(p) < len(g) else (g, p)
    return (
        short[0] == long[0]
        and short[-1] == long[-1]
        and len(long) - len(short) <= NAME_EXTRA_WORDS
        and _in_order(short, long)
    )


def visible_authors(page: dict, variant: str) -> list[str]:
    """The gold authors the variant's text shows (per-author visibility flags)."""
    flags = (page.get("authors_visible") or {}).get(variant) or []
    return [name for name, shown in zip(page.get("authors") or [], flags) if shown]


def authors_exact(predicted: list[str], gold: list[str]) -> bool:
    """The predicted names, trimmed and with single spaces, are exactly the visible gold names (as sets)."""
    return {" ".join(n.split()) for n in predicted} == {" ".join(n.split()) for n in gold}


def authors_recall(predicted: list[str], gold: list[str]) -> float:
    """Share of the (visible) gold names that some predicted name matches (names_match)."""
    return sum(any(names_match(p, g) for p in predicted) for g in gold) / len(gold)


def authors_precision(predicted: list[str], gold: list[str]) -> float | None:
    """Share of predicted names that match some gold name (visible or not); None when nothing was predicted."""
    if not predicted:
        return None
    return sum(any(names_match(p, g) for g in gold) for p in predicted) / len(predicted)


def as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def date_within(predicted, gold: str, days: int = DATE_TOLERANCE_DAYS) -> bool:
    """The predicted day is within ``days`` of the gold day."""
    day = as_date(predicted)
    return day is not None and abs((day - date.fromisoformat(gold)).days) <= days


def date_exact(predicted, gold: str, other_day: str | None = None) -> bool:
    """The predicted day is the gold day, or the other day the page prints instead (date_printed_other_day)."""
    day = as_date(predicted)
    return day is not None and day.isoformat() in {gold, other_day}


def time_exact(predicted, precision: str | None, gold: str) -> bool:
    """HH:MM equal, and the splitter read a time (precision 'minute'), not a bare day."""
    return isinstance(predicted, datetime) and precision == "minute" and predicted.strftime("%H:%M") == gold


def body_start_snippet(page: dict) -> str | None:
    """The gold body's first words, folded: from the hand-made `body`, else the tests' `body_start`."""
    words = fold(page.get("body") or page.get("body_start")).split()
    return " ".join(words[:BODY_START_WORDS]) or None


def body_start_found(text: str | None, snippet: str, window: int = BODY_START_WINDOW) -> bool:
    """The folded snippet lies wholly within the first ``window`` characters of the folded text."""
    return snippet in fold(text)[:window]


def bag_overlap(predicted: str | None, gold: str) -> tuple[float, float]:
    """(precision, recall) of the predicted text's folded words against the gold body's, as bags (multisets)."""
    p, g = Counter(fold_words(predicted)), Counter(fold_words(gold))
    common = sum((p & g).values())
    return (common / sum(p.values()) if p else 0.0), (common / sum(g.values()) if g else 0.0)


def snippets_shown(snippets: list[str] | None, folded_input: str) -> list[str]:
    """The folded snippets that occur in the (folded) input text: only those can be kept or removed."""
    folded = (fold(s) for s in snippets or [])
    return [s for s in folded if s and s in folded_input]


def snippet_hits(snippets: list[str], folded_output: str, want_present: bool) -> tuple[int, int]:
    """(hits, n): snippets present in (want_present) or absent from the folded output text."""
    return sum((s in folded_output) == want_present for s in snippets), len(snippets)


# ---------------------------------------------------------------------------------------------------- one page


def hand_made_body(page: dict) -> bool:
    return bool(page.get("body")) and "hand-made" in (page.get("gold_source") or {}).get("body", "")


def page_scores(
    page: dict, variant: str, source: str, article: dict | None, published: list[str], n_segments: int
) -> dict:
    """Every scored field of one page and variant: True/False, a float, [hits, n], or None when not scored.

    ``source`` is the variant's text file as read; ``article`` the split row taken as the page's article (None when
    it was quarantined: every scored field is then a miss); ``published`` the texts of all the file's split rows."""
    folded_input = fold(source)
    row = article
    got = row or {}
    all_text = fold("\n\n".join(published)) if row else ""
    text = fold(got.get("text"))
    scores: dict = {}

    def visible(field: str) -> bool:
        return bool((page.get(f"{field}_visible") or {}).get(variant)) and bool(page.get(field))

    if visible("title"):
        scores["title_exact"] = title_exact(got.get("title"), page["title"])
        scores["title_folded"] = folded_equal(got.get("title"), page["title"])
    authors = visible_authors(page, variant)
    if authors:
        predicted = got.get("authors") or []
        scores["authors_exact"] = row is not None and authors_exact(predicted, authors)
        scores["authors_recall"] = authors_recall(predicted, authors)
        scores["authors_precision"] = authors_precision(predicted, page["authors"]) if row else 0.0
    other = page.get("date_printed_other_day") or {}
    if page.get("date") and (visible("date") or (other and fold(other.get("printed")) in folded_input)):
        scores["date_1day"] = date_within(got.get("published"), page["date"])
        scores["date_exact"] = date_exact(got.get("published"), page["date"], other.get("date"))
        if page.get("time") and visible("date"):
            scores["time"] = time_exact(got.get("published"), got.get("published_precision"), page["time"])
    if page.get("date") and got.get("published") is not None:  # "empty rather than wrong": any page with a date
        scores["date_wrong"] = not date_within(got.get("published"), page["date"])
    for field in ("section", "description", "sitename"):
        if visible(field):
            scores[field] = folded_equal(got.get(field), page[field])
    snippet = body_start_snippet(page)
    if snippet and snippet in folded_input:
        scores["body_start"] = row is not None and body_start_found(got.get("text"), snippet)
    if hand_made_body(page):
        precision, recall = bag_overlap(got.get("text"), page["body"]) if row else (0.0, 0.0)
        scores["body_precision"], scores["body_recall"] = precision, recall
    kept = snippets_shown(page.get("body_with"), folded_input)
    if kept:
        scores["with_kept"] = list(snippet_hits(kept, text, True)) if row else [0, len(kept)]
    dropped = snippets_shown(page.get("body_without"), folded_input)
    if dropped:
        scores["without_removed"] = list(snippet_hits(dropped, all_text, False)) if row else [0, len(dropped)]
    scores["cut"] = n_segments > 1
    scores["quarantined"] = row is None
    return scores


# ---------------------------------------------------------------------------------------------------- pipeline

ROW_FIELDS = (
    "source_file",
    "segment_index",
    "title",
    "description",
    "section",
    "authors",
    "sitename",
    "published",
    "published_precision",
    "text",
)


def split_variant(corpus: Path, variant: str, ids: set[str]) -> dict[str, tuple[list[dict], int]]:
    """page id -> (split rows of its file in segment order, number of segments ingest cut it into)."""
    from newsclean.core.config import Limits
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.language import add_language
    from newsclean.stages.split import split

    files = [f for f in discover(corpus / "text" / variant).files if f.source_file.removesuffix(".txt") in ids]
    result = ingest(files, Limits())
    rows, _quarantine = split(add_language(result.documents))
    by_page: dict[str, list[dict]] = defaultdict(list)
    for row in rows.select(list(ROW_FIELDS)).to_pylist():
        by_page[row["source_file"].removesuffix(".txt")].append(row)
    return {
        page_id: (
            sorted(by_page.get(page_id, []), key=lambda r: r["segment_index"]),
            result.segments.get(page_id + ".txt", 0),
        )
        for page_id in ids
    }


def best_of(candidates: list[dict]) -> dict:
    """Per field, the best score any candidate article got (``--article any``)."""
    merged = dict(candidates[0])
    for scores in candidates[1:]:
        for key, value in scores.items():
            if isinstance(value, list):
                merged[key] = max(merged[key], value)
            elif isinstance(value, (bool, float)) and key not in ("cut", "quarantined"):
                merged[key] = max(merged[key], value) if merged.get(key) is not None else value
    return merged


def article_scores(
    page: dict, variant: str, source: str, segments: list[dict], n_segments: int, article: str = "first"
) -> dict:
    """The page's scores with its first document as the article, or (article='any') the best over its documents."""
    published = [row["text"] for row in segments]
    first = segments[0] if segments and segments[0]["segment_index"] == 0 else None
    if article == "first" or first is None:
        return page_scores(page, variant, source, first, published, n_segments)
    return best_of([page_scores(page, variant, source, row, published, n_segments) for row in segments])


def score_variant(corpus: Path, variant: str, pages: list[dict], article: str = "first") -> list[dict]:
    """Per-page results (id, group, segments, scores) of one variant; pages without that text file are left out."""
    chosen = [p for p in pages if p.get(f"text_{variant}")]
    split_pages = split_variant(corpus, variant, {p["id"] for p in chosen})
    results = []
    for page in chosen:
        segments, n_segments = split_pages[page["id"]]
        source = (corpus / page[f"text_{variant}"]).read_text(encoding="utf-8", errors="replace")
        results.append(
            {
                "id": page["id"],
                "variant": variant,
                "group": "en" if page["language"] == "en" else "other",
                "language": page["language"],
                "n_segments": n_segments,
                "scores": article_scores(page, variant, source, segments, n_segments, article),
            }
        )
    return results


# ---------------------------------------------------------------------------------------------------- report

# (key in the scores, label in the table)
METRICS = (
    ("title_exact", "title, exact (trimmed)"),
    ("title_folded", "title, folded (case, quotes, dashes, spaces)"),
    ("authors_exact", "authors, exact set (visible authors)"),
    ("authors_recall", "authors, recall (mean per page, names folded)"),
    ("authors_precision", "authors, precision (pages with a prediction)"),
    ("date_1day", "date, ±1 day"),
    ("date_exact", "date, same day (or the printed other day)"),
    ("date_wrong", "date wrong by more than a day (pages with a gold date and a prediction; lower is better)"),
    ("time", "time, HH:MM"),
    ("section", "section, folded"),
    ("description", "description, folded"),
    ("sitename", "sitename, folded"),
    ("body_start", f"body start (first {BODY_START_WORDS} words in the first {BODY_START_WINDOW} chars)"),
    ("body_precision", "body word precision (hand-made body)"),
    ("body_recall", "body word recall (hand-made body)"),
    ("with_kept", "`body_with` snippets kept (n = snippets)"),
    ("without_removed", "`body_without` snippets removed (n = snippets)"),
    ("cut", "pages cut into several documents (lower is better)"),
    ("quarantined", "pages quarantined (lower is better)"),
)


def aggregate(values: list) -> tuple[float, int] | None:
    """(share or mean, n) of scored values: booleans and floats average per page; [hits, n] pairs pool."""
    if not values:
        return None
    if isinstance(values[0], list):
        hits, n = sum(v[0] for v in values), sum(v[1] for v in values)
        return (hits / n if n else 0.0), n
    return sum(float(v) for v in values) / len(values), len(values)


def summarise(results: list[dict]) -> dict[tuple[str, str], dict[str, tuple[float, int] | None]]:
    """(variant, group) -> metric -> (value, n)."""
    table = {}
    for variant in VARIANTS:
        for group in GROUPS:
            chosen = [r for r in results if r["variant"] == variant and group in (r["group"], "all")]
            table[variant, group] = {"pages": (float(len(chosen)), len(chosen))} | {
                key: aggregate([r["scores"][key] for r in chosen if r["scores"].get(key) is not None])
                for key, _ in METRICS
            }
    return table


def cell(value: tuple[float, int] | None) -> str:
    return "–" if value is None else f"{value[0]:.2f} ({value[1]})"


def markdown_table(summary: dict, variants: tuple[str, ...]) -> list[str]:
    columns = [(v, g) for v in variants for g in GROUPS]
    lines = [
        "| field | " + " | ".join(f"{v} {g}" for v, g in columns) + " |",
        "|---|" + "---:|" * len(columns),
        "| pages | " + " | ".join(str(summary[c]["pages"][1]) for c in columns) + " |",
    ]
    lines += [f"| {label} | " + " | ".join(cell(summary[c][key]) for c in columns) + " |" for key, label in METRICS]
    return lines


NOTES = (
    "Each cell: share or mean (n). n = pages where the variant's text shows the gold value (authors: pages with a "
    "visible author; snippets: snippets shown in the input). A quarantined first document misses every field. "
    "Date: ±1 day against gold `date`; pages printing only the other day "
    "(`date_printed_other_day`, when that form is in this text) are scored too, and their printed day counts as "
    "right in the same-day row. Time: scored where gold has a time and the date is visible; gold times are often "
    "UTC while pages print local time. Authors recall: a gold name is found when a predicted name has the same "
    "folded words, or adds at most 2 middle words. `body_without` counts a snippet as left when it is in any of "
    "the page's documents; `body_with` looks in the article only."
)


ARTICLE = {
    "first": "the file's first document (segment 0)",
    "any": "per field, the best of the file's documents (--article any: an upper bound, not a figure to report)",
}


def git_commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    dirty = git("status", "--porcelain", "--", "src")
    return commit + (" (with uncommitted changes under src/)" if dirty else " (src/ clean)")


def halves_line(pages: list[dict]) -> str:
    parts = [
        f"{half}: {c['pages']} pages ({c['english_pages']} en, {c['other_pages']} other), {c['outlets']} "
        f"outlets, {c['languages']} languages, {c['reader_pages']} with reader text"
        for half, c in half_counts(pages).items()
    ]
    return "Halves (outlet-disjoint, pages_split.py): " + "; ".join(parts) + "."


def prose(*parts: str) -> str:
    """A paragraph for RESULTS.md, wrapped as the rest of the file is."""
    return textwrap.fill(" ".join(parts), width=116, break_on_hyphens=False, break_long_words=False)


def report(args, pages: list[dict], chosen: list[dict], summary: dict, seconds: float) -> str:
    languages = len({p["language"] for p in chosen})
    lines = [
        f"#### bench_split_real.py, half `{args.half}` — {datetime.now(UTC):%Y-%m-%d}",
        "",
        f"Command: `{args.command}`",
        "",
        prose(
            f"Commit: {git_commit()}. Machine: {os.cpu_count()} cores, Python {platform.python_version()},",
            f"{platform.system()} {platform.machine()}; one process; {seconds:.1f} s for discover, ingest,",
            f"language, split and scoring. Article: {ARTICLE[args.article]}. Half `{args.half}`: {len(chosen)}",
            f"pages, {len({p['domain'] for p in chosen})} outlets, {languages} languages.",
        ),
        "",
        prose(halves_line(pages)),
        "",
        *markdown_table(summary, tuple(args.variant)),
        "",
        prose(NOTES),
    ]
    return "\n".join(lines) + "\n"


def write_json(path: Path, args, chosen: list[dict], results: list[dict]) -> None:
    payload = {
        "half": args.half,
        "variants": args.variant,
        "commit": git_commit(),
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "pages": len(chosen),
        "results": results,
    }
    path.write_text(json.dumps(payload, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--half", choices=("all", "tune", "measure"), default="all")
    parser.add_argument("--variant", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument(
        "--article",
        choices=("first", "any"),
        default="first",
        help="score the first document (default), or the best of a page's documents (an upper bound "
        "that shows what cutting pages costs)",
    )
    parser.add_argument("--json", type=Path, help="write per-page scores (ids and numbers, no text) here")
    parser.add_argument("--write", action="store_true", help="append the figures to benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    args.command = " ".join(
        [".venv/bin/python benchmarks/bench_split_real.py", shlex.join(sys.argv[1:] if argv is None else argv)]
    ).strip()

    corpus = Path(args.corpus)
    if not (corpus / "gold.jsonl").is_file():
        print(f"skipped: {corpus}/gold.jsonl is absent (../shared is read in place, never copied)", file=sys.stderr)
        return 2
    start = time.perf_counter()
    pages = load_gold(corpus)
    chosen = [p for p in pages if in_half(p["domain"], args.half)]
    results = [r for variant in args.variant for r in score_variant(corpus, variant, chosen, args.article)]
    seconds = time.perf_counter() - start
    text = report(args, pages, chosen, summarise(results), seconds)
    print(text)
    if args.json:
        write_json(args.json, args, chosen, results)
    if args.write:
        with (REPO / "benchmarks" / "RESULTS.md").open("a", encoding="utf-8") as handle:
            handle.write("\n" + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
