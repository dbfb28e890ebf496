"""splits: outlet-disjoint, stable, off by default."""

import pyarrow as pa
import pytest

from newsclean.core.config import ConfigError, Settings, Splits
from newsclean.stages.dataset_splits import assign_splits, split_of


def _articles(outlets):
    return pa.table(
        {
            "source_domain": [o if "." in o else None for o in outlets],
            "sitename": [None if "." in o else o for o in outlets],
        }
    )


def test_off_by_default_the_column_is_null():
    assert assign_splits(_articles(["a.example", "Harbour Gazette"])).column("split").to_pylist() == [None, None]


def test_every_article_of_an_outlet_shares_one_split_and_the_shares_follow_the_config():
    settings = Splits(enabled=True, validation=0.2, test=0.2)
    outlets = [f"outlet{n}.example" for n in range(2000)]
    table = assign_splits(_articles([o for o in outlets for _ in range(3)] + ["www.outlet7.example"]), settings)
    by_outlet = {}
    for outlet, split in zip(table.column("source_domain").to_pylist(), table.column("split").to_pylist()):
        by_outlet.setdefault(outlet.removeprefix("www."), set()).add(split)
    assert all(len(splits) == 1 for splits in by_outlet.values())  # disjoint: no outlet in two splits
    shares = {
        name: sum(1 for s in by_outlet.values() if name in s) / len(by_outlet)
        for name in ("train", "validation", "test")
    }
    assert shares["test"] == pytest.approx(0.2, abs=0.03) and shares["validation"] == pytest.approx(0.2, abs=0.03)
    assert split_of("outlet5.example", settings) == split_of("OUTLET5.example", settings)  # stable, case aside
    assert assign_splits(_articles(["Harbour Gazette"]), settings).column("split").to_pylist()[0] in (
        "train",
        "validation",
        "test",
    )


def test_the_config_takes_booleans_only_where_a_boolean_is_expected():
    assert Settings.from_dict({"splits": {"enabled": True, "test": 0.3}}).splits == Splits(enabled=True, test=0.3)
    with pytest.raises(ConfigError, match="splits.enabled must be true or false"):
        Settings.from_dict({"splits": {"enabled": "yes"}})
