"""Robustness: thousands of malformed raw files mixed with good ones, through every stage up to publication.

Usage (from the repository root):

    .venv/bin/python benchmarks/bench_robustness.py [--files 15000] [--seed 3] [--write]

The inputs are generated here (own word lists, fictional outlets): good
articles (.txt, .jsonl, .txt.gz) and malformed ones of every kind the issue
lists — random bytes, invalid UTF-8, NUL bytes, CR and CRLF line ends,
deeply repeated lines, empty and white-space files, binary files named
.txt, legacy encodings, truncated gzip, .jsonl with malformed lines,
non-string fields, missing ``text`` and path-like fields that try ``../`` —
plus one each of: a 50 MB single line, 100,000 empty lines, a gzip bomb, a
link out of the raw root, a file that vanishes and one that changes between
discovery and reading.  It runs discover, the per-file stages, dedup,
reliability, conservation, the tables' validation and publication, and
reports inputs tried, crashes (an exception escaping a stage: must be 0),
documents lost (conservation: must be 0), quarantine reasons by count, and
whether anything was written outside the output folder.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

WORDS = ("harbour ferry council island timetable winter board pier lighthouse museum market school road bridge "
         "storm tide fishing boat captain mayor budget vote hall library station bus train museum festival").split()
NAMES = ("Mira Osei", "Tomas Calden", "Ana Ruiz", "Jon Pekkala", "Lena Varga", "Omar Haddad")
OUTLETS = ("The Harbour Gazette", "Northfield Daily Courier", "The Valley Ledger", "Lakeside Tribune")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + ", " + rng.choice(NAMES) + " said."


def article(rng: random.Random) -> str:
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
    return f"{sentence(rng)[:60]}\n\nBy {rng.choice(NAMES)}\n{rng.randint(1, 28)} March 2026\n{rng.choice(OUTLETS)}\n\n" + "\n\n".join(paragraphs) + "\n"


def malformed(kind: str, rng: random.Random) -> tuple[str, bytes]:
    good = article(rng)
    if kind == "good_txt":
        return ".txt", good.encode()
    if kind == "good_jsonl":
        lines = [json.dumps({"url": f"https://gazette.example/{rng.random()}", "title": sentence(rng)[:50], "text": article(rng)})
                 for _ in range(rng.randint(1, 4))]
        return ".jsonl", ("\n".join(lines) + "\n").encode()
    if kind == "good_gz":
        return ".txt.gz", gzip.compress(good.encode())
    if kind == "random_bytes":
        return ".txt", rng.randbytes(rng.randint(1, 5000))
    if kind == "invalid_utf8":
        data = bytearray(good.encode())
        for _ in range(rng.randint(1, 30)):
            data.insert(rng.randrange(len(data)), rng.choice([0xC3, 0xFF, 0xFE, 0x80, 0xE2]))
        return ".txt", bytes(data)
    if kind == "nul_bytes":
        data = bytearray(good.encode())
        for _ in range(rng.randint(1, 10)):
            data.insert(rng.randrange(len(data)), 0)
        return ".txt", bytes(data)
    if kind == "mixed_line_ends":
        return ".txt", good.replace("\n", rng.choice(["\r", "\r\n"]), rng.randint(1, 40)).encode()
    if kind == "repeated_lines":
        return ".txt", ((sentence(rng) + "\n") * rng.randint(50, 2000)).encode()
    if kind == "empty":
        return ".txt", b""
    if kind == "whitespace":
        return ".txt", rng.choice([b" \n\t\n", b"\xc2\xa0\n" * 10, b"\n" * 500])
    if kind == "binary_named_txt":
        return ".txt", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2000)
    if kind == "latin1":
        return ".txt", (good + "Caf\u00e9 na\u00efve \u00a3 \u00bd.\n").encode("latin-1")
    if kind == "cp1252":
        return ".txt", (good + "\u201cQuoted\u201d \u2014 dash \u20ac.\n").encode("cp1252")
    if kind == "truncated_gz":
        data = gzip.compress(good.encode())
        return ".txt.gz", data[: rng.randint(1, len(data) - 1)]
    if kind == "header_only":
        return ".txt", f"{sentence(rng)[:50]}\n\nBy {rng.choice(NAMES)}\n3 March 2026\n".encode()
    if kind == "jsonl_hostile":
        lines = [json.dumps({"text": article(rng), "source_file": "../../etc/passwd", "url": "file:///etc/passwd",
                             "title": ["not", "a", "string"], "date": {"nested": True}}),
                 "{not json", json.dumps(["a", "list"]), json.dumps({"title": "no text"}), json.dumps({"text": 42}),
                 json.dumps({"text": article(rng), "sitename": None, "extra": {"deep": [1, 2, {"x": "y"}]}})]
        rng.shuffle(lines)
        return ".jsonl", ("\n".join(lines[: rng.randint(1, len(lines))]) + "\n").encode()
    if kind == "long_word":
        return ".txt", ("x" * rng.randint(10_000, 200_000) + "\n").encode()
    raise ValueError(kind)


GOOD = {"good_txt", "good_jsonl", "good_gz", "latin1", "cp1252"}  # well-formed (legacy encodings included)
KINDS = ("good_txt", "good_jsonl", "good_gz", "random_bytes", "invalid_utf8", "nul_bytes", "mixed_line_ends",
         "repeated_lines", "empty", "whitespace", "binary_named_txt", "latin1", "cp1252", "truncated_gz", "header_only",
         "jsonl_hostile", "long_word")


def generate(raw: Path, files: int, seed: int, outside: Path) -> Counter:
    rng = random.Random(seed)
    kinds = Counter()
    for n in range(files):
        kind = KINDS[n % len(KINDS)]
        suffix, data = malformed(kind, rng)
        folder = raw / f"{n % 97:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{kind}-{n:05d}{suffix}").write_bytes(data)
        kinds[kind] += 1
    (raw / "one-line-50mb.txt").write_bytes(("word " * (50 * 1024 * 1024 // 5)).encode())
    (raw / "empty-lines-100k.txt").write_bytes(b"\n" * 100_000)
    with gzip.open(raw / "bomb.txt.gz", "wb", compresslevel=1) as bomb:  # 1.1 GB of zeros in about 1 MB
        chunk = b"\0" * (1 << 24)
        for _ in range(66):
            bomb.write(chunk)
    (outside / "secret.txt").write_text("outside the raw root\n")
    os.symlink(outside / "secret.txt", raw / "link-out.txt")
    os.symlink(outside, raw / "dir-link-out")
    (raw / "vanishes.txt").write_text(article(rng))
    (raw / "changes.txt").write_text(article(rng))
    kinds.update(["one_line_50mb", "empty_lines_100k", "gzip_bomb", "link_out_file", "link_out_dir", "vanishes", "changes"])
    return kinds


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from newsclean.account import account
    from newsclean.cache import FileCache, process_files
    from newsclean.config import Settings
    from newsclean.dedup import deduplicate
    from newsclean.discover import discover
    from newsclean.publish import RunInfo, final_tables, publish
    from newsclean.reliability import tag_reliability
    from newsclean.splits import assign_splits
    from newsclean.validate import validate_tables

    settings = Settings()
    crashes, lines = [], []
    with tempfile.TemporaryDirectory(prefix="bench-robust-") as tmp:
        raw, out, outside = Path(tmp) / "raw", Path(tmp) / "out", Path(tmp) / "outside"
        outside.mkdir()
        started = time.perf_counter()
        kinds = generate(raw, args.files, args.seed, outside)
        generated = time.perf_counter() - started
        outside_before = snapshot(outside)
        started = time.perf_counter()
        try:
            found = discover(raw)
            (raw / "vanishes.txt").unlink()  # between discovery and reading
            (raw / "changes.txt").write_text("A different text now.\n" * 40)
            cache = FileCache(out / "cache" / "files", settings.limits)
            batches = [process_files(found.files[i:i + 500], settings.limits, cache)
                       for i in range(0, len(found.files), 500)]
            import pyarrow as pa
            import pyarrow.compute as pc

            rows = pa.concat_tables([b.rows for b in batches])
            quarantine = pa.concat_tables([b.quarantine for b in batches])
            segments = {k: v for b in batches for k, v in b.segments.items()}
            articles, duplicates = deduplicate(rows)
            articles = assign_splits(tag_reliability(articles))
            file_level = quarantine.filter(pc.is_null(quarantine.column("segment_index")))
            accounting = account([f.source_file for f in found.files], segments,
                                 file_level.column("source_file").to_pylist(), articles.num_rows, duplicates.num_rows,
                                 quarantine.num_rows - file_level.num_rows, len(found.ignored))
            run = RunInfo.new()
            tables = final_tables(articles, duplicates, quarantine, run)
            validation = validate_tables(tables, settings.expectations_dir, run.started)
            publish(tables, out, run, {"run_id": run.run_id}, 1)
        except Exception:  # a crash is what this benchmark counts: it must not happen
            crashes.append(traceback.format_exc())
        seconds = time.perf_counter() - started
        escaped = snapshot(outside) != outside_before
        raw_files = sum(1 for p in raw.rglob("*") if p.is_file() or p.is_symlink())
        if crashes:
            print(crashes[0], file=sys.stderr)
        lines += [f"### Robustness: {args.files:,} generated files + 7 hostile ones — {datetime.now(timezone.utc):%Y-%m-%d}", "",
                  f"Command: `.venv/bin/python benchmarks/bench_robustness.py --files {args.files} --seed {args.seed}`", "",
                  f"Generated in {generated:.1f} s; stages (discover, ingest, language, split, dedup, reliability, "
                  f"conservation, validation, publish) in {seconds:.1f} s.", "",
                  "| measure | value |", "|---|---:|",
                  f"| files generated (all kinds) | {sum(kinds.values()):,} |",
                  f"| of which malformed or hostile | {sum(n for k, n in kinds.items() if k not in GOOD):,} |",
                  f"| crashes (exceptions escaping a stage) | {len(crashes)} |"]
        if not crashes:
            counts = accounting.as_dict()
            jsonl_lines = sum(v for k, v in segments.items() if k.endswith((".jsonl", ".jsonl.gz")))
            lines += [f"| files discovered / ignored (links out of the root) | {counts['files_discovered']:,} / {counts['files_ignored']} |",
                      f"| documents segmented (.jsonl lines among them: {jsonl_lines:,}) | {counts['documents_segmented']:,} |",
                      f"| articles / duplicates / documents quarantined | {counts['articles']:,} / {counts['duplicates']:,} / {counts['documents_quarantined']:,} |",
                      f"| files quarantined whole | {counts['files_quarantined']:,} |",
                      f"| files lost (discovered − segmented − quarantined) | {accounting.files_balance} |",
                      f"| documents lost (segmented − articles − duplicates − quarantined) | {accounting.documents_balance} |",
                      f"| validation (blocking failures) | {len(validation.blocking_failures)} |",
                      f"| anything written outside the output folder | {'yes' if escaped else 'no'} |", "",
                      "| quarantine reason | rows |", "|---|---:|"]
            lines += [f"| `{reason}` | {n:,} |" for reason, n in Counter(quarantine.column("reason").to_pylist()).most_common()]
            lines += ["", "Ignored: " + ", ".join(f"`{i.source_file}` ({i.reason})" for i in found.ignored) + "."]
        lines.append(f"\n({raw_files:,} paths under the raw root at the end.)")
    text = "\n".join(lines)
    print(text)
    if args.write:
        with (REPO / "benchmarks" / "RESULTS.md").open("a") as handle:
            handle.write("\n" + text + "\n")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
