"""Run the splitter over the labelled set and compare it with expected.json, field by field."""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
FIELDS = (
    "title",
    "description",
    "section",
    "authors",
    "sitename",
    "published",
    "published_precision",
    "modified",
    "social_handles",
    "has_bio",
    "captions",
    "boilerplate",
    "article_type",
    "language",
    "text_flags",
    "first",
    "last",
)


def expected() -> dict[str, list[dict]]:
    return json.loads((HERE / "expected.json").read_text(encoding="utf-8"))


def observed(row: dict) -> dict:
    paragraphs = row["text"].split("\n\n")
    stamp = lambda value: value.isoformat() if value is not None else None  # noqa: E731
    return {
        "title": row["title"],
        "description": row["description"],
        "section": row["section"],
        "authors": list(row["authors"]),
        "sitename": row["sitename"],
        "published": stamp(row["published"]),
        "published_precision": row["published_precision"],
        "modified": stamp(row["modified"]),
        "social_handles": list(row["social_handles"]),
        "has_bio": row["author_bio"] is not None,
        "captions": len(row["captions"]),
        "boilerplate": len(row["boilerplate_removed"]),
        "article_type": row["article_type"],
        "language": row["language"],
        "text_flags": list(row["text_flags"]),
        "first": paragraphs[0],
        "last": paragraphs[-1],
    }


def run_split() -> dict[str, list[dict]]:
    """{file name: [observed fields of each document, in file order]} (quarantined documents are absent)."""
    from newsclean.core.config import Limits
    from newsclean.stages.discover import discover
    from newsclean.stages.ingest import ingest
    from newsclean.stages.language import add_language
    from newsclean.stages.split import split

    result = ingest(discover(FILES).files, Limits())
    rows, _ = split(add_language(result.documents))
    out: dict[str, list[dict]] = {}
    for row in rows.to_pylist():
        out.setdefault(row["source_file"], []).append(observed(row))
    return out


def field_accuracy(got: dict[str, list[dict]], want: dict[str, list[dict]]) -> dict[str, tuple[int, int]]:
    """{field: (right, total)} over every expected document; a missing document is wrong on every field."""
    scores = {name: [0, 0] for name in FIELDS}
    for name, documents in want.items():
        actual = got.get(name, [])
        for index, fields in enumerate(documents):
            row = actual[index] if index < len(actual) else None
            for field in FIELDS:
                scores[field][1] += 1
                scores[field][0] += int(row is not None and row[field] == fields[field])
    return {k: (v[0], v[1]) for k, v in scores.items()}
