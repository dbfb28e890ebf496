"""The date grammar (newsclean.core.dates) on the printed date lines of real pages: ../shared/corpora/pages, read in
place.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_dates_real.py [--half tune|measure|all] [--rev GIT_REV]
        [--corpus ../shared/corpora/pages] [--misses]

This scores the grammar alone, not the split: where a page's text prints its date, does the line that prints it
read as that date?  For each page of the half whose `date_visible` flag is set for a variant (full, reader), the
lines of that text holding `date_printed` (the first printed form of the gold date in the full text; the same
string is looked for in the reader text) are the page's date lines.  A page is *read* when ``parse_date_line`` on
one of them, or on it joined with its neighbour line (the renderer sometimes puts the time on its own line), gives
the gold `date` within ±1 day (metadata dates are often UTC); *wrong* when those lines give dates but none within
±1 day.  The "or byline" column also counts the dates ``parse_byline`` reads from a 'By …' line, which is how the
splitter reads a date printed in a byline.  A printed date may sit only inside a sentence or a list of other
articles: such a page is rightly not read, so 100% is not the ceiling.

False dates: every paragraph (line) of the hand-made gold `body` of the half's pages is prose; a date read from one
is a false date line.

Only page ids and counts are printed, never page text.  --misses lists the ids of the pages not read (refused on
the measure half: tune on `tune`, report `measure` once).  --rev REV scores the grammar of src/newsclean/core/dates.py
as committed at REV (for the before/after figures).  About a second.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
import types
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pages_split import DEFAULT_CORPUS, in_half, load_gold  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
VARIANTS = ("full", "reader")
TOLERANCE_DAYS = 1
NEIGHBOUR_MAX_CHARS = 40
YEAR = re.compile(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)")


def load_grammar(rev: str | None):
    """newsclean.core.dates as it is now, or as committed at ``rev`` (bylines then read dates with that grammar too)."""
    import newsclean.core.dates as current
    from newsclean.stages.split import bylines

    if rev is None:
        return current
    source = subprocess.run(
        ["git", "show", f"{rev}:src/newsclean/core/dates.py"], cwd=REPO, check=True, capture_output=True, text=True
    ).stdout
    module = types.ModuleType(f"newsclean_dates_{rev}")
    module.__dict__["__name__"] = module.__name__
    sys.modules[module.__name__] = module  # dataclasses look their module up
    exec(compile(source, f"{rev}:dates.py", "exec"), module.__dict__)
    bylines.parse_date_line = module.parse_date_line
    return module


def within(value, gold: str) -> bool:
    return abs((value.date() - date.fromisoformat(gold)).days) <= TOLERANCE_DAYS


def line_dates(grammar, lines: list[str], i: int) -> list:
    """The dates read from line i: alone, else joined with the next or the previous line, plus a byline's dates."""
    from newsclean.stages.split.bylines import parse_byline

    line = lines[i]
    found = []
    parsed = grammar.parse_date_line(line)
    if parsed is None:
        for a, b in ((i, i + 1), (i - 1, i)):
            if 0 <= a and b < len(lines) and 0 < len(lines[b if a == i else a].strip()) <= NEIGHBOUR_MAX_CHARS:
                parsed = grammar.parse_date_line(f"{lines[a].strip()} {lines[b].strip()}")
                if parsed is not None:
                    break
    if parsed is not None:
        found.append(("line", parsed))
    byline = parse_byline(line)
    if byline is not None:
        found += [("byline", d) for d in byline.dates]
    return found


def score_page(grammar, page: dict, text: str) -> dict:
    """read: a line's published date is the gold one; updated: only an 'Updated ...' stamp is; wrong: dates read,
    none of them the gold one."""
    lines = text.split("\n")
    printed = page["date_printed"]
    hits = [i for i, line in enumerate(lines) if printed in line]
    line_ok = byline_ok = updated = any_date = False
    for i in hits:
        for kind, parsed in line_dates(grammar, lines, i):
            any_date = True
            if not within(parsed.value, page["date"]):
                continue
            if parsed.is_modified:
                updated = True
                continue
            byline_ok = True
            line_ok = line_ok or kind == "line"
    return {
        "lines": len(hits),
        "read": line_ok,
        "read_or_byline": byline_ok,
        "updated_only": updated and not byline_ok,
        "wrong": any_date and not (byline_ok or updated),
    }


def false_dates(grammar, pages: list[dict]) -> dict:
    n_pages = n_lines = bad_lines = dated = 0
    bad_pages = []
    for page in pages:
        if not (page.get("body") and "hand-made" in (page.get("gold_source") or {}).get("body", "")):
            continue
        n_pages += 1
        lines = [line for line in page["body"].split("\n") if line.strip()]
        n_lines += len(lines)
        dated += sum(YEAR.search(line) is not None for line in lines)
        bad = sum(grammar.parse_date_line(line) is not None for line in lines)
        bad_lines += bad
        if bad:
            bad_pages.append(page["id"])
    return {
        "pages": n_pages,
        "lines": n_lines,
        "dated_lines": dated,
        "false_lines": bad_lines,
        "false_pages": bad_pages,
    }


def share(k: int, n: int) -> str:
    return f"{k / n:.2f} ({k}/{n})" if n else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", default="tune", choices=("tune", "measure", "all"))
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument(
        "--rev",
        default=None,
        help="score src/newsclean/core/dates.py as committed at this git revision (8ddd861 or later: before it the "
        "module was src/newsclean/dates.py; score such a revision from a worktree of it instead)",
    )
    parser.add_argument("--misses", action="store_true", help="list the ids of the pages not read (tune only)")
    args = parser.parse_args()
    if args.misses and args.half != "tune":
        parser.error("--misses is for the tune half only: never look at measure pages one by one")
    corpus = Path(args.corpus)
    grammar = load_grammar(args.rev)
    pages = [p for p in load_gold(corpus) if in_half(p["domain"], args.half)]
    started = time.perf_counter()
    rows, misses = [], {}
    for variant in VARIANTS:
        results = {"en": [], "other": []}
        absent = 0
        for page in pages:
            if not (
                (page.get("date_visible") or {}).get(variant)
                and page.get("date_printed")
                and page.get(f"text_{variant}")
            ):
                continue
            text = (corpus / page[f"text_{variant}"]).read_text(encoding="utf-8", errors="replace")
            if page["date_printed"] not in text:
                absent += 1  # the reader text prints the date in another form than the full text's first one
                continue
            result = score_page(grammar, page, text)
            results["en" if page["language"] == "en" else "other"].append(result)
            if not result["read_or_byline"]:
                misses.setdefault(variant, []).append(page["id"] + (" (wrong)" if result["wrong"] else ""))
        for group in ("en", "other", "all"):
            chosen = results["en"] + results["other"] if group == "all" else results[group]
            n = len(chosen)
            rows.append(
                (variant, group, n)
                + tuple(
                    share(sum(r[key] for r in chosen), n) for key in ("read", "read_or_byline", "updated_only", "wrong")
                )
            )
        if absent:
            rows.append((variant, "(other form)", absent, "", "", "", ""))
    body = false_dates(grammar, pages)
    elapsed = time.perf_counter() - started

    label = f"dates.py at {args.rev}" if args.rev else "dates.py in the working tree"
    print(f"Date grammar on printed date lines, half={args.half}, {label} ({elapsed:.1f} s)\n")
    print(
        "| variant | language | pages | read (date line) | read (date line or byline) | only as 'Updated' "
        "| wrong date |"
    )
    print("|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print(
        f"\nFalse dates on hand-made body lines: {body['false_lines']} of {body['lines']} lines "
        f"({body['dated_lines']} of them print a year), {len(body['false_pages'])} of {body['pages']} pages"
    )
    if args.misses:
        for variant, ids in misses.items():
            print(f"\nnot read ({variant}): " + ", ".join(ids))
        if body["false_pages"]:
            print("\nfalse dates on: " + ", ".join(body["false_pages"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
