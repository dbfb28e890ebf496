"""reliability: the reliability columns of every article, from its outlet's ratings and its own text.

The outlet is the registrable domain of the article's ``url`` (else its
``source_domain``), else the domain of its printed ``sitename`` through
``outlets.OUTLET_DOMAINS`` (an ambiguous name stays unresolved, with the
reason in the signals).  Syndicated text (``syndicated_from``) is rated by the
outlet it came from as well as the one that republished it.  Article evidence
comes from ``evidence``.

Score: with ratings and evidence, SOURCE_WEIGHT x the mean rating of the rated
outlets + (1 - SOURCE_WEIGHT) x the evidence score; with one of them, that
one.  Every contribution is a signal whose weight is exactly what it adds, so
the weights add up to ``reliability_score``.  Label: ``high`` at 0.7 or more,
``mixed`` at 0.4 or more, else ``low``; ``unrated`` (null score) with neither a
rating nor enough text for evidence.

Reads: ``url``, ``source_domain``, ``sitename``, ``syndicated_from``, ``text``,
``title``, ``authors``, ``published``, ``article_type``, ``text_flags``,
``derivative_of``, ``captions``, ``boilerplate_removed``, ``article_id``.  Adds:
``reliability_score``, ``reliability_label``, ``reliability_signals``,
``source_rating``, ``source_rating_provider``.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from newsclean.core.contract import Stage
from newsclean.core.domains import host_of
from newsclean.core.outlet_names import AGENCY_DOMAINS, outlet_domain
from newsclean.core.schema import RELIABILITY_SIGNAL
from newsclean.runtime.parallel import Workers
from newsclean.runtime.rowstore import LOCATOR, Rows, RowStore, texts_at, with_locator, write_part
from newsclean.stages.reliability.evidence import ArticleView, evidence, evidence_score
from newsclean.stages.reliability.providers import SourceRatings

UNRATED = "unrated"
HIGH, MIXED = 0.7, 0.4


def label(score: float | None) -> str:
    if score is None:
        return UNRATED
    return "high" if score >= HIGH else "mixed" if score >= MIXED else "low"


def _publisher_host(url: str | None, domain: str | None, sitename: str | None) -> tuple[str | None, str]:
    """(host to rate, how it was found)."""
    if url and host_of(url):
        return url, f"url {url}"
    if domain:
        return domain, f"source_domain {domain}"
    found, why_not = outlet_domain(sitename)
    if found:
        return found, f"sitename {sitename!r}"
    return None, why_not or (f"sitename {sitename!r} is not in the outlet table" if sitename else "no url or sitename")


def _origin_host(origin: str) -> tuple[str | None, str]:
    """The domain of the agency or outlet a syndicated text credits (``syndicated_from``)."""
    if origin in AGENCY_DOMAINS:
        return AGENCY_DOMAINS[origin][0], f"syndicated from {origin}"
    if "." in origin and " " not in origin.strip():
        return origin.strip().lower(), f"syndicated from {origin}"
    found, why_not = outlet_domain(origin)
    return found, (
        f"syndicated from {origin}" if found else why_not or f"syndicated from {origin!r}, not in the outlet table"
    )


def unrated_outlets(table: pa.Table, limit: int = 50) -> list[dict]:
    """The outlets of articles no rating table rated, with how many articles each holds (most first)."""
    from newsclean.core.outlet import outlet_keys  # here: newsclean.core.outlet reads this package's domain functions

    # keyed over the whole table (a name's domain may be printed by rated rows), counted over the unrated ones
    hosts = [
        host_of(url) if url else domain
        for url, domain in zip(table.column("url").to_pylist(), table.column("source_domain").to_pylist())
    ]
    keys = outlet_keys(hosts, table.column("sitename").to_pylist())  # newsclean.core.outlet: one outlet
    counts = Counter(key for key, rating in zip(keys, table.column("source_rating").to_pylist()) if rating is None)
    return [
        {"outlet": outlet, "articles": n}
        for outlet, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    ]


SOURCE_WEIGHT = 0.7  # share of the score from source ratings when the article also gives evidence


CHUNK_ROWS = 20_000  # rows turned into Python objects at a time: at a million articles, all at once is gigabytes


def tag_reliability(
    rows: pa.Table | Rows, ratings: SourceRatings | None = None, folder: Path | None = None, workers: int = 1
) -> pa.Table | Rows:
    """The rows with the reliability columns, tagged a chunk at a time.

    A table that holds ``text``: tagged in this process, every column in the table that comes back.  ``Rows``
    (a run): texts from their store, and ``reliability_signals`` (a few hundred bytes an article) written a
    chunk at a time to a store of its own under ``folder``, which the Rows that come back hold (the table
    carries ``stored_at_signals``); the chunks are tagged on ``workers`` processes (0: one per core), as
    tagging is pure Python, a tenth of a run's time on one core.
    """
    if isinstance(rows, Rows):
        return _tag_rows(rows, ratings or SourceRatings(), Path(folder), workers)
    ratings = ratings or SourceRatings()
    root_of = _roots(rows, None)
    return _appended(rows, list(_tagged_chunks(rows, ratings, None, root_of)))


def _appended(table: pa.Table, pieces: list[pa.Table]) -> pa.Table:
    """``table`` with the columns of ``pieces`` (its rows, a chunk each), chunk by chunk: no copy."""
    for name in pieces[0].column_names:
        table = table.append_column(
            name,
            pa.chunked_array([c for p in pieces for c in p.column(name).chunks], pieces[0].schema.field(name).type),
        )
    return table


def _tag_rows(rows: Rows, ratings: SourceRatings, folder: Path, workers: int) -> Rows:
    table, store = rows.table, rows.store_with("text")
    root_of = _roots(table, store)
    Path(folder).mkdir(parents=True, exist_ok=True)
    reads = [name for name in (*_READS, LOCATOR) if name in table.column_names]
    jobs = []
    for k, start in enumerate(range(0, max(1, table.num_rows), CHUNK_ROWS)):
        # compact columns: a slice of a larger buffer would be pickled whole, once per job
        chunk = pa.table({name: table.column(name).slice(start, CHUNK_ROWS).combine_chunks() for name in reads})
        derived = set(pc.drop_null(chunk.column("derivative_of")).to_pylist()) if "derivative_of" in reads else set()
        jobs.append(
            (
                chunk,
                ratings,
                store,
                {aid: root_of[aid] for aid in derived if aid in root_of},
                str(Path(folder) / f"signals-{k:05d}.arrow"),
            )
        )
    with Workers(workers, len(jobs), 1) as pool:
        tagged = pool.map(_tag_chunk, jobs)
    table = _appended(table, [piece for piece, _ in tagged])
    signals = RowStore.of_parts(
        [part for _, part in tagged], pa.schema([("reliability_signals", pa.list_(RELIABILITY_SIGNAL))]), SIGNALS_AT
    )
    return Rows(with_locator(table, name=SIGNALS_AT), (*rows.stores, signals))


def _tag_chunk(
    chunk: pa.Table, ratings: SourceRatings, store: RowStore, root_of: dict, signals_part: str
) -> tuple[pa.Table, tuple[str, int]]:
    """One chunk's reliability columns but the signals, which go to ``signals_part``: (those columns, the part)."""
    piece = _tagged_rows(chunk, ratings, store, root_of)
    part = write_part(piece.select(["reliability_signals"]), Path(signals_part))
    return piece.drop_columns(["reliability_signals"]), part


SIGNALS_AT = "stored_at_signals"
_READS = (
    "url",
    "source_domain",
    "sitename",
    "syndicated_from",
    "text",
    "title",
    "authors",
    "published",
    "article_type",
    "text_flags",
    "derivative_of",
    "captions",
    "boilerplate_removed",
)


def _roots(table: pa.Table, store: RowStore | None) -> dict:
    """{article id: (its text and captions, published)} of the articles some rewrite in ``table`` rewrites."""
    # The article a rewrite rewrites, for the date-conflict rule: the root is kept, so it is in this table.
    root_of = {}
    if "derivative_of" in table.column_names and "article_id" in table.column_names:
        roots = pc.is_in(table.column("article_id"), pc.unique(pc.drop_null(table.column("derivative_of"))))
        at = np.flatnonzero(np.asarray(pc.fill_null(roots, False))).tolist()
        if at:
            rooted = table.take(pa.array(at, pa.int64()))
            captions = rooted.column("captions").to_pylist() if "captions" in table.column_names else [None] * len(at)
            # captions too: a dated photo caption is what "last August" counts from in an undated text
            for aid, text, published, caption in zip(
                rooted.column("article_id").to_pylist(),
                texts_at(table, at, store),
                rooted.column("published").to_pylist(),
                captions,
            ):
                root_of[aid] = ("\n".join([text or ""] + (caption or [])), published)
    return root_of


def _tagged_chunks(table: pa.Table, ratings: SourceRatings, store: RowStore | None, root_of: dict):
    """The reliability columns of ``table``, CHUNK_ROWS rows at a time (pa.Tables)."""
    for start in range(0, max(1, table.num_rows), CHUNK_ROWS):
        yield _tagged_rows(table.slice(start, CHUNK_ROWS), ratings, store, root_of)


def _tagged_rows(chunk: pa.Table, ratings: SourceRatings, store: RowStore | None, root_of: dict) -> pa.Table:
    columns = {
        name: chunk.column(name).to_pylist() if name in chunk.column_names else [None] * chunk.num_rows
        for name in _READS
    }
    if "text" not in chunk.column_names and store is not None:
        columns["text"] = texts_at(chunk, range(chunk.num_rows), store)
    return _tagged(columns, chunk.num_rows, ratings, root_of)


def _tagged(columns: dict[str, list], n: int, ratings: SourceRatings, root_of: dict) -> pa.Table:
    """The reliability columns of one chunk of rows (``columns``: the rows' values, as Python lists)."""
    names = tuple(columns)
    scores, labels, signals, source_ratings, providers = [], [], [], [], []
    for i in range(n):
        row = {name: columns[name][i] for name in names}
        publisher, rated, unrated_why = _rated_outlets(row, ratings)
        found = evidence(_article_view(row, root_of))
        source_share = (SOURCE_WEIGHT if found is not None else 1.0) if rated else 0.0
        row_signals = _source_signals(rated, source_share, unrated_why if ratings.providers else None)
        if found is not None:
            row_signals += _evidence_signals(found, 1.0 - source_share)
        score = _score(row_signals) if rated or found is not None else None
        scores.append(score)
        labels.append(label(score))
        signals.append(row_signals)
        source_ratings.append(publisher[0] if publisher else None)
        providers.append(", ".join(publisher[1]) if publisher else None)
    additions = {
        "reliability_score": pa.array(scores, pa.float32()),
        "reliability_label": pa.array(labels, pa.string()),
        "reliability_signals": pa.array(signals, pa.list_(RELIABILITY_SIGNAL)),
        "source_rating": pa.array(source_ratings, pa.float32()),
        "source_rating_provider": pa.array(providers, pa.string()),
    }
    return pa.table(additions)


def _rated_outlets(row: dict, ratings: SourceRatings) -> tuple[tuple | None, list[tuple], str]:
    """(the publisher's rating or None, [(role, rating, providers, matched form, how found)] of each rated outlet,
    why no provider rates the publisher)."""
    host, how = _publisher_host(row["url"], row["source_domain"], row["sitename"])
    rated = []
    publisher = ratings.rate(host)
    if publisher is not None:
        rated.append(("publisher", *publisher, how))
    if row["syndicated_from"]:
        origin_host, origin_how = _origin_host(row["syndicated_from"])
        origin = ratings.rate(origin_host)
        if origin is not None:
            rated.append(("syndicated_from", *origin, origin_how))
    return publisher, rated, f"no provider rates {host}" if host else how


def _article_view(row: dict, root_of: dict) -> ArticleView:
    return ArticleView(
        text=row["text"] or "",
        title=row["title"],
        authors=row["authors"],
        published=row["published"],
        article_type=row["article_type"],
        text_flags=row["text_flags"],
        derivative_of=row["derivative_of"],
        root=root_of.get(row["derivative_of"]),
        furniture=(row["captions"] or []) + (row["boilerplate_removed"] or []),
    )


def _source_signals(rated: list[tuple], share: float, unrated_why: str | None) -> list[dict]:
    """One signal per rated outlet, ``share`` of the score split evenly between them; with none rated, one of no
    weight saying why (``unrated_why``), or none when that is None (no rating table configured)."""
    if not rated:
        return [] if unrated_why is None else [{"name": "source_rating:none", "weight": 0.0, "evidence": unrated_why}]
    return [
        {
            "name": f"source_rating:{role}",
            "weight": share * rating / len(rated),
            "evidence": f"{form} rated {rating:.3f} by {', '.join(names)} ({how_found})",
        }
        for role, rating, names, form, how_found in rated
    ]


def _evidence_signals(found: list[tuple[str, float, str]], share: float) -> list[dict]:
    """The evidence score's signals, each weighing ``share`` of its weight."""
    _, evidence_signals = evidence_score(found)
    return [{"name": name, "weight": share * weight, "evidence": text} for name, weight, text in evidence_signals]


def _score(signals: list[dict]) -> float:
    """The sum of the signals' weights in [0, 1]: they add up to it exactly but for float rounding, which may leave
    -1e-17."""
    score = 0.0
    for signal in signals:  # one at a time, in order: sum() compensates rounding from Python 3.12 on
        score += signal["weight"]
    return min(1.0, max(0.0, score))


STAGE = Stage(
    "reliability",
    tag_reliability,
    reads=(*_READS, "article_id"),
    adds=("reliability_score", "reliability_label", "reliability_signals", "source_rating", "source_rating_provider"),
)
