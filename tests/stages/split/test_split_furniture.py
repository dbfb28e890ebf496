"""Page furniture below and inside the article (split.furniture), on synthetic pages."""

import pytest

from newsclean.stages.split import split_document
from newsclean.stages.split.furniture import cut_furniture

TITLE = "Harbour plan approved after long debate"
PROSE = [
    "The council met on Monday to discuss the plan for the harbour and its new sea wall.",
    "Members agreed to publish the full costs before the next meeting, which is due in the spring.",
    "The mayor said the rebuild would start once the last of the winter storms had passed over the town.",
    "Local traders told the meeting that the works should not close the quay during the summer months.",
    "A final vote on the budget is expected at the end of March, after a public consultation.",
]


def page(*parts: str) -> str:
    return "\n\n".join(parts)


def test_related_list_newsletter_and_copyright_below_the_article_are_cut():
    below = [
        "Related stories",
        "  • Ferry timetable changes for the winter",
        "  • New lighthouse keeper appointed",
        "  • Fish market reopens after repairs",
        "Sign up for our newsletter",
        "Email address [          ]",
        "Home | News | Sport | Weather",
        "© 2026 The Example Courier. All rights reserved.",
    ]
    trace: list = []
    row = split_document(page(TITLE, *PROSE, *below), trace=trace)
    assert row["text"] == "\n\n".join(PROSE)
    for line in below:
        assert line in row["boilerplate_removed"]  # taken out of the body, kept in the row
    roles = {line: role for role, line in trace}
    assert roles["  • New lighthouse keeper appointed"] == "furniture below the article"


def test_single_furniture_lines_inside_the_body_are_cut():
    trace: list = []
    row = split_document(
        page(TITLE, PROSE[0], PROSE[1], "Advertisement", PROSE[2], "Share this article", *PROSE[3:]), trace=trace
    )
    assert row["text"] == "\n\n".join(PROSE)
    assert "Advertisement" in row["boilerplate_removed"] and "Share this article" in row["boilerplate_removed"]
    assert ("furniture inside the body", "Advertisement") in trace


def test_comments_after_the_article_are_cut_even_when_longer_than_it():
    comments = [
        "12 comments",
        "harbourfan",
        "2 days ago",
        *(
            f"I have lived by this harbour for {n} years and I think the council has finally got it right."
            for n in range(20, 28)
        ),
        "Reply",
        "Log in to comment",
    ]
    row = split_document(page(TITLE, *PROSE, *comments))
    assert row["text"] == "\n\n".join(PROSE)
    assert "12 comments" in row["boilerplate_removed"]


def test_closing_list_of_a_plain_article_stays():
    # results, line-ups, award winners: no furniture line below the prose, so nothing is cut
    results = [
        "Best drama - The Long Tide",
        "Best comedy - Harbour Lights",
        "Best actor - Ada Pennington",
        "Best actress - Rui Costa",
        "Best film - The Quay",
    ]
    row = split_document(page(TITLE, *PROSE, *results))
    assert row["text"].endswith("Best film - The Quay")
    assert row["boilerplate_removed"] == []


def test_repeated_lines_and_lines_of_spaces_alone_do_not_cut_a_plain_article():
    fixtures = [
        "Home v Away",
        "Winners meet in the final",
        "North v South",
        "Winners meet in the final",
        "East v West",
        "Winners meet in the final",
        " ",
        " ",
    ]
    trace: list = []
    row = split_document(page(TITLE, *PROSE, *fixtures), trace=trace)
    assert "East v West" in row["text"] and "Home v Away" in row["text"]
    assert not [role for role, _ in trace if role.startswith("furniture")]


def test_short_closing_sentence_and_credit_line_stay():
    below = [
        "He declined to comment.",
        "Additional reporting by Rui Costa",
        "Share",
        "  • Facebook",
        "  • Twitter",
        "  • Email",
    ]
    row = split_document(page(TITLE, *PROSE, *below))
    assert row["text"].endswith("He declined to comment.\n\nAdditional reporting by Rui Costa")
    assert "  • Facebook" in row["boilerplate_removed"]


def test_article_list_of_whole_sentences_stays_and_a_small_box_between_paragraphs_does_not_end_it():
    items = [
        "  • The sea wall will be raised by two metres along the whole length of the quay.",
        "  • The fish market will move to a temporary site on the east pier for a year.",
    ]
    box = ["Read more", "Advertisement"]
    row = split_document(page(TITLE, PROSE[0], *items, PROSE[1], *box, *PROSE[2:]))
    assert all(item.strip() in row["text"] for item in items)
    assert row["text"].endswith(PROSE[-1])


def test_no_prose_means_nothing_is_cut():
    lines = ["Home", "News", "Sport", "  • Weather", "  • Travel"]
    assert cut_furniture(lines) == (list(range(5)), [], [], [])


def test_menu_above_the_first_prose_line_is_cut_up_to_its_last_furniture_line():
    menu = ["  • News", "  • Sport", "  • Weather", "Sign in", "  • Travel", "Search"]
    trace: list = []
    row = split_document(page(*menu, TITLE, "By Ada Pennington", *PROSE), trace=trace)
    assert row["text"].endswith(PROSE[-1]) and "  • Sport" in row["boilerplate_removed"]
    assert "Sport" not in row["text"]


@pytest.mark.parametrize(
    "credit",
    [
        "Bild: Hafenamt Nordstadt",
        "(Foto: Agência Norte)",
        "Hafenmole / Shutterstock",
        "Photo: Harbour Board",
        "Crédito: Archivo del puerto",
    ],
)
def test_a_photo_credit_on_its_own_line_inside_the_body_is_cut(credit):
    row = split_document(page(TITLE, PROSE[0], credit, *PROSE[1:]))
    assert row["text"] == "\n\n".join(PROSE) and credit in row["boilerplate_removed"]


@pytest.mark.parametrize(
    "cue", ["Lesen Sie auch", "Veja também:", "Le puede interesar", "Leggi anche", "Czytaj też", "Läs också"]
)
def test_related_lists_are_cut_under_their_cue_in_other_languages(cue):
    below = [
        cue,
        "  • Ferry timetable changes for the winter",
        "  • New lighthouse keeper appointed",
        "  • Fish market reopens after repairs",
    ]
    row = split_document(page(TITLE, *PROSE, *below), language="xx")
    assert row["text"] == "\n\n".join(PROSE) and cue in row["boilerplate_removed"]


def test_a_sentence_that_names_an_agency_stays():
    sentence = "Reporters from Reuters and AFP / AP followed the vote, which ran late into the evening."
    row = split_document(page(TITLE, PROSE[0], sentence, *PROSE[1:]))
    assert sentence in row["text"]


@pytest.mark.parametrize("cue", ["Mehr zum Thema", "Veja também", "Otras noticias", "Explore further", "Lue myös"])
def test_a_cue_line_alone_inside_the_body_is_cut_in_any_language(cue):
    row = split_document(page(TITLE, PROSE[0], PROSE[1], cue, *PROSE[2:]), language="xx")
    assert row["text"] == "\n\n".join(PROSE) and cue in row["boilerplate_removed"]


def test_a_caption_ending_with_its_credit_is_a_caption_in_any_language():
    caption = "Der Hafen von Nordstadt am frühen Morgen, kurz vor der Abstimmung. (Foto: Hafenamt/Agentur Nord)"
    row = split_document(page(TITLE, PROSE[0], caption, *PROSE[1:]), language="de")
    assert row["text"] == "\n\n".join(PROSE) and row["captions"] == [caption]


def test_reader_prompts_that_close_the_prose_are_cut_with_the_furniture_among_them():
    """Comment rules, paywall and newsletter prompts read like prose; at the end of the article they are the page's."""
    prompts = [
        "Please understand that comments are moderated and that we cannot publish every one we receive.",
        "Sign up for the Harbour Morning newsletter",
        "The day's harbour news and ferry times, every weekday.",
        "Email [                    ] [Sign up]",
        "If you already subscribe to the Example Courier, you can log in for full access to this story.",
    ]
    row = split_document(page(TITLE, *PROSE, *prompts))
    assert row["text"] == "\n\n".join(PROSE)
    assert all(line in row["boilerplate_removed"] for line in prompts)


@pytest.mark.parametrize(
    "line, prompt",
    [
        ("Please understand that comments are moderated before they appear.", True),
        ("If you are already a subscriber, you can log in to read on.", True),
        ("Abonnieren Sie unseren Newsletter und verpassen Sie nichts.", True),
        # the writer's own sign-off, and reported speech about a site: the article's
        ("What do you think? Let us know in the comments below.", False),
        ("The bank told customers to log in and change their passwords before Friday.", False),
    ],
)
def test_reader_prompts_against_the_articles_own_sentences(line, prompt):
    from newsclean.stages.split.furniture import is_reader_prompt

    assert is_reader_prompt(line) is prompt


TEASERS = [
    "The ferry company says its winter timetable will add two late crossings on Fridays and Saturdays.",
    "Fishermen on the north quay want the new sea wall to leave room for the smaller boats to moor.",
    "The lighthouse on the point reopens to visitors in May after a year of repairs to its lantern room.",
]


def test_teaser_cards_below_the_article_are_cut_but_a_live_blogs_stamped_entries_stay():
    """Other stories' cards (a headline, a teaser sentence, a byline with its date) read as prose run on."""
    cards = []
    for n, day in enumerate(("11.03.2026, 18:40", "10.03.2026, 09:15", "09.03.2026, 07:00")):
        cards += [f"Ferry story number {n} of the week", TEASERS[n], f"Mira Osei, Tromsvik {day}"]
    row = split_document(page(TITLE, PROSE[0], "Advertisement", *PROSE[1:], *cards))
    assert row["text"] == "\n\n".join(PROSE) and TEASERS[1] in row["boilerplate_removed"]
    # a live blog: time-stamped entries are its text (more prose than anything above them)
    entries = []
    for n, stamp in enumerate(("18:40", "17:15", "16:05")):
        entries += [TEASERS[n], f"Update {stamp}"]
    live = split_document(page(TITLE, PROSE[0], "Advertisement", *entries))
    assert all(entry in live["text"] for entry in TEASERS)
