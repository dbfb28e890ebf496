import hashlib
import json

import pytest
from conftest import EXPECTATIONS

from newsclean.core import schema

# A published table changed without a SCHEMA_VERSION bump breaks every
# reader's assumptions: each version's fingerprint is recorded here.
FINGERPRINTS = {
    # 1.0.0 was fingerprinted on columns only; 1.1.0 added `stitched` to TEXT_FLAGS.
    "1.1.0": "7058529580aca4308afb2b839f26c9199ab7b9d4033d07024a9da0a1fb7f85ed",
    # 1.2.0: duplicates.reason gains already_published (and its value set joins the fingerprint).
    "1.2.0": "533edc8ac79e3e514760a253ae9c8cb1d72cefbf787946f6e55be3004f93391c",
    # 1.3.0: duplicates.reason gains newer_version (tried second: a url's newest version is kept; superseded rows);
    # quarantine.reason gains changed_during_run.
    "1.3.0": "c356d00128e629ce1cedd3fe0fdc794030619f980ed10b03d5b09a8d70831f03",
    # 1.4.0: articles gains split (outlet-disjoint train / validation / test; null unless enabled).
    "1.4.0": "f44df8069de550ee1ed39ccb76452f8220e34d8bbaf6e060c9b2ba620a52fed9",
    # 2.0.0 (breaking): articles.extra is a list of {key, value} structs instead of a map (Hugging Face datasets).
    "2.0.0": "2f553e0ec60d33529c231ae3fc6d3a4a7b3acafad966c9980bf625b189dab431",
    # 2.1.0: text_flags gains implausible_date (newsclean.stages.plausible_dates); quarantine.reason gains
    # file_name_not_utf8.
    "2.1.0": "cb803a2ad31e0f469a5370cfd634b15e5e77ec5a442c84b08dd15829c699c392",
    # 2.2.0: published_source gains updated (only an "Updated ..." stamp printed: it stands in for the day).
    "2.2.0": "b3e3aa8de79e8b5440ffce7ba2a6914bde21db212eeae72fa7cb1334a5eb3582",
    # 2.3.0: authors may hold the agency, outlet or desk a byline credits when it names no person (types unchanged).
    "2.3.0": "b3e3aa8de79e8b5440ffce7ba2a6914bde21db212eeae72fa7cb1334a5eb3582",
    # 2.4.0: duplicates.reason gains most_complete_text (the near copy with more words is kept before path order).
    "2.4.0": "f211f9699567e75bb8d1c5eabef244039ea19c376fc7baf5c8f15df1931399a3",
}


def fingerprint() -> str:
    """Columns, types, nullability and every closed value set of the published tables."""
    parts = []
    for name, table in sorted(schema.TABLES.items()):
        parts += [name] + [f"{f.name}:{f.type}:{f.nullable}" for f in table]
    for values in (
        schema.QUARANTINE_REASONS,
        schema.QUARANTINE_STAGES,
        schema.ARTICLE_TYPES,
        schema.RELIABILITY_LABELS,
        schema.DUPLICATE_METHODS,
        schema.DUPLICATE_REASONS,
        schema.PUBLISHED_PRECISIONS,
        schema.PUBLISHED_SOURCES,
        schema.TEXT_FLAGS,
        schema.SPLIT_NAMES,
    ):
        parts.append(",".join(values))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@pytest.mark.parametrize("table", sorted(schema.TABLES))
def test_every_column_has_a_description(table):
    for name, _type, _nullable, description in schema.describe(table):
        assert len(description) > 10, f"{table}.{name} has no description"


def test_duplicate_reasons_match_the_keep_rule():
    from newsclean.stages.dedup.keep import REASONS

    suite = json.loads((EXPECTATIONS / "duplicates.json").read_text())
    sets = {
        e["kwargs"]["column"]: e["kwargs"]["value_set"]
        for e in suite["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set"
    }
    assert sets["reason"] == list(REASONS)


@pytest.mark.parametrize("table", sorted(schema.TABLES))
def test_suite_column_list_matches_schema(table):
    suite = json.loads((EXPECTATIONS / f"{table}.json").read_text())
    lists = [
        e["kwargs"]["column_list"]
        for e in suite["expectations"]
        if e["type"] == "expect_table_columns_to_match_ordered_list"
    ]
    assert lists == [schema.TABLES[table].names]


def test_suites_check_every_stable_value_set():
    quarantine = json.loads((EXPECTATIONS / "quarantine.json").read_text())
    sets = {
        e["kwargs"]["column"]: e["kwargs"]["value_set"]
        for e in quarantine["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set"
    }
    assert sets["reason"] == list(schema.QUARANTINE_REASONS)
    articles = json.loads((EXPECTATIONS / "articles.json").read_text())
    sets = {
        e["kwargs"]["column"]: e["kwargs"]["value_set"]
        for e in articles["expectations"]
        if e["type"] == "expect_column_values_to_be_in_set"
    }
    assert sets["split"] == list(schema.SPLIT_NAMES)


def test_schema_version_matches_fingerprint():
    # When this fails you changed a published table: bump schema.SCHEMA_VERSION,
    # add a changelog line to the README, and record the new fingerprint here.
    assert schema.SCHEMA_VERSION in FINGERPRINTS
    assert FINGERPRINTS[schema.SCHEMA_VERSION] == fingerprint()
