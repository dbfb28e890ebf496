"""account: check that every input is accounted for (README, "Conservation").

    files discovered   = files segmented + files quarantined whole
    documents segmented = articles + duplicates + documents quarantined

A run whose counts do not add up has lost or invented rows: it is a bug, and
nothing is published.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


class ConservationError(RuntimeError):
    """The counts of a run do not add up; the run publishes nothing."""


@dataclass(frozen=True)
class Accounting:
    files_discovered: int
    files_segmented: int
    files_quarantined: int
    files_ignored: int
    documents_segmented: int
    articles: int
    duplicates: int
    documents_quarantined: int

    @property
    def files_balance(self) -> int:
        return self.files_discovered - self.files_segmented - self.files_quarantined

    @property
    def documents_balance(self) -> int:
        return self.documents_segmented - self.articles - self.duplicates - self.documents_quarantined

    @property
    def holds(self) -> bool:
        return self.files_balance == 0 and self.documents_balance == 0

    def as_dict(self) -> dict:
        return {**asdict(self), "holds": self.holds}

    def lines(self) -> list[str]:
        return [
            f"files: {self.files_discovered} discovered = {self.files_segmented} segmented"
            f" + {self.files_quarantined} quarantined "
            f"({'ok' if self.files_balance == 0 else f'off by {self.files_balance}'})",
            f"documents: {self.documents_segmented} segmented = {self.articles} articles + {self.duplicates} duplicates"
            f" + {self.documents_quarantined} quarantined "
            f"({'ok' if self.documents_balance == 0 else f'off by {self.documents_balance}'})",
        ]


def account(
    discovered: list[str],
    segments_per_file: dict[str, int],
    quarantined_files: list[str],
    n_articles: int,
    n_duplicates: int,
    n_quarantined_documents: int,
    n_ignored: int = 0,
) -> Accounting:
    """Count, and raise ConservationError when a file is counted twice, never, or the documents do not balance."""
    discovered_set = set(discovered)
    segmented = set(segments_per_file)
    quarantined = set(quarantined_files)
    problems = []
    if len(discovered_set) != len(discovered):
        problems.append("a file was discovered twice")
    if both := segmented & quarantined:
        problems.append(f"files both segmented and quarantined whole: {sorted(both)[:5]}")
    if missing := discovered_set - segmented - quarantined:
        problems.append(f"files neither segmented nor quarantined: {sorted(missing)[:5]}")
    if unknown := (segmented | quarantined) - discovered_set:
        problems.append(f"rows for files never discovered: {sorted(unknown)[:5]}")
    result = Accounting(
        files_discovered=len(discovered),
        files_segmented=len(segmented),
        files_quarantined=len(quarantined),
        files_ignored=n_ignored,
        documents_segmented=sum(segments_per_file.values()),
        articles=n_articles,
        duplicates=n_duplicates,
        documents_quarantined=n_quarantined_documents,
    )
    if not result.holds:
        problems.extend(result.lines())
    if problems:
        raise ConservationError("conservation does not hold: " + "; ".join(problems))
    return result
