"""[sources]: a folder's outlet, where the text does not say (issue 21)."""

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pytest
from conftest import shared_path

from newsclean.core.config import ConfigError, Settings, Source, load_settings
from newsclean.stages.sources import apply_sources, files_by_source

SOURCES = (Source("bbc/**", "BBC News", "bbc.co.uk"), Source("**/*.jsonl", None, "wire.example"))


def _rows(files, sitenames, domains):
    return pa.table(
        {
            "source_file": pa.array(files, pa.string()),
            "sitename": pc.dictionary_encode(pa.array(sitenames, pa.string())),
            "source_domain": pa.array(domains, pa.string()),
        }
    )


def test_the_first_matching_entry_fills_only_what_the_row_lacks():
    rows = _rows(
        ["bbc/politics/1.txt", "bbc/feed.jsonl", "other/2.txt", "bbc/tech/3.txt", "wire/a.jsonl"],
        [None, None, None, "BBC Sport", None],
        [None, None, None, None, "apnews.com"],
    )
    out = apply_sources(rows, SOURCES)
    assert out.column("sitename").to_pylist() == ["BBC News", "BBC News", None, "BBC Sport", None]
    assert out.column("source_domain").to_pylist() == ["bbc.co.uk", "bbc.co.uk", None, "bbc.co.uk", "apnews.com"]
    assert out.schema == rows.schema  # types (a dictionary-encoded column) kept
    assert apply_sources(out, SOURCES).equals(out)  # a second pass changes nothing


def test_no_sources_leaves_the_rows_as_they_are():
    rows = _rows(["a.txt"], [None], [None])
    assert apply_sources(rows, ()) is rows


def test_files_are_claimed_by_the_first_entry_that_matches():
    assert files_by_source(["bbc/x.jsonl", "w/y.jsonl", "z.txt"], SOURCES) == [["bbc/x.jsonl"], ["w/y.jsonl"]]


def test_sources_are_read_from_the_config_file_and_checked(tmp_path):
    config = tmp_path / "newsclean.toml"
    config.write_text(
        '[sources]\n"bbc/**" = { sitename = "BBC News", domain = "BBC.co.uk" }\n'
        '"wire/*.jsonl" = { domain = "wire.example" }\n'
    )
    settings = load_settings(config)
    assert settings.sources == (Source("bbc/**", "BBC News", "bbc.co.uk"), Source("wire/*.jsonl", None, "wire.example"))
    assert Settings.from_dict(settings.to_dict()).sources == settings.sources
    for bad, message in [
        ('"bbc/**" = "BBC News"', "must be a table with sitename and/or domain"),
        ('"bbc/**" = { name = "BBC" }', "must be a table with sitename and/or domain"),
        ('"bbc/**" = { domain = "https://bbc.co.uk/news" }', "must be a host name"),
        ('"bbc/**" = { sitename = "" }', "must be a non-empty string"),
    ]:
        config.write_text(f"[sources]\n{bad}\n")
        with pytest.raises(ConfigError, match=message):
            load_settings(config)


@pytest.mark.flow
def test_the_bbc_corpus_mapped_to_its_outlet_gets_its_rating(flow_module, tmp_path):
    """BBC's plain-text folders with [sources] and Lin et al. (2023): every article has BBC's sitename and domain
    and takes BBC's rating, none is labelled low; the corpus's README.TXT is ignored with a reason."""
    bbc = shared_path("corpora", "bbc")
    ratings = shared_path("reference", "lin2023-domain-quality", "domain_pc1.csv")
    config = {
        "sources": {"*/**": {"sitename": "BBC News", "domain": "bbc.co.uk"}},
        "reliability": {"domain_scores": [str(ratings)]},
    }
    summary = flow_module.clean_news_corpus(raw_dir=str(bbc), out_dir=str(tmp_path / "out"), config=config)
    assert {"source_file": "README.TXT", "reason": "excluded"} in summary["ignored"]
    articles = ds.dataset(tmp_path / "out" / "articles").to_table(
        columns=["sitename", "source_domain", "reliability_label"]
    )
    assert articles.num_rows > 2000
    assert set(articles.column("sitename").to_pylist()) == {"BBC News"}
    assert set(articles.column("source_domain").to_pylist()) == {"bbc.co.uk"}
    assert "low" not in set(articles.column("reliability_label").to_pylist())
