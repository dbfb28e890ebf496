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
discovery and reading, and the hostile cases of issue 19: a FIFO and a
character device named ``.txt`` (would block or never end), a file name that
is not UTF-8, ``.jsonl`` fields holding lone surrogate escapes, an article
dated 2099, and races — a file swapped for a link to a file outside the root
after the walk and before hashing, another swapped for such a link after
hashing and before reading, one replaced by a new file with the same bytes,
and one changed mid-run and restored (a second pass must read it).  The
output folder holds a user's own ``releases/v1.0/NOTES.md`` and ``releases/2026-01/press.txt`` beside
newsclean's releases.  It runs discover, the per-file stages, dedup,
reliability, conservation, the tables' validation and publication (twice),
and reports inputs tried, crashes (an exception escaping a stage: must be
0), documents lost (conservation: must be 0), quarantine reasons by count,
whether anything outside the root was read (no row carries the outside
file's text or sha256), whether anything was written outside the output
folder, and whether any of the user's files were deleted.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import random
import stat
import sys
import tempfile
import time
import traceback
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

WORDS = (
    "harbour ferry council island timetable winter board pier lighthouse museum market school road bridge "
    "storm tide fishing boat captain mayor budget vote hall library station bus train museum festival"
).split()
NAMES = ("Mira Osei", "Tomas Calden", "Ana Ruiz", "Jon Pekkala", "Lena Varga", "Omar Haddad")
OUTLETS = ("The Harbour Gazette", "Northfield Daily Courier", "The Valley Ledger", "Lakeside Tribune")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    return " ".join(words).capitalize() + ", " + rng.choice(NAMES) + " said."


def article(rng: random.Random) -> str:
    paragraphs = [" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))]
    return (
        f"{sentence(rng)[:60]}\n\nBy {rng.choice(NAMES)}\n{rng.randint(1, 28)} March 2026\n{rng.choice(OUTLETS)}\n\n"
        + "\n\n".join(paragraphs)
        + "\n"
    )


def malformed(kind: str, rng: random.Random) -> tuple[str, bytes]:
    good = article(rng)
    if kind == "good_txt":
        return ".txt", good.encode()
    if kind == "good_jsonl":
        lines = [
            json.dumps(
                {"url": f"https://gazette.example/{rng.random()}", "title": sentence(rng)[:50], "text": article(rng)}
            )
            for _ in range(rng.randint(1, 4))
        ]
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
        lines = [
            json.dumps(
                {
                    "text": article(rng),
                    "source_file": "../../etc/passwd",
                    "url": "file:///etc/passwd",
                    "title": ["not", "a", "string"],
                    "date": {"nested": True},
                }
            ),
            "{not json",
            json.dumps(["a", "list"]),
            json.dumps({"title": "no text"}),
            json.dumps({"text": 42}),
            json.dumps({"text": article(rng), "sitename": None, "extra": {"deep": [1, 2, {"x": "y"}]}}),
        ]
        rng.shuffle(lines)
        return ".jsonl", ("\n".join(lines[: rng.randint(1, len(lines))]) + "\n").encode()
    if kind == "long_word":
        return ".txt", ("x" * rng.randint(10_000, 200_000) + "\n").encode()
    raise ValueError(kind)


GOOD = {"good_txt", "good_jsonl", "good_gz", "latin1", "cp1252"}  # well-formed (legacy encodings included)
KINDS = (
    "good_txt",
    "good_jsonl",
    "good_gz",
    "random_bytes",
    "invalid_utf8",
    "nul_bytes",
    "mixed_line_ends",
    "repeated_lines",
    "empty",
    "whitespace",
    "binary_named_txt",
    "latin1",
    "cp1252",
    "truncated_gz",
    "header_only",
    "jsonl_hostile",
    "long_word",
)


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
    (outside / "secret.txt").write_text("Outside secret\n\n" + (SECRET + " ") * 40 + "\n")
    os.symlink(outside / "secret.txt", raw / "link-out.txt")
    os.symlink(outside, raw / "dir-link-out")
    (raw / "vanishes.txt").write_text(article(rng))
    (raw / "changes.txt").write_text(article(rng))
    kinds.update(
        ["one_line_50mb", "empty_lines_100k", "gzip_bomb", "link_out_file", "link_out_dir", "vanishes", "changes"]
    )
    os.mkfifo(raw / "fifo.txt")
    kinds["fifo"] += 1
    try:
        os.mknod(raw / "zero.txt", stat.S_IFCHR | 0o600, os.makedev(1, 5))  # what /dev/zero is
        kinds["char_device"] += 1
    except PermissionError:
        pass  # not root: the FIFO stands for the family
    (raw / os.fsdecode(b"name-not-utf8-\xff.txt")).write_text(article(rng))
    story = article(rng)
    hostile = [
        json.dumps({"text": story, field: "x \ud800"}) for field in ("url", "title", "sitename", "date", "crawl")
    ]
    hostile.append(json.dumps({"text": story[:40] + "\udfff" + story[40:]}))
    (raw / "surrogates.jsonl").write_text("\n".join(hostile) + "\n")
    (raw / "dated-2099.txt").write_text(article(rng).replace(" March 2026", " February 2099", 1))
    for name in RACES:
        (raw / name).write_text(article(rng))
    kinds.update(["name_not_utf8", "jsonl_surrogates", "dated_2099"] + [name[:-4] for name in RACES])
    return kinds


# Raced files (see main): swapped for a link during hashing, during reading, replaced by a same-bytes copy,
# changed mid-run and restored.
RACES = ("swap-hashing.txt", "swap-reading.txt", "replaced.txt", "restored.txt")


def swap_for_link(path: Path, target: Path) -> None:
    """Rename a link to ``target`` over ``path`` in one step, as a hostile user (or a sync tool) would."""
    temporary = path.with_name(".swap-" + path.name)
    os.symlink(target, temporary)
    os.replace(temporary, path)


def snapshot(folder: Path) -> dict[str, float]:
    return {str(p): p.stat().st_mtime for p in folder.rglob("*")}


SECRET = "outsidesecretword"


def race_during_hashing(raw: Path, outside: Path) -> None:
    """After the walk listed swap-hashing.txt and before it is hashed: a link out of the root renamed over it."""
    swap_for_link(raw / "swap-hashing.txt", outside / "secret.txt")


def race_during_reading(raw: Path, outside: Path) -> None:
    """After discovery hashed everything and before ingest reads: vanish, change, swap, replace."""
    (raw / "vanishes.txt").unlink()
    (raw / "changes.txt").write_text("A different text now.\n" * 40)
    swap_for_link(raw / "swap-reading.txt", outside / "secret.txt")
    copy = raw / ".copy-replaced.txt"
    copy.write_bytes((raw / "replaced.txt").read_bytes())  # the same bytes in a new file: sha256 alone would pass
    os.replace(copy, raw / "replaced.txt")
    (raw / "restored.txt").write_text("Being edited.\n" * 30)


def overlap_refused(raw: Path) -> bool:
    from newsclean.core.config import ConfigError, Settings, check_folders

    try:
        check_folders(Settings(raw_dir=raw, out_dir=raw / "processed"))
    except ConfigError:
        return True
    return False


def one_pass(raw: Path, out: Path, settings, cache, during_hashing=None, during_reading=None) -> dict:
    """Every stage once, as a run does, with the races injected at their moments; publishes a release."""
    import pyarrow as pa
    import pyarrow.compute as pc

    import newsclean.stages.discover as discovery
    from newsclean.outputs.account import account
    from newsclean.outputs.publish import RunInfo, final_tables, publish
    from newsclean.outputs.validate import validate_tables
    from newsclean.stages.dataset_splits import assign_splits
    from newsclean.stages.dedup import deduplicate
    from newsclean.stages.per_file import process_files
    from newsclean.stages.plausible_dates import set_aside_implausible_dates
    from newsclean.stages.reliability import tag_reliability

    hash_files = discovery._raw_files
    if during_hashing is not None:

        def hash_after_race(chunk):
            if any(f.source_file == "swap-hashing.txt" for f in chunk):
                during_hashing()
            return hash_files(chunk)

        discovery._raw_files = hash_after_race
    try:
        found = discovery.discover(raw)
    finally:
        discovery._raw_files = hash_files
    if during_reading is not None:
        during_reading()
    run = RunInfo.new()
    batches = [process_files(found.files[i : i + 500], settings.limits, cache) for i in range(0, len(found.files), 500)]
    rows = set_aside_implausible_dates(pa.concat_tables([b.rows for b in batches]), run.started)
    quarantine = pa.concat_tables([b.quarantine for b in batches])
    segments = {k: v for b in batches for k, v in b.segments.items()}
    articles, duplicates = deduplicate(rows)
    articles = assign_splits(tag_reliability(articles))
    file_level = quarantine.filter(pc.is_null(quarantine.column("segment_index")))
    accounting = account(
        [f.source_file for f in found.files],
        segments,
        file_level.column("source_file").to_pylist(),
        articles.num_rows,
        duplicates.num_rows,
        quarantine.num_rows - file_level.num_rows,
        len(found.ignored),
    )
    tables = final_tables(articles, duplicates, quarantine, run)
    validation = validate_tables(tables, settings.expectations_dir, run.started)
    if validation.success:
        publish(tables, out, run, {"run_id": run.run_id}, 1)
    reasons = dict(zip(quarantine.column("source_file").to_pylist(), quarantine.column("reason").to_pylist()))
    texts = " ".join(t for t in tables["articles"].column("text").to_pylist() if t)
    shas = set(tables["articles"].column("source_sha256").to_pylist())
    return {
        "accounting": accounting,
        "segments": segments,
        "validation": validation,
        "ignored": found.ignored,
        "published": validation.success,
        "reasons": Counter(quarantine.column("reason").to_pylist()),
        "raced": [n for n in RACES if reasons.get(n) == "changed_during_run"],
        "read_outside": lambda word, sha: word in texts or sha in shas,
        "has_rows": lambda name: name in set(tables["articles"].column("source_file").to_pylist()),
        "flagged_dates": sum(
            "implausible_date" in (f or []) for f in tables["articles"].column("text_flags").to_pylist()
        ),
    }


def pass_lines(result: dict, name: str) -> list[str]:
    counts, accounting = result["accounting"].as_dict(), result["accounting"]
    jsonl_lines = sum(v for k, v in result["segments"].items() if k.endswith((".jsonl", ".jsonl.gz")))
    return [
        f"| {name}: files discovered / ignored | {counts['files_discovered']:,} / {counts['files_ignored']} |",
        f"| {name}: documents segmented (.jsonl lines among them: {jsonl_lines:,}) | "
        f"{counts['documents_segmented']:,} |",
        f"| {name}: articles / duplicates / documents quarantined | {counts['articles']:,} / "
        f"{counts['duplicates']:,} / {counts['documents_quarantined']:,} |",
        f"| {name}: files quarantined whole | {counts['files_quarantined']:,} |",
        f"| {name}: files lost (discovered − segmented − quarantined) | {accounting.files_balance} |",
        f"| {name}: documents lost (segmented − articles − duplicates − quarantined) | "
        f"{accounting.documents_balance} |",
        f"| {name}: validation blocking failures / published | {len(result['validation'].blocking_failures)} / "
        f"{'yes' if result['published'] else 'NO'} |",
        f"| {name}: articles with an implausible date set aside | {result['flagged_dates']} |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=15_000)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from newsclean.core.config import Settings
    from newsclean.runtime.cache import FileCache

    settings = Settings()
    crashes, lines = [], []
    with tempfile.TemporaryDirectory(prefix="bench-robust-") as tmp:
        raw, out, outside = Path(tmp) / "raw", Path(tmp) / "out", Path(tmp) / "outside"
        outside.mkdir()
        started = time.perf_counter()
        kinds = generate(raw, args.files, args.seed, outside)
        secret_sha = hashlib.sha256((outside / "secret.txt").read_bytes()).hexdigest()
        # the user's own files beside newsclean's releases, named as old releases' folders would sort (first)
        user_files = [out / "releases" / "v1.0" / "NOTES.md", out / "releases" / "2026-01" / "press.txt"]
        for path in user_files:
            path.parent.mkdir(parents=True)
            path.write_text("the user's own\n")
        restored_bytes = (raw / "restored.txt").read_bytes()
        generated = time.perf_counter() - started
        outside_before = snapshot(outside)
        refused = overlap_refused(raw)
        started = time.perf_counter()
        passes = []
        try:
            cache = FileCache(out / "cache" / "files", settings.limits)
            passes.append(
                one_pass(
                    raw,
                    out,
                    settings,
                    cache,
                    lambda: race_during_hashing(raw, outside),
                    lambda: race_during_reading(raw, outside),
                )
            )
            (raw / "restored.txt").write_bytes(restored_bytes)
            passes.append(one_pass(raw, out, settings, cache))
        except Exception:  # a crash is what this benchmark counts: it must not happen
            crashes.append(traceback.format_exc())
        seconds = time.perf_counter() - started
        escaped = snapshot(outside) != outside_before
        raw_files = sum(1 for p in raw.rglob("*") if p.is_file() or p.is_symlink())
        if crashes:
            print(crashes[0], file=sys.stderr)
        lines += [
            f"### Robustness: {args.files:,} generated files + {sum(kinds.values()) - args.files} hostile ones — "
            f"{datetime.now(UTC):%Y-%m-%d}",
            "",
            f"Command: `.venv/bin/python benchmarks/bench_robustness.py --files {args.files} --seed {args.seed}`",
            "",
            f"Generated in {generated:.1f} s; two passes of the stages (discover, ingest, language, split, dates, "
            f"dedup, reliability, conservation, validation, publish) in {seconds:.1f} s.",
            "",
            "| measure | value |",
            "|---|---:|",
            f"| files generated (all kinds) | {sum(kinds.values()):,} |",
            f"| of which malformed or hostile | {sum(n for k, n in kinds.items() if k not in GOOD):,} |",
            f"| crashes (exceptions escaping a stage) | {len(crashes)} |",
            f"| output folder inside the raw folder refused | {'yes' if refused else 'NO'} |",
        ]
        if not crashes:
            first, second = passes
            lines += pass_lines(first, "pass 1") + pass_lines(second, "pass 2")
            read_outside = any(p["read_outside"](SECRET, secret_sha) for p in passes)
            lines += [
                f"| anything read outside the raw root (the outside file's text or sha256 in any row) | "
                f"{'YES' if read_outside else 'no'} |",
                f"| anything written outside the output folder | {'YES' if escaped else 'no'} |",
                f"| the user's own files deleted (`releases/v1.0/NOTES.md`, `releases/2026-01/press.txt`) | "
                f"{'no' if all(p.is_file() for p in user_files) else 'YES'} |",
                f"| raced files quarantined in pass 1 (`changed_during_run`) | "
                f"{', '.join(f'`{n}`' for n in first['raced'])} |",
                f"| `restored.txt` read in pass 2 (not kept quarantined by the cache) | "
                f"{'yes' if second['has_rows']('restored.txt') else 'NO'} |",
                "",
                "| quarantine reason (pass 1) | rows |",
                "|---|---:|",
            ]
            lines += [f"| `{reason}` | {n:,} |" for reason, n in first["reasons"].most_common()]
            lines += ["", "Ignored: " + ", ".join(f"`{i.source_file}` ({i.reason})" for i in first["ignored"]) + "."]
        lines.append(f"\n({raw_files:,} paths under the raw root at the end.)")
    text = "\n".join(lines)
    print(text)
    if args.write:
        with (REPO / "benchmarks" / "RESULTS.md").open("a") as handle:
            handle.write("\n" + text + "\n")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
