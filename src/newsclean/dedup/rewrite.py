"""Rewrites: the same story told in other words.

Shingles miss a paraphrase (002 and 003 of the real samples share a word
5-gram Jaccard of 0.03), but its content words and its distinctive numbers
stay: the pair's TF-IDF cosine is 0.48 where different articles on the same
event stay under 0.1.  Candidates come from an inverted index of each
document's most distinctive terms, never from all pairs.  A pair is linked when
all three hold:

- TF-IDF cosine of content words >= ``rewrite_threshold``;
- Jaccard of the two texts' word sets (function words included, as they carry
  the shared sentence structure) >= ``rewrite_min_word_jaccard``: on BBC,
  follow-up stories on the same event reach a cosine of 0.6 but share few
  words beyond the topic's (mostly <= 0.35), where 002/003 share 0.40;
- they share ``rewrite_min_shared_numbers`` distinctive numbers (not years),
  or all of them when the text with fewer has fewer.
"""

from __future__ import annotations

import math
from functools import lru_cache
import re
from collections import Counter, defaultdict

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the their theirs them themselves then
    there these they this those through to too under until up very was we were what when where which while who whom why
    will with would you your yours yourself yourselves said says say one two three new also may might must us mr mrs ms
    year years time week weeks month months day days told last first would could many much even still well back""".split()
)
_TOKEN = re.compile(r"[a-z]{3,}")  # apostrophes split words: "calden’s" counts as "calden"
_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_ANY_WORD = re.compile(r"\w+")
TOP_TERMS = 40
INDEX_TERMS = 12
MIN_SHARED_INDEX_TERMS = 3
# A term in more documents than this is too common to find candidates with; a
# fixed cap keeps the candidate count linear in the corpus size (a cap that grew
# with it would make the pair count grow with its square).
MAX_POSTINGS = 100


@lru_cache(maxsize=1 << 18)  # a corpus repeats its vocabulary: look each word up once
def _stem(word: str) -> str:
    """Plural and possessive endings only: enough for 'ferry'/'ferries' to meet, cheap enough to run on every word."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def content_terms(text: str) -> Counter:
    # Count the raw tokens in C first, then stem each distinct word once.
    terms: Counter = Counter()
    for token, k in Counter(_TOKEN.findall(text.lower())).items():
        if token not in STOPWORDS:
            terms[_stem(token)] += k
    return terms


def distinctive_numbers(text: str) -> set[str]:
    """Numbers of two or more digits that are not years: sums, counts and percentages a rewrite keeps."""
    out = set()
    for raw in _NUMBER.findall(text):
        digits = raw.replace(",", "").rstrip(".")
        if len(digits.replace(".", "")) < 2:
            continue
        if digits.isdigit() and 1900 <= int(digits) <= 2099:
            continue
        out.add(digits)
    return out


def vectors(texts: list[str]) -> list[dict[str, float]]:
    """Unit TF-IDF vectors over each text's TOP_TERMS heaviest content words."""
    counts = [content_terms(t) for t in texts]
    df = Counter(term for c in counts for term in c)
    n = len(texts)
    out = []
    for c in counts:
        weights = {t: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[t])) + 1) for t, k in c.items()}
        top = sorted(weights.items(), key=lambda item: (-item[1], item[0]))[:TOP_TERMS]
        norm = math.sqrt(sum(w * w for _, w in top)) or 1.0
        out.append({t: w / norm for t, w in top})
    return out


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b.get(t, 0.0) for t, w in a.items())


def candidate_pairs(vecs: list[dict[str, float]]) -> set[tuple[int, int]]:
    cap = MAX_POSTINGS
    index: dict[str, list[int]] = defaultdict(list)
    for i, vec in enumerate(vecs):
        for term in list(vec)[:INDEX_TERMS]:
            index[term].append(i)
    shared: Counter = Counter()
    for term, postings in index.items():
        if len(postings) > cap:
            continue
        for x, a in enumerate(postings):
            for b in postings[x + 1:]:
                shared[(a, b)] += 1
    return {pair for pair, k in shared.items() if k >= MIN_SHARED_INDEX_TERMS}


def word_set(text: str) -> frozenset[str]:
    return frozenset(_ANY_WORD.findall(text.lower()))


def rewrite_edges(texts: list[str], threshold: float, min_word_jaccard: float,
                  min_shared_numbers: int) -> list[tuple[int, int, float]]:
    vecs = vectors(texts)
    numbers: dict[int, set[str]] = {}
    word_sets: dict[int, frozenset[str]] = {}
    edges = []
    for a, b in sorted(candidate_pairs(vecs)):
        similarity = cosine(vecs[a], vecs[b])
        if similarity < threshold:
            continue
        for i in (a, b):
            if i not in numbers:
                numbers[i], word_sets[i] = distinctive_numbers(texts[i]), word_set(texts[i])
        overlap = len(word_sets[a] & word_sets[b]) / (len(word_sets[a] | word_sets[b]) or 1)
        needed = min(min_shared_numbers, len(numbers[a]), len(numbers[b]))
        if overlap >= min_word_jaccard and len(numbers[a] & numbers[b]) >= needed:
            edges.append((a, b, similarity))
    return edges


def story_clusters(n: int, edges: list[tuple[int, int, float]], order: list[int]) -> dict[int, int]:
    """{member: root} for every document in a cluster of two or more; the root is the first in keep order."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b, _ in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    rank = {doc: position for position, doc in enumerate(order)}
    members: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        members[find(i)].append(i)
    roots = {}
    for group in members.values():
        if len(group) > 1:
            root = min(group, key=rank.__getitem__)
            roots.update({m: root for m in group})
    return roots
