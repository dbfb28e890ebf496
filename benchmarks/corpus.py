"""A synthetic news corpus with ground truth, for the dedup benchmarks.

Everything here is generated from word lists and sentence templates written
for newsclean (no copied prose).  Each *story* is a cluster: an original plus
variants of the kinds real corpora hold, each with the cluster id it belongs
to, so a benchmark can score what dedup merged or linked.

Variants: exact copy; copy under other header/footer furniture; word edits
(one word in N replaced); paragraphs reordered; paragraphs dropped; and a
paraphrased rewrite (synonyms swapped, sentences reworded, names and numbers
kept).  Hard negatives: templated briefs (one earnings or sports-result
template, other names and numbers) that are different stories and must stay
apart.  The same seed always gives the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

SYLLABLES = ["ka", "lor", "ven", "dri", "mas", "tel", "bor", "nia", "quin", "sal", "dor", "fen", "gri", "hal", "ix",
             "jun", "kel", "lum", "mor", "nes", "ost", "pra", "rin", "sev", "tor", "ul", "vas", "wen", "yar", "zel"]
NOUNS = ("council budget plan bridge harbour school hospital court election vote tax fund report inquiry strike union "
         "factory mine port railway airport road river dam reservoir forest farm crop harvest market price wage pension "
         "contract deal merger bid share profit loss debt loan bank currency inflation rate index export import tariff "
         "treaty border army navy ceasefire summit minister mayor governor senator judge witness verdict appeal sentence "
         "police arrest protest march rally campaign poll survey study trial vaccine clinic doctor nurse patient ward "
         "storm flood drought fire quake heatwave snow wind tide coast island village town city district region province "
         "museum festival concert film album novel award prize team coach match league cup title season record stadium "
         "engineer scientist satellite rocket telescope reactor battery grid turbine pipeline refinery tanker cargo").split()
ADJECTIVES = ("new old local national regional early late final major minor public private rural urban coastal northern "
              "southern eastern western central interim annual monthly sudden gradual sharp steep modest record fragile "
              "tentative bitter fierce quiet surprise disputed controversial delayed planned emergency temporary").split()
VERBS = ("approve reject delay cancel announce confirm deny review extend expand reduce raise cut fund build close open "
         "sign block challenge question support oppose criticise welcome launch suspend resume investigate").split()
ROLES = ["minister", "mayor", "spokesperson", "chief executive", "union leader", "professor", "judge", "coach", "director"]
PLACES_SUFFIX = ["ton", "by", "ford", "mouth", "vale", "port", "ham", "wick", "stead", "bury"]

# Synonyms a content farm swaps in: the rewrite keeps the story, not the wording.
SYNONYMS = {
    "approve": "back", "reject": "turn down", "delay": "postpone", "cancel": "call off", "announce": "unveil",
    "confirm": "verify", "deny": "dispute", "review": "examine", "extend": "prolong", "expand": "enlarge",
    "reduce": "shrink", "raise": "increase", "cut": "slash", "build": "construct", "close": "shut", "open": "launch",
    "said": "stated", "would": "will", "plan": "proposal", "council": "authority", "report": "study", "deal": "agreement",
    "price": "cost", "new": "fresh", "major": "significant", "sharp": "steep", "support": "backing", "vote": "ballot",
    "early": "initial", "final": "last", "public": "state", "fund": "pot", "strike": "walkout", "road": "route",
}

OUTLETS = [f"The {name.title()} {kind}" for name, kind in zip(
    ["kalor", "vendri", "masten", "borsal", "fenhal", "quindor", "lumnes", "pravas", "sevtor", "yarzel", "ixkel", "grijun"],
    ["Gazette", "Courier", "Post", "Tribune", "Herald", "Chronicle", "Ledger", "Sentinel", "Times", "Record", "Mail", "Star"])]
FOOTERS = {outlet: [f"Follow {outlet} for the latest on this story.", f"Sign up to the {outlet.split()[1]} briefing every morning."]
           for outlet in OUTLETS}

EARNINGS = ("{company} reported a {quarter} profit of {profit} million {currency} on {weekday}, compared with {before} "
            "million a year earlier, as revenue rose {growth} per cent to {revenue} million. Chief executive {boss} said "
            "demand had held up in every division and that the group would pay a dividend of {dividend} cents a share. "
            "Shares in {company} closed {move} per cent {direction} at {close} {currency}.")
RESULTS = ("{home} beat {away} {hs}-{as_} at {ground} on {weekday} to move to {points} points in the {league}. {scorer} "
           "scored twice for {home}, whose manager {boss} said the win was deserved. {away} remain {position} in the "
           "table after a {streak}-match run without a victory.")


@dataclass
class Doc:
    text: str
    title: str
    sitename: str
    published: datetime
    cluster: int  # ground truth: same story
    kind: str  # original | exact | furniture | edits | reordered | dropped | rewrite | brief


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).title()


def _person(rng: random.Random) -> str:
    return f"{_name(rng)} {_name(rng, 3)}"


def _place(rng: random.Random) -> str:
    return _name(rng) + rng.choice(PLACES_SUFFIX)


def _sentence(rng: random.Random, cast: list[str], places: list[str]) -> str:
    n = rng.choice(NOUNS)
    forms = [
        lambda: f"The {rng.choice(ADJECTIVES)} {n} in {rng.choice(places)} will {rng.choice(VERBS)} the {rng.choice(NOUNS)} by {rng.randint(2, 98)} per cent.",
        lambda: f"{rng.choice(cast)}, the {rng.choice(ROLES)}, said the {n} would {rng.choice(VERBS)} the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}.",
        lambda: f"Officials in {rng.choice(places)} expect to {rng.choice(VERBS)} {rng.randint(12, 9800)} {rng.choice(NOUNS)}s before the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}.",
        lambda: f"Critics of the {n} say it will {rng.choice(VERBS)} the {rng.choice(NOUNS)} and {rng.choice(VERBS)} the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}.",
        lambda: f"A {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} worth {rng.randint(3, 950)} million was agreed after talks with {rng.choice(cast)}.",
    ]
    return rng.choice(forms)()


def _story(rng: random.Random) -> tuple[str, list[list[str]]]:
    cast = [_person(rng) for _ in range(3)]
    places = [_place(rng) for _ in range(2)]
    title = f"{places[0]} {rng.choice(NOUNS)} to {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}".capitalize()
    paragraphs = [[_sentence(rng, cast, places) for _ in range(rng.randint(2, 3))] for _ in range(rng.randint(6, 9))]
    return title, paragraphs


def _join(paragraphs: list[list[str]]) -> str:
    return "\n\n".join(" ".join(p) for p in paragraphs)


def _edit_words(rng: random.Random, text: str, every: int) -> str:
    words = text.split(" ")
    for i in range(rng.randrange(every), len(words), every):
        if words[i].isalpha():
            words[i] = rng.choice(NOUNS)
    return " ".join(words)


def _rewrite(rng: random.Random, paragraphs: list[list[str]]) -> str:
    out = []
    for paragraph in paragraphs:
        sentences = []
        for sentence in paragraph:
            words = [SYNONYMS.get(w, w) for w in sentence.split(" ")]
            rewritten = " ".join(words)
            if rng.random() < 0.5:
                rewritten = "According to officials, " + rewritten[0].lower() + rewritten[1:]
            sentences.append(rewritten)
        if len(sentences) > 1 and rng.random() < 0.5:
            sentences.reverse()
        out.append(sentences)
    return _join(out)


def _brief(rng: random.Random, template: str) -> tuple[str, str]:
    if template == "earnings":
        company = f"{_name(rng)} {rng.choice(['Holdings', 'Group', 'Industries', 'Energy', 'Foods'])}"
        text = EARNINGS.format(company=company, quarter=rng.choice(["first-quarter", "second-quarter", "third-quarter", "full-year"]),
                               profit=rng.randint(10, 900), currency="dollars", weekday=rng.choice(["Monday", "Tuesday", "Thursday"]),
                               before=rng.randint(10, 900), growth=rng.randint(1, 30), revenue=rng.randint(100, 9000),
                               boss=_person(rng), dividend=rng.randint(2, 90), move=rng.randint(1, 12),
                               direction=rng.choice(["higher", "lower"]), close=rng.randint(3, 400))
        return f"{company} profit rises", text
    home, away = _name(rng) + " United", _name(rng) + " City"
    text = RESULTS.format(home=home, away=away, hs=rng.randint(1, 5), as_=rng.randint(0, 3), ground=_name(rng) + " Park",
                          weekday=rng.choice(["Saturday", "Sunday", "Tuesday"]), points=rng.randint(10, 80),
                          league=rng.choice(["Premier Division", "Championship"]), scorer=_person(rng), boss=_person(rng),
                          position=rng.choice(["bottom", "second from bottom", "mid-table"]), streak=rng.randint(3, 12))
    return f"{home} beat {away}", text


def generate(n: int, seed: int = 7) -> list[Doc]:
    """About ``n`` documents: 80% in story clusters, 20% templated briefs."""
    rng = random.Random(seed)
    docs: list[Doc] = []
    start = datetime(2025, 1, 1)
    cluster = 0
    briefs = n // 5
    while len(docs) < n - briefs:
        title, paragraphs = _story(rng)
        outlet = rng.choice(OUTLETS)
        when = start + timedelta(minutes=rng.randrange(0, 525_600))
        body = _join(paragraphs)
        docs.append(Doc(body, title, outlet, when, cluster, "original"))
        variants = rng.choice([0, 0, 1, 1, 2, 3])
        for _ in range(variants):
            kind = rng.choice(["exact", "furniture", "edits", "reordered", "dropped", "rewrite"])
            other = rng.choice(OUTLETS)
            later = when + timedelta(hours=rng.randint(1, 72))
            if kind == "exact":
                text = body
            elif kind == "furniture":
                text = body + "\n\n" + rng.choice(FOOTERS[other])
            elif kind == "edits":
                text = _edit_words(rng, body, rng.choice([20, 40, 80]))
            elif kind == "reordered":
                shuffled = paragraphs[:]
                rng.shuffle(shuffled)
                text = _join(shuffled)
            elif kind == "dropped":
                keep = sorted(rng.sample(range(len(paragraphs)), len(paragraphs) - 1))
                text = _join([paragraphs[i] for i in keep])
            else:
                text = _rewrite(rng, paragraphs)
            docs.append(Doc(text, title, other, later, cluster, kind))
        cluster += 1
    for _ in range(briefs):
        title, text = _brief(rng, rng.choice(["earnings", "results"]))
        docs.append(Doc(text, title, rng.choice(OUTLETS), start + timedelta(minutes=rng.randrange(0, 525_600)), cluster, "brief"))
        cluster += 1
    # Outlets print their own furniture under most of their stories: learned boilerplate to find.
    for doc in docs:
        if doc.kind != "brief" and rng.random() < 0.6:
            doc.text = doc.text + "\n\n" + FOOTERS[doc.sitename][0]
    rng.shuffle(docs)
    return docs
