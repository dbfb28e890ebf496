"""A synthetic news corpus with ground truth, for the dedup benchmarks.

Everything here is generated from word lists and sentence templates written
for newsclean (no copied prose).  Each *story* is a cluster: an original plus
variants of the kinds real corpora hold, each with the cluster id it belongs
to, so a benchmark can score what dedup merged or linked.

Each sentence is drawn as *facts* (a form, its words, people, places and a
number) and rendered from them, so a variant can retell the same facts.
Variants: exact copy; copy under other header/footer furniture; word edits
(one word in N replaced); paragraphs reordered; paragraphs dropped; a light
rewrite (synonyms swapped, "According to officials" prefixes, sentences
reversed); and a deep paraphrase (every fact retold in another sentence
shape, about one fact in six dropped, filler sentences added, paragraphs
regrouped: little wording survives, the names and numbers do).  Hard
negatives, each its own cluster: templated briefs (one earnings or
sports-result template, other names and numbers) and same-event follow-ups
(a new article with the same people and places and one shared figure).  The same seed always gives the same corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

SYLLABLES = [
    "ka",
    "lor",
    "ven",
    "dri",
    "mas",
    "tel",
    "bor",
    "nia",
    "quin",
    "sal",
    "dor",
    "fen",
    "gri",
    "hal",
    "ix",
    "jun",
    "kel",
    "lum",
    "mor",
    "nes",
    "ost",
    "pra",
    "rin",
    "sev",
    "tor",
    "ul",
    "vas",
    "wen",
    "yar",
    "zel",
]
NOUNS = (
    "council budget plan bridge harbour school hospital court election vote tax fund report inquiry strike union "
    "factory mine port railway airport road river dam reservoir forest farm crop harvest market price wage pension "
    "contract deal merger bid share profit loss debt loan bank currency inflation rate index export import tariff "
    "treaty border army navy ceasefire summit minister mayor governor senator judge witness verdict appeal sentence "
    "police arrest protest march rally campaign poll survey study trial vaccine clinic doctor nurse patient ward "
    "storm flood drought fire quake heatwave snow wind tide coast island village town city district region province "
    "museum festival concert film album novel award prize team coach match league cup title season record stadium "
    "engineer scientist satellite rocket telescope reactor battery grid turbine pipeline refinery tanker cargo"
).split()
ADJECTIVES = (
    "new old local national regional early late final major minor public private rural urban coastal northern "
    "southern eastern western central interim annual monthly sudden gradual sharp steep modest record fragile "
    "tentative bitter fierce quiet surprise disputed controversial delayed planned emergency temporary"
).split()
VERBS = (
    "approve reject delay cancel announce confirm deny review extend expand reduce raise cut fund build close open "
    "sign block challenge question support oppose criticise welcome launch suspend resume investigate"
).split()
ROLES = [
    "minister",
    "mayor",
    "spokesperson",
    "chief executive",
    "union leader",
    "professor",
    "judge",
    "coach",
    "director",
]
PLACES_SUFFIX = ["ton", "by", "ford", "mouth", "vale", "port", "ham", "wick", "stead", "bury"]

# Synonyms a content farm swaps in: the rewrite keeps the story, not the wording.
SYNONYMS = {
    "approve": "back",
    "reject": "turn down",
    "delay": "postpone",
    "cancel": "call off",
    "announce": "unveil",
    "confirm": "verify",
    "deny": "dispute",
    "review": "examine",
    "extend": "prolong",
    "expand": "enlarge",
    "reduce": "shrink",
    "raise": "increase",
    "cut": "slash",
    "build": "construct",
    "close": "shut",
    "open": "launch",
    "said": "stated",
    "would": "will",
    "plan": "proposal",
    "council": "authority",
    "report": "study",
    "deal": "agreement",
    "price": "cost",
    "new": "fresh",
    "major": "significant",
    "sharp": "steep",
    "support": "backing",
    "vote": "ballot",
    "early": "initial",
    "final": "last",
    "public": "state",
    "fund": "pot",
    "strike": "walkout",
    "road": "route",
}

OUTLETS = [
    f"The {name.title()} {kind}"
    for name, kind in zip(
        [
            "kalor",
            "vendri",
            "masten",
            "borsal",
            "fenhal",
            "quindor",
            "lumnes",
            "pravas",
            "sevtor",
            "yarzel",
            "ixkel",
            "grijun",
        ],
        [
            "Gazette",
            "Courier",
            "Post",
            "Tribune",
            "Herald",
            "Chronicle",
            "Ledger",
            "Sentinel",
            "Times",
            "Record",
            "Mail",
            "Star",
        ],
    )
]
FOOTERS = {
    outlet: [
        f"Follow {outlet} for the latest on this story.",
        f"Sign up to the {outlet.split()[1]} briefing every morning.",
    ]
    for outlet in OUTLETS
}

EARNINGS = (
    "{company} reported a {quarter} profit of {profit} million {currency} on {weekday}, compared with {before} "
    "million a year earlier, as revenue rose {growth} per cent to {revenue} million. Chief executive {boss} said "
    "demand had held up in every division and that the group would pay a dividend of {dividend} cents a share. "
    "Shares in {company} closed {move} per cent {direction} at {close} {currency}."
)
RESULTS = (
    "{home} beat {away} {hs}-{as_} at {ground} on {weekday} to move to {points} points in the {league}. {scorer} "
    "scored twice for {home}, whose manager {boss} said the win was deserved. {away} remain {position} in the "
    "table after a {streak}-match run without a victory."
)


@dataclass
class Doc:
    text: str
    title: str
    sitename: str
    published: datetime
    cluster: int  # ground truth: same story
    kind: str  # original | exact | furniture | edits | reordered | dropped | rewrite | paraphrase | follow_up | brief


def _name(rng: random.Random, parts: int = 2) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).title()


def _person(rng: random.Random) -> str:
    return f"{_name(rng)} {_name(rng, 3)}"


def _place(rng: random.Random) -> str:
    return _name(rng) + rng.choice(PLACES_SUFFIX)


def _facts(rng: random.Random, cast: list[str], places: list[str]) -> tuple:
    """One sentence's facts: which form, and the words and numbers that fill it."""
    form = rng.randrange(5)
    return (
        form,
        rng.choice(NOUNS),
        rng.choice(NOUNS),
        rng.choice(NOUNS),
        rng.choice(ADJECTIVES),
        rng.choice(VERBS),
        rng.choice(VERBS),
        rng.choice(places),
        rng.choice(cast),
        rng.choice(ROLES),
        (rng.randint(2, 98), 0, rng.randint(12, 9800), 0, rng.randint(3, 950))[form],
    )


def _render(facts: tuple) -> str:
    form, n, n2, n3, adj, verb, verb2, place, person, role, number = facts
    return [
        f"The {adj} {n} in {place} will {verb} the {n2} by {number} per cent.",
        f"{person}, the {role}, said the {n} would {verb} the {adj} {n2}.",
        f"Officials in {place} expect to {verb} {number} {n}s before the {adj} {n2}.",
        f"Critics of the {n} say it will {verb} the {n2} and {verb2} the {adj} {n3}.",
        f"A {adj} {n} worth {number} million was agreed after talks with {person}.",
    ][form]


def _paraphrase(facts: tuple, rng: random.Random) -> str:
    """The same facts in other words and another sentence shape, as a content farm retells a story."""
    form, n, n2, n3, adj, verb, verb2, place, person, role, number = facts
    swap = lambda w: SYNONYMS.get(w, w)  # noqa: E731
    options = [
        [
            f"{place} is set to see its {swap(adj)} {swap(n)} {swap(verb)} the {swap(n2)}, a change of {number} per cent.",
            f"A {number} per cent shift: that is what the {swap(n)} in {place} means for the {swap(n2)}.",
        ],
        [
            f"According to {role} {person}, the {swap(adj)} {swap(n2)} faces a move to {swap(verb)} it by the {swap(n)}.",
            f"The {swap(n)} is poised to {swap(verb)} the {swap(n2)}, {person} told reporters, calling it {swap(adj)}.",
        ],
        [
            f"As many as {number} {swap(n)}s could face moves to {swap(verb)} them ahead of the {swap(adj)} {swap(n2)}, {place} officials believe.",
            f"{place} authorities are reportedly preparing to {swap(verb)} some {number} {swap(n)}s ahead of the {swap(n2)}.",
        ],
        [
            f"Opponents warn the {swap(n)} could {swap(verb)} the {swap(n2)} as well as {swap(verb2)} the {swap(adj)} {swap(n3)}.",
            f"There are fears that the {swap(n)} might {swap(verb2)} the {swap(n3)}, and {swap(verb)} the {swap(n2)} too, critics claim.",
        ],
        [
            f"{person} helped secure a {number} million {swap(n)} following negotiations that insiders called {swap(adj)}.",
            f"Following talks involving {person}, a {swap(n)} valued at {number} million has reportedly been reached.",
        ],
    ][form]
    return rng.choice(options)


FILLER = [
    "As the world watches, the coming days will be crucial.",
    "Many questions remain unanswered.",
    "Observers say the situation is still developing.",
    "Only time will tell what happens next.",
    "The story has sparked widespread debate online.",
]


def _story(rng: random.Random, cast: list[str], places: list[str]) -> tuple[str, list[list[tuple]]]:
    title = f"{places[0]} {rng.choice(NOUNS)} to {rng.choice(VERBS)} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}".capitalize()
    facts = [[_facts(rng, cast, places) for _ in range(rng.randint(2, 3))] for _ in range(rng.randint(6, 9))]
    return title, facts


def _text(facts: list[list[tuple]]) -> list[list[str]]:
    return [[_render(f) for f in paragraph] for paragraph in facts]


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


def _deep_rewrite(rng: random.Random, facts: list[list[tuple]]) -> str:
    """Every kept fact re-told in another sentence shape; about one fact in six dropped, filler added, paragraphs regrouped."""
    sentences = [_paraphrase(f, rng) for paragraph in facts for f in paragraph if rng.random() >= 0.15]
    for _ in range(rng.randint(1, 3)):
        sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(FILLER))
    out, i = [], 0
    while i < len(sentences):
        step = rng.randint(1, 4)
        out.append(sentences[i : i + step])
        i += step
    return _join(out)


def _brief(rng: random.Random, template: str) -> tuple[str, str]:
    if template == "earnings":
        company = f"{_name(rng)} {rng.choice(['Holdings', 'Group', 'Industries', 'Energy', 'Foods'])}"
        text = EARNINGS.format(
            company=company,
            quarter=rng.choice(["first-quarter", "second-quarter", "third-quarter", "full-year"]),
            profit=rng.randint(10, 900),
            currency="dollars",
            weekday=rng.choice(["Monday", "Tuesday", "Thursday"]),
            before=rng.randint(10, 900),
            growth=rng.randint(1, 30),
            revenue=rng.randint(100, 9000),
            boss=_person(rng),
            dividend=rng.randint(2, 90),
            move=rng.randint(1, 12),
            direction=rng.choice(["higher", "lower"]),
            close=rng.randint(3, 400),
        )
        return f"{company} profit rises", text
    home, away = _name(rng) + " United", _name(rng) + " City"
    text = RESULTS.format(
        home=home,
        away=away,
        hs=rng.randint(1, 5),
        as_=rng.randint(0, 3),
        ground=_name(rng) + " Park",
        weekday=rng.choice(["Saturday", "Sunday", "Tuesday"]),
        points=rng.randint(10, 80),
        league=rng.choice(["Premier Division", "Championship"]),
        scorer=_person(rng),
        boss=_person(rng),
        position=rng.choice(["bottom", "second from bottom", "mid-table"]),
        streak=rng.randint(3, 12),
    )
    return f"{home} beat {away}", text


def generate(n: int, seed: int = 7) -> list[Doc]:
    """About ``n`` documents: 80% in story clusters (with same-event follow-ups), 20% templated briefs."""
    rng = random.Random(seed)
    docs: list[Doc] = []
    start = datetime(2025, 1, 1)
    cluster = 0
    briefs = n // 5
    while len(docs) < n - briefs:
        cast = [_person(rng) for _ in range(3)]
        places = [_place(rng) for _ in range(2)]
        title, facts = _story(rng, cast, places)
        paragraphs = _text(facts)
        outlet = rng.choice(OUTLETS)
        when = start + timedelta(minutes=rng.randrange(0, 525_600))
        body = _join(paragraphs)
        docs.append(Doc(body, title, outlet, when, cluster, "original"))
        variants = rng.choice([0, 0, 1, 1, 2, 3])
        for _ in range(variants):
            kind = rng.choice(
                ["exact", "furniture", "edits", "reordered", "dropped", "rewrite", "paraphrase", "paraphrase"]
            )
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
            elif kind == "rewrite":
                text = _rewrite(rng, paragraphs)
            else:
                text = _deep_rewrite(rng, facts)
            docs.append(Doc(text, title, other, later, cluster, kind))
        cluster += 1
        if rng.random() < 0.25:
            # Hard negative: another article on the same event (same people and places, one shared
            # figure), written later by another outlet; a different story that must stay apart.
            _, follow = _story(rng, cast, places)
            shared = facts[0][0]
            follow[0][0] = shared[:4] + follow[0][0][4:7] + shared[7:]
            docs.append(
                Doc(
                    _join(_text(follow)),
                    f"{places[0]}: what happens next",
                    rng.choice(OUTLETS),
                    when + timedelta(days=rng.randint(1, 10)),
                    cluster,
                    "follow_up",
                )
            )
            cluster += 1
    for _ in range(briefs):
        title, text = _brief(rng, rng.choice(["earnings", "results"]))
        docs.append(
            Doc(
                text, title, rng.choice(OUTLETS), start + timedelta(minutes=rng.randrange(0, 525_600)), cluster, "brief"
            )
        )
        cluster += 1
    # Outlets print their own furniture under most of their stories: learned boilerplate to find.
    for doc in docs:
        if doc.kind not in ("brief",) and rng.random() < 0.6:
            doc.text = doc.text + "\n\n" + FOOTERS[doc.sitename][0]
    rng.shuffle(docs)
    return docs
