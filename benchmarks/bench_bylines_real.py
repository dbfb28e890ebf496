"""Byline reading on real pages (issue 20): parse_byline / parse_name_line on the lines that print an author.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_bylines_real.py [--half tune|measure|all] [--variant full reader]
        [--corpus ../shared/corpora/pages] [--json FILE] [--misses]

This scores the byline *reader* alone, not where the splitter looks for a byline (that is the header's job, scored by
bench_split_real.py).  For each page of the half and each variant (full, reader) whose text shows a gold author (the
corpus's `authors_visible` flags), the text is normalised as ingest does (newsclean.stages.ingest.repair_text) and every
non-blank line that starts within the first 60% of the text and prints a visible gold author's name (the corpus's own
rule: the name's folded words in order, at most two words between them) is a *candidate line*.
Each candidate line is read as the header reads a line: ``parse_byline(line)``, else ``parse_name_line(line)``;
when the line before it is a byline label on its own ("By", "Von", "Par", "Author:" ...: ``is_byline_label``),
the two lines are also read as one byline (``parse_byline(label + " " + line)``).

- **on a candidate line**: visible gold authors printed on some candidate line (the rest are printed only below the
  first 60%, or in a form the folded match does not see): the ceiling of the recall below;
- **recall**: visible gold authors that some name read from the page's candidate lines matches (names compared
  folded, as bench_split_real.py does: case, accents and punctuation folded; middle names may differ);
- **precision**: names read from candidate lines that match some gold author of the page;
- **names on other lines**: names read from the lines (first 60%, same two readers) that print no gold author:
  the furniture, widget text, captions and credits a header could meet.  Not all are wrong (a related article's
  byline names a real person), so this is a count to watch, not an error rate;
- **false names on body lines**: for pages with a hand-made `body`, names read from the body's own lines (prose:
  each should give no byline at all) that are not a gold author, and the body lines they came from.

Output is figures and page ids only (--json FILE writes per-page numbers; --misses lists the page ids and variants
with a missed gold author or a non-gold name, and is refused on `measure`: tune on `tune`, report `measure`).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_split_real import hand_made_body, name_words, names_match, visible_authors  # noqa: E402
from pages_split import DEFAULT_CORPUS, in_half, load_gold  # noqa: E402

VARIANTS = ("full", "reader")
GROUPS = ("en", "other", "all")
TOP_SHARE = 0.6  # candidate lines start within this share of the text's characters
MAX_GAP = 2  # words allowed between a name's words (the corpus's visibility rule)
COUNTS = ("gold", "printed", "recalled", "returned", "correct", "other_names", "other_false", "candidates")


def shows_name(line_words: list[str], name: list[str]) -> bool:
    """The name's words occur in the line's words in order, at most MAX_GAP other words between two of them."""
    if not name:
        return False
    for start, word in enumerate(line_words):
        if word != name[0]:
            continue
        k, gap, j = 1, 0, start + 1
        while k < len(name) and j < len(line_words) and gap <= MAX_GAP:
            if line_words[j] == name[k]:
                k, gap = k + 1, 0
            else:
                gap += 1
            j += 1
        if k == len(name):
            return True
    return False


def read_line(line: str, previous: str | None) -> list[str]:
    """The names the byline readers give for a line (and, after a lone label, for label + line)."""
    from newsclean.stages.split import bylines

    byline = bylines.parse_byline(line)
    if byline is None:
        byline = bylines.parse_name_line(line)
    names = list(byline.names) if byline is not None else []
    is_label = getattr(bylines, "is_byline_label", None)
    if previous is not None and is_label is not None and is_label(previous):
        joined = bylines.parse_byline(previous.strip() + " " + line.strip())
        names += [n for n in (joined.names if joined else []) if n not in names]
    return names


def top_lines(text: str) -> list[tuple[str, str | None]]:
    """(line, previous non-blank line) for the non-blank lines starting within the first TOP_SHARE of the text."""
    limit, offset, previous, out = TOP_SHARE * len(text), 0, None, []
    for line in text.split("\n"):
        if offset > limit:
            break
        offset += len(line) + 1
        if line.strip():
            out.append((line, previous))
            previous = line
    return out


def page_result(page: dict, variant: str, text: str) -> dict | None:
    gold = visible_authors(page, variant)
    if not gold:
        return None
    gold_words = [name_words(g) for g in gold]
    all_gold = page.get("authors") or []
    found: list[str] = []
    other: list[str] = []
    candidates = 0
    printed = [False] * len(gold)
    for line, previous in top_lines(text):
        words = name_words(line)
        names = read_line(line, previous)
        shown = [shows_name(words, g) for g in gold_words]
        if any(shown):
            candidates += 1
            printed = [a or b for a, b in zip(printed, shown)]
            found += [n for n in names if n not in found]
        else:
            other += names
    recalled = sum(any(names_match(n, g) for n in found) for g in gold)
    correct = sum(any(names_match(n, g) for g in all_gold) for n in found)
    other_false = sum(not any(names_match(n, g) for g in all_gold) for n in other)
    return {
        "id": page["id"],
        "variant": variant,
        "group": "en" if page["language"] == "en" else "other",
        "gold": len(gold),
        "printed": sum(printed),
        "candidates": candidates,
        "recalled": recalled,
        "returned": len(found),
        "correct": correct,
        "other_names": len(other),
        "other_false": other_false,
    }


def body_result(page: dict) -> dict:
    """Names read from the hand-made body's own lines (each line as a byline and as a name line)."""
    lines = [line for line in page["body"].split("\n") if line.strip()]
    all_gold = page.get("authors") or []
    false_names, bad_lines = 0, 0
    for line in lines:
        names = read_line(" ".join(line.split()), None)
        wrong = [n for n in names if not any(names_match(n, g) for g in all_gold)]
        false_names += len(wrong)
        bad_lines += bool(wrong)
    return {
        "id": page["id"],
        "group": "en" if page["language"] == "en" else "other",
        "lines": len(lines),
        "false_names": false_names,
        "false_lines": bad_lines,
    }


def run(corpus: Path, half: str, variants: tuple[str, ...]) -> tuple[list[dict], list[dict]]:
    from newsclean.stages.ingest import repair_text

    pages = [p for p in load_gold(corpus) if in_half(p["domain"], half)]
    results = []
    for page in pages:
        for variant in variants:
            if not page.get(f"text_{variant}"):
                continue
            raw = (corpus / page[f"text_{variant}"]).read_text(encoding="utf-8", errors="replace")
            result = page_result(page, variant, repair_text(raw)[0])
            if result is not None:
                results.append(result)
    bodies = [body_result(p) for p in pages if hand_made_body(p)]
    return results, bodies


def share(a: int, b: int) -> str:
    return f"{a / b:.2f} ({a}/{b})" if b else "–"


def report(results: list[dict], bodies: list[dict], variants: tuple[str, ...]) -> list[str]:
    columns = [(v, g) for v in variants for g in GROUPS]
    sums: dict = defaultdict(lambda: defaultdict(int))
    for r in results:
        for group in (r["group"], "all"):
            cell = sums[r["variant"], group]
            cell["pages"] += 1
            for key in COUNTS:
                cell[key] += r[key]
    rows = [
        ("pages with a visible gold author", lambda c: str(c["pages"])),
        ("candidate lines", lambda c: str(c["candidates"])),
        ("visible gold authors on a candidate line", lambda c: share(c["printed"], c["gold"])),
        ("recall (visible gold authors read)", lambda c: share(c["recalled"], c["gold"])),
        ("precision (names read that are gold)", lambda c: share(c["correct"], c["returned"])),
        ("names read on other top lines", lambda c: str(c["other_names"])),
        ("… of which not a gold author", lambda c: str(c["other_false"])),
    ]
    lines = ["| byline reader | " + " | ".join(f"{v} {g}" for v, g in columns) + " |", "|---|" + "---:|" * len(columns)]
    lines += [f"| {label} | " + " | ".join(fn(sums[c]) for c in columns) + " |" for label, fn in rows]
    body = defaultdict(lambda: defaultdict(int))
    for b in bodies:
        for group in (b["group"], "all"):
            for key in ("lines", "false_names", "false_lines"):
                body[group][key] += b[key]
            body[group]["pages"] += 1
    lines += ["", "| hand-made body lines | " + " | ".join(GROUPS) + " |", "|---|" + "---:|" * len(GROUPS)]
    lines += [
        "| pages / lines | " + " | ".join(f"{body[g]['pages']} / {body[g]['lines']}" for g in GROUPS) + " |",
        "| false names (lines) | "
        + " | ".join(f"{body[g]['false_names']} ({body[g]['false_lines']})" for g in GROUPS)
        + " |",
    ]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--half", default="tune", choices=("tune", "measure", "all"))
    parser.add_argument("--variant", nargs="+", default=list(VARIANTS), choices=VARIANTS)
    parser.add_argument("--json", help="write per-page numbers (page ids, no text) to this file")
    parser.add_argument("--misses", action="store_true", help="list page ids with a miss (tune only)")
    args = parser.parse_args()
    corpus = Path(args.corpus)
    if not (corpus / "gold.jsonl").is_file():
        print(f"no corpus at {corpus}", file=sys.stderr)
        return 2
    if args.misses and args.half != "tune":
        print("--misses lists individual pages: only on the tune half", file=sys.stderr)
        return 2
    variants = tuple(args.variant)
    results, bodies = run(corpus, args.half, variants)
    print(f"half={args.half} variants={' '.join(variants)}\n")
    print("\n".join(report(results, bodies, variants)))
    if args.misses:
        print()
        for r in results:
            if r["recalled"] < r["gold"] or r["correct"] < r["returned"]:
                print(
                    f"{r['id']} {r['variant']} recalled {r['recalled']}/{r['gold']}"
                    f" correct {r['correct']}/{r['returned']}"
                )
        for b in bodies:
            if b["false_names"]:
                print(f"{b['id']} body false names {b['false_names']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"pages": results, "bodies": bodies}, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
