"""The published tables, digest for digest, on three corpora: a change to the code's shape changes no row.

The digests (``benchmarks/table_digest.py``: the schema and every value of every column but ``run_id`` and
``processed_at``, in the published order) were taken before the code moved into core/, stages/, runtime/ and
outputs/.  A change that is meant to alter the output updates them, in the same commit, with the command
``.venv/bin/python benchmarks/table_digest.py --run <raw folder>`` and says why.
"""

import pytest
from conftest import RAW, shared_path
from table_digest import release_digests

pytestmark = pytest.mark.flow

GOLDEN = {
    "data/raw": {
        "articles": (24, "4c188ceb065550a7564fe2f4c5f555af7279a2c380fbfd3514a47273ee9671fc"),
        "duplicates": (2, "dfab49acb542c4febf28170b42d9b1741f9939bb5d04bf9b3e9462fccde5eaa4"),
        "quarantine": (7, "82a3774f8193ed2b5e55ac6567a24555218e552eee4b2972469565b161dfc2be"),
    },
    "raw_samples": {
        "articles": (5, "6a6499de142e41414ca0eea99a97acc725840e799f5e57dc80105681e464d088"),
        "duplicates": (0, "69441d1656fcdfe60546bf877344ac64614c72a7876930bfb54245b420e7c3f4"),
        "quarantine": (0, "0b5b1c82743fc8b5484a05821767f019b3f8b164fccaf62daa7298a14d69cd8a"),
    },
    "corpora/bbc": {
        "articles": (2068, "78caa6c879b853451b70dd59aea8704c0e01fc741e96838b0799a48e234749a5"),
        "duplicates": (157, "ccafc3be16d02f87c7e358a7221ef86c7fd186532d1807a1036407f2f8c2cc8c"),
        "quarantine": (0, "0b5b1c82743fc8b5484a05821767f019b3f8b164fccaf62daa7298a14d69cd8a"),
    },
}


@pytest.mark.parametrize("corpus", sorted(GOLDEN))
def test_the_published_tables_match_their_golden_digests(flow_module, tmp_path, corpus):
    raw = RAW if corpus == "data/raw" else shared_path(*corpus.split("/"))
    flow_module.clean_news_corpus(raw_dir=str(raw), out_dir=str(tmp_path / "out"))
    found = {name: (d["rows"], d["sha256"]) for name, d in release_digests(tmp_path / "out").items()}
    assert found == GOLDEN[corpus]


def test_the_digest_sees_a_changed_value_and_ignores_the_run_columns():
    import pyarrow as pa
    from table_digest import table_digest

    table = pa.table({"article_id": ["a", "b"], "title": ["One", "Two"], "run_id": ["r1", "r1"]})
    same_but_run = table.set_column(2, "run_id", pa.array(["r2", "r2"]))
    changed = table.set_column(1, "title", pa.array(["One", "Two!"]))
    assert table_digest(table) == table_digest(same_but_run) != table_digest(changed)
    assert table_digest(table) != table_digest(table.take([1, 0]))  # the order is part of the output
