"""The headline model: a page that opens with furniture is read from its headline; a plain article is left alone."""

from newsclean.stages.split import split_document
from newsclean.stages.split.headline import candidate_features, find_headline, load_weights

MENU = [
    "Skip to main content",
    "• Home",
    "• News",
    "• Sport",
    "• Weather",
    "• Local",
    "Subscribe",
    "Sign in",
    "Search",
    "Menu",
    "• Most read",
    "• Newsletters",
    "Share",
    "Follow us",
]
STORY = [
    "Harbour board approves a winter timetable for the island ferry",
    "By Mira Osei",
    "12 March 2026",
    "The harbour board voted on Tuesday to keep the island ferry running every hour through the winter, "
    "after a season in which crossings were cut twice because of staff shortages.",
    "The board said the timetable would cost the council more than last year, and that the extra crossings "
    "would be paid for from the reserve the harbour keeps for repairs to the pier.",
    "Islanders had asked for the change at three public meetings, the board's chair said, adding that the "
    "ferry was the only way to the mainland for most of the people who live there.",
]


def _document(lines):
    return "\n\n".join(lines)


def test_every_feature_has_a_weight():
    assert set(load_weights()) == set(candidate_features(STORY)[1][0])


def test_a_page_opening_with_menus_is_read_from_its_headline():
    trace = []
    row = split_document(_document(MENU + STORY), trace=trace)
    assert row["title"] == STORY[0]
    assert row["authors"] == ["Mira Osei"] and row["published"].day == 12
    assert row["text"].startswith("The harbour board voted on Tuesday")
    assert row["boilerplate_removed"][: len(MENU)] == MENU
    assert [line for role, line in trace if role == "furniture above the headline"] == MENU


def test_a_plain_article_keeps_its_first_line_as_title():
    assert find_headline(STORY)[0] == 0
    row = split_document(_document(STORY))
    assert row["title"] == STORY[0] and row["boilerplate_removed"] == []


def test_a_headline_like_line_below_running_prose_is_no_reason_to_cut():
    pull_quote = "The ferry is the only way to the mainland"
    lines = [STORY[0], STORY[3], pull_quote, STORY[4], STORY[5]]
    row = split_document(_document(lines))
    assert row["title"] == STORY[0] and row["text"].startswith("The harbour board voted")


def test_the_shipped_weights_are_what_the_training_script_fits():
    """headline_weights.json is reproducible: one command retrains it, and it gives exactly these numbers."""
    import sys

    from conftest import REPO, shared_path

    corpus = shared_path("corpora", "pages")
    sys.path.insert(0, str(REPO / "benchmarks"))
    import train_headline

    names = train_headline.feature_names()
    fitted = train_headline.fit(train_headline.examples(corpus), len(names))
    assert {n: round(float(v), 4) for n, v in zip(names, fitted)} == load_weights()


def test_a_cookie_notice_far_above_the_headline_does_not_stop_the_cut():
    """Prose above the model's choice stops the cut only when it is right above it or the choice is inside the
    body block: a cookie notice among the menus is furniture."""
    cookie = (
        "We use cookies and similar technologies to improve your experience on our site, and to show you "
        "personalised advertising."
    )
    row = split_document(_document(MENU[:6] + [cookie, "Accept all", "Manage settings"] + MENU[6:] + STORY))
    assert row["title"] == STORY[0] and row["text"].startswith("The harbour board voted")
    assert cookie in row["boilerplate_removed"]


def test_the_body_block_is_the_run_with_the_most_prose():
    teaser = "A teaser of another story that runs on for long enough to look like a paragraph of running prose."
    lines = MENU + [teaser] + MENU[:4] + STORY
    found = find_headline(lines)
    assert found.body_start == len(MENU) + 1 + 4 + 3  # STORY's first paragraph, not the teaser
    assert found.index == len(MENU) + 1 + 4


def test_a_first_line_holding_a_date_among_other_words_is_no_title_to_protect():
    first = "Harbour News 12 March 2026, 7:57 AM"
    row = split_document(_document([first] + STORY[:1] + ["  • Share", "  • Email"] + STORY[3:]))
    assert row["title"] == STORY[0] and row["published"].day == 12


def test_a_date_line_over_a_plain_article_stays_metadata_and_the_lede_stays_body():
    lines = ["12 March 2026"] + STORY[3:]
    trace = []
    row = split_document(_document(lines), trace=trace)
    assert row["published"].day == 12 and row["boilerplate_removed"] == []
    assert row["text"].startswith("The harbour board voted")
    assert not any(role == "furniture above the headline" for role, _ in trace)


def test_a_known_section_over_the_headline_is_read_in_any_language():
    row = split_document(_document(MENU + ["Travel"] + STORY), language="de")
    assert row["section"] == "Travel" and row["title"] == STORY[0] and "Travel" not in row["boilerplate_removed"]


def test_the_models_headline_is_the_title_even_when_it_ends_with_a_full_stop():
    headline = "Ferry to run every hour all winter, board says."
    row = split_document(_document(MENU + [headline] + STORY[1:]))
    assert row["title"] == headline and row["authors"] == ["Mira Osei"]


def test_a_numbered_list_entry_taken_for_the_headline_loses_its_number_only_when_the_page_prints_it_without():
    trace = []
    row = split_document(_document(["4. " + STORY[0]] + STORY[1:] + ["More from the harbour", STORY[0]]), trace=trace)
    assert row["title"] == STORY[0] and ("title", "4. " + STORY[0]) in trace
    own = "1. FC Nordstadt wins the harbour cup after a late goal"
    row = split_document(_document([own] + STORY[1:]))
    assert row["title"] == own


def test_a_notice_right_above_a_headline_that_heads_its_date_line_is_cut_with_the_menus():
    """A browser or subscriber notice (a sentence) right above the model's choice would mark it a subhead inside
    the text, but a headline with a date line under it is a headline: the notice is furniture."""
    notice = "This page works best in a current browser, so update yours to see every part of the site."
    row = split_document(_document(MENU[:5] + [notice, STORY[0], "Harbour Daily 12 March 2026"] + STORY[3:]))
    assert row["title"] == STORY[0] and row["published"].day == 12
    assert notice in row["boilerplate_removed"] and row["text"].startswith("The harbour board voted")


def test_a_headline_the_model_vouches_for_may_end_as_a_question_or_sentence_does():
    headline = "Want a quieter harbour? The council has a plan for it."
    row = split_document(_document([headline, "Share on Facebook Share on Twitter"] + STORY[3:]))
    assert row["title"] == headline


def test_a_plain_article_opening_with_its_lede_still_has_no_title():
    lede = "The river rose by two metres overnight in the lower district, and the council opened two shelters."
    row = split_document("\n".join([lede, "Homes near the quay were evacuated before dawn.", STORY[3]]))
    assert row["title"] is None and row["text"].startswith(lede)


def test_a_date_line_is_never_taken_for_the_headline_and_the_byline_above_it_stays_metadata():
    """An article region that starts below its headline opens with the byline and the date lines: nothing there is
    furniture to cut."""
    row = split_document(
        _document(
            ["by: Mira Osei", "Posted: Mar 12, 2026 / 02:40 PM CST", "Updated: Mar 12, 2026 / 03:10 PM CST", "SHARE"]
            + STORY[3:]
        )
    )
    assert row["authors"] == ["Mira Osei"] and row["published"].day == 12 and row["title"] is None
    assert row["text"].startswith("The harbour board voted")


def test_a_breadcrumb_entry_repeating_the_headline_gives_way_to_the_headline_itself():
    crumbs = ["1. Home", "2. News", "3. " + STORY[0]]
    trace = []
    row = split_document(_document(MENU[:6] + crumbs + STORY), trace=trace)
    assert row["title"] == STORY[0] and row["description"] is None
    assert [line for role, line in trace if role == "title"] == [STORY[0]]


def test_a_sign_in_prompt_on_the_first_line_is_no_title_to_protect():
    """The first line is protected as a plain article's title only when it could be one: a menu's cue cannot."""
    from newsclean.stages.split import _could_be_title

    assert _could_be_title(STORY[0])
    assert not _could_be_title("Sign in to your account or register") and not _could_be_title("Share Tweet")
