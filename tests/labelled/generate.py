"""Write the labelled split set: raw files in 12 layouts, and the fields each must give.

Run once after changing it (``.venv/bin/python tests/labelled/generate.py``); the
files under ``files/`` and ``expected.json`` are committed and read by
``tests/stages/split/test_split_labelled.py`` and ``benchmarks/bench_split.py``.
Every story, outlet and person here is fictional and written for newsclean.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from pathlib import Path

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"

STORIES = [
    (
        "Tidal barrier gets green light after decade of delays",
        "Engineers say the barrier will protect 40,000 homes in the estuary from storm surges",
        [
            "The regional assembly approved a tidal barrier across the Wendle estuary on Thursday, ending ten years of studies and public inquiries.",
            "The barrier, a row of steel gates that can be raised in under an hour, is designed to hold back a storm surge of up to four metres.",
            "Residents of low-lying villages on the north bank have campaigned for it since the floods of 2016, when more than 900 homes were evacuated.",
            "Construction is due to begin next spring and to take five years.",
        ],
    ),
    (
        "Orchestra cancels tour after instrument truck is stolen",
        "Players were left with only the violins they carried on the coach",
        [
            "The Brightwater Philharmonic has cancelled the rest of its northern tour after a lorry carrying its cellos, basses and timpani was stolen from a service station.",
            "Police said the vehicle was taken in the early hours of Sunday while the driver slept in a nearby hotel.",
            "The orchestra's manager said several of the instruments were more than a century old and could not be replaced.",
            "Ticket holders for the four remaining concerts will receive full refunds.",
        ],
    ),
    (
        "Rail operator fined over signal failures",
        "Regulator says passengers faced months of avoidable delays on the coastal line",
        [
            "The transport regulator fined Coastline Rail £3.2 million on Monday for a series of signal failures that caused months of delays.",
            "An investigation found that the company had postponed maintenance on ageing equipment to save money during the previous financial year.",
            "Passenger groups welcomed the fine but said the money should go towards compensation rather than to the treasury.",
            "Coastline Rail said it accepted the findings and had already replaced the faulty signals.",
        ],
    ),
    (
        "Hospital opens first rooftop garden for patients",
        "Staff say the space has already cut the use of sleeping pills on two wards",
        [
            "St Aldric's Hospital in Merrow has opened a rooftop garden for patients, built with money raised by a local running club.",
            "The garden has raised beds at wheelchair height, a covered seating area and a small pond.",
            "Nurses on the elderly care wards said patients who spent time there slept better and needed fewer sedatives.",
            "The hospital hopes to open a second garden on the roof of its maternity unit next year.",
        ],
    ),
    (
        "Village shop saved by community share offer",
        "More than 300 residents bought shares to keep the last shop in Thornby open",
        [
            "The last shop in the village of Thornby will stay open after more than 300 residents bought shares in a community company set up to run it.",
            "The owners had announced in the autumn that they would retire and close the shop, which also houses the post office.",
            "The share offer raised £182,000 in six weeks, more than the asking price for the building and its stock.",
            "Volunteers will staff the shop alongside two paid managers from the new year.",
        ],
    ),
    (
        "Drought forces reservoir to lowest level in forty years",
        "Water company asks customers to cut use as hosepipe ban begins",
        [
            "The Kelderwater reservoir has fallen to its lowest level since 1984 after the driest spring on record in the uplands.",
            "Harrow Valley Water said the reservoir was at 31 per cent of its capacity, against an average of 78 per cent for the time of year.",
            "A hosepipe ban covering 1.4 million customers came into force at midnight.",
            "The company said it had also brought forward repairs to leaking mains in the worst affected towns.",
        ],
    ),
    (
        "Students build satellite that will study lightning",
        "A team of undergraduates has finished a shoebox-sized satellite due to launch in the summer",
        [
            "Students at the University of Lowmarsh have finished building a small satellite that will measure flashes of lightning from orbit.",
            "The satellite, about the size of a shoebox, carries a camera that can record a flash lasting less than a thousandth of a second.",
            "It will be launched in the summer as a passenger on a commercial rocket, free of charge under a space agency scheme for universities.",
            "The team hopes its data will help forecasters predict which storms are likely to produce dangerous lightning.",
        ],
    ),
    (
        "Market town bans cars from high street on Saturdays",
        "Traders are split over a six-month trial that starts next weekend",
        [
            "Cars will be banned from the high street in Ashby Cross every Saturday for six months under a trial approved by the town council.",
            "Supporters say the change will make the street safer and bring more people to its cafés and market stalls.",
            "Some shopkeepers fear that customers who drive in from surrounding villages will go to out-of-town retail parks instead.",
            "The council will count visitors and survey traders before deciding whether to make the ban permanent.",
        ],
    ),
]

FOREIGN = [
    (
        "de",
        "Stadtrat beschließt neue Radwege",
        [
            "Der Stadtrat von Holmberg hat am Dienstag den Bau von zwölf Kilometern neuer Radwege beschlossen.",
            "Die Arbeiten sollen im Frühjahr beginnen und rund vier Millionen Euro kosten.",
            "Die Opposition kritisierte, dass dafür zahlreiche Parkplätze in der Innenstadt wegfallen.",
        ],
    ),
    (
        "fr",
        "La bibliothèque municipale rouvre après deux ans de travaux",
        [
            "La bibliothèque municipale de Saint-Aubrac a rouvert ses portes samedi après deux années de travaux.",
            "Le bâtiment dispose désormais d'une salle pour les enfants et d'un espace de travail ouvert le soir.",
            "La mairie espère attirer davantage de lycéens pendant la période des examens.",
        ],
    ),
    (
        "es",
        "El ayuntamiento amplía el horario de las piscinas",
        [
            "El ayuntamiento de Villanueva del Río ha decidido ampliar el horario de las piscinas municipales durante el verano.",
            "Las instalaciones abrirán hasta las diez de la noche a partir del uno de julio.",
            "Los vecinos llevaban años pidiendo la medida por las altas temperaturas de las tardes.",
        ],
    ),
]

PEOPLE = [
    "Ada Pennington",
    "Rui Costa",
    "Ilse Marwood",
    "Tobias Wrenfield",
    "Nadia Okonkwo",
    "Henrik Dalgaard",
    "Priya Ramaswamy",
    "Oskar Lindqvist",
    "Celia Marchbank",
    "Joel Amsell",
    "Fern Castellano",
    "Marek Sobczak",
]
OUTLETS = [
    "The Harbour Gazette",
    "Northfield Daily Courier",
    "Meridian Post",
    "Lakeside Tribune",
    "The Valley Ledger",
    "Coastline Weekly",
    "The Evening Sentinel",
    "Westmoor Chronicle",
]
SECTIONS = ["World", "Politics", "Business", "Science", "Health", "Culture", "Sport", "Technology"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def date_parts(i: int) -> tuple[int, int, int]:
    return 2024 + i % 3, 1 + (i * 5) % 12, 1 + (i * 7) % 28


def iso(y: int, m: int, d: int, hh: int | None = None, mm: int | None = None) -> str:
    return f"{y:04d}-{m:02d}-{d:02d}" + (f"T{hh:02d}:{mm:02d}:00" if hh is not None else "T00:00:00")


def clock12(hh: int, mm: int) -> str:
    return f"{(hh % 12) or 12}:{mm:02d} {'AM' if hh < 12 else 'PM'}"


def base_expected(**fields) -> dict:
    expected = {
        "title": None,
        "description": None,
        "section": None,
        "authors": [],
        "sitename": None,
        "published": None,
        "published_precision": None,
        "modified": None,
        "social_handles": [],
        "has_bio": False,
        "captions": 0,
        "boilerplate": 0,
        "article_type": "unknown",
        "language": "en",
        "text_flags": [],
    }
    expected.update(fields)
    return expected


def layouts():
    """Yield (file name, raw text, [expected fields per document])."""
    n = 0
    for s, (title, standfirst, paras) in enumerate(STORIES):
        body = "\n\n".join(paras)
        person, other = PEOPLE[s % len(PEOPLE)], PEOPLE[(s + 5) % len(PEOPLE)]
        outlet, section = OUTLETS[s % len(OUTLETS)], SECTIONS[s % len(SECTIONS)]
        y, m, d = date_parts(s)
        hh, mm = 8 + s, (s * 13) % 60
        first, last = paras[0], paras[-1]
        edges = {"first": first, "last": last}

        # 1 header block: headline, standfirst, author line, date, outlet, body, bio
        bio = f"{person} is a reporter for {outlet} who covers local government and transport."
        yield (
            f"header-block-{s}.txt",
            f"{title}\n\n{standfirst}\n\n{person}\n\n{d} {MONTHS[m - 1]} {y}\n\n{outlet}\n\n{body}\n\n\u00a0\n\n{bio}",
            [
                base_expected(
                    title=title,
                    description=standfirst,
                    authors=[person],
                    sitename=outlet,
                    published=iso(y, m, d),
                    published_precision="day",
                    has_bio=True,
                    **edges,
                )
            ],
        )
        # 2 date-time first, body, bio naming the author, bare handle
        handle = person.split()[0][0].lower() + person.split()[1].lower()
        bio2 = f"{person} is a senior fellow at the Linden Bridge Forum and the author of two books on regional policy."
        yield (
            f"date-first-{s}.txt",
            (f"{MONTHS[m - 1]} {d}, {y} - {clock12(hh, mm).replace(' ', '').lower()}\n\n{body}\n\n\n{bio2}\n{handle}"),
            [
                base_expected(
                    authors=[person],
                    published=iso(y, m, d, hh, mm),
                    published_precision="minute",
                    social_handles=[handle],
                    has_bio=True,
                    article_type="opinion",
                    **edges,
                )
            ],
        )
        # 3 captions among the paragraphs
        cap1 = f"{person} speaks to reporters outside the council offices in Merrow, on {MONTHS[m - 1]} {d}, {y}"
        cap2 = f"Volunteers stand beside the new equipment during a visit by officials, {MONTHS[(m % 12)]} {1 + d % 27}"
        with_captions = "\n\n".join([paras[0], cap1, paras[1], paras[2], cap2, paras[3]])
        yield f"captions-{s}.txt", f"{title}\n\n{with_captions}", [base_expected(title=title, captions=2, **edges)]
        # 4 one sentence per line, no headline, long run of blank lines at the end
        yield (
            f"sentence-per-line-{s}.txt",
            "\n".join(paras[:2]) + "\n\n" + "\n".join(paras[2:]) + "\n" * 12,
            [base_expected(**edges)],
        )
        # 5 kicker, repeated date/time block, pull quote, footer furniture
        quote = " ".join(paras[1].split()[:10]).rstrip(",")
        kicked = "\n\n".join([paras[0], quote, paras[1], paras[2], paras[3]])
        block = f"{d} {MONTHS[m - 1]} {y}\n\n{clock12(hh, mm)}"
        yield (
            f"kicker-{s}.txt",
            f"{section}\n\n{title}\n\n{block}\n\n{block}\n\n{kicked}\n\nShare this article\n\n\nClose",
            [
                base_expected(
                    title=title,
                    section=section,
                    published=iso(y, m, d, hh, mm),
                    published_precision="minute",
                    boilerplate=3,
                    **edges,
                )
            ],
        )
        n += 5
        if s < 6:
            # 6 byline variants
            variants = [
                (f"By {person} and {other}", [person, other], None),
                (f"By {person} in Brightwater", [person], None),
                (f"By {person}, Political Editor", [person], None),
                (f"Words by {person}", [person], None),
                (f"By {person} for {outlet}", [person], outlet),
                (f"By {person}, {other} and Marta Quill", [person, other, "Marta Quill"], None),
            ]
            line, names, site = variants[s]
            yield (
                f"byline-{s}.txt",
                f"{title}\n\n{line}\n\n{WEEKDAYS[s]} {d} {MONTHS[m - 1]} {y}\n\n{body}",
                [
                    base_expected(
                        title=title,
                        authors=names,
                        sitename=site,
                        published=iso(y, m, d),
                        published_precision="day",
                        **edges,
                    )
                ],
            )
            # 7 title affixes and an Updated stamp
            label = ["Opinion", "Analysis", "Comment", "Opinion", "Analysis", "Comment"][s]
            kind = {"Opinion": "opinion", "Comment": "opinion", "Analysis": "analysis"}[label]
            uy, um, ud = y, m, min(28, d + 2)
            yield (
                f"affixes-{s}.txt",
                (
                    f"{label} | {title} - {outlet}\n\nBy {person}\n\nUpdated {ud} {MONTHS[um - 1]} {uy} at {clock12(hh, mm).lower().replace(' ', '')}"
                    f"\n\n{d} {MONTHS[m - 1]} {y}\n\n{body}"
                ),
                [
                    base_expected(
                        title=title,
                        section=label,
                        sitename=outlet,
                        authors=[person],
                        published=iso(y, m, d),
                        published_precision="day",
                        modified=iso(uy, um, ud, hh, mm),
                        article_type=kind,
                        **edges,
                    )
                ],
            )
            # 8 wire dateline with an ISO date line
            place = ["BRIGHTWATER", "MERROW", "THORNBY", "LOWMARSH", "ASHBY CROSS", "KELDER"][s]
            wired = f"{place} (CPA) — {first}"
            yield (
                f"wire-{s}.txt",
                f"{title}\n\n{iso(y, m, d)[:10]}\n\n" + "\n\n".join([wired] + paras[1:]),
                [
                    base_expected(
                        title=title,
                        published=iso(y, m, d),
                        published_precision="day",
                        article_type="news",
                        first=wired,
                        last=last,
                    )
                ],
            )
            # 9 hard-wrapped at 66 columns, 'Published:' date, byline
            wrapped = "\n\n".join(textwrap.fill(p, 66) for p in paras)
            yield (
                f"hard-wrapped-{s}.txt",
                f"{title}\n\nBy {person}\nPublished: {MONTHS[m - 1]} {d}, {y}\n\n{wrapped}",
                [
                    base_expected(
                        title=title, authors=[person], published=iso(y, m, d), published_precision="day", **edges
                    )
                ],
            )
            # 10 byline handle, bio and a profile url at the end
            tag = person.replace(" ", "")
            bio3 = f"{person} has covered the courts and policing for {outlet} since 2015."
            yield (
                f"handles-{s}.txt",
                (
                    f"{title}\n\nBy {person} (@{tag})\n\n{d} {MONTHS[m - 1]} {y}\n\n{body}\n\n{bio3}"
                    f"\n\nhttps://x.com/{tag}_news"
                ),
                [
                    base_expected(
                        title=title,
                        authors=[person],
                        published=iso(y, m, d),
                        published_precision="day",
                        social_handles=[f"@{tag}", f"@{tag}_news"],
                        has_bio=True,
                        **edges,
                    )
                ],
            )
            n += 5
    # 11 other languages: ISO date only, no English rules
    for f, (code, title, paras) in enumerate(FOREIGN):
        y, m, d = date_parts(20 + f)
        yield (
            f"foreign-{code}.txt",
            f"{title}\n\n{iso(y, m, d)[:10]}\n\n" + "\n\n".join(paras),
            [
                base_expected(
                    title=title,
                    published=iso(y, m, d),
                    published_precision="day",
                    language=code,
                    first=paras[0],
                    last=paras[-1],
                )
            ],
        )
    # 12 several articles in one file, separated by a rule or by a second header block
    for s in range(4):
        (t1, _, p1), (t2, _, p2) = STORIES[s], STORIES[s + 4]
        y, m, d = date_parts(40 + s)
        separator = "\n\n" + ["-----", "==========", "* * * * *", "~~~~~~"][s] + "\n\n" if s < 3 else "\n\n"
        second_header = f"{t2}\n\nBy {PEOPLE[s + 6]}\n\n{d} {MONTHS[m - 1]} {y}\n\n"
        text = (
            f"{t1}\n\n{d} {MONTHS[m - 1]} {y}\n\n" + "\n\n".join(p1 + p1) + separator + second_header + "\n\n".join(p2)
        )
        yield (
            f"two-articles-{s}.txt",
            text,
            [
                base_expected(
                    title=t1,
                    published=iso(y, m, d),
                    published_precision="day",
                    first=p1[0],
                    last=p1[-1],
                    text_flags=["repeated_block"],
                    boilerplate=len(p1),
                ),
                base_expected(
                    title=t2,
                    authors=[PEOPLE[s + 6]],
                    published=iso(y, m, d),
                    published_precision="day",
                    first=p2[0],
                    last=p2[-1],
                ),
            ],
        )


def main() -> None:
    if FILES.exists():
        shutil.rmtree(FILES)
    FILES.mkdir(parents=True)
    expected = {}
    for name, text, docs in layouts():
        (FILES / name).write_text(text, encoding="utf-8")
        expected[name] = docs
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    layouts_seen = {name.rsplit("-", 1)[0] for name in expected}
    print(f"{len(expected)} files, {sum(len(v) for v in expected.values())} documents, {len(layouts_seen)} layouts")


if __name__ == "__main__":
    main()
