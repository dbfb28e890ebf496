from newsclean.core.config import Limits
from newsclean.stages.discover import discover
from newsclean.stages.ingest import ingest
from newsclean.stages.segment import segment_spans

BODY = "\n\n".join(f"Paragraph {i} of the first story ends here." for i in range(5))
SECOND_BODY = "\n\n".join(f"Paragraph {i} of the second story says what happened next in the town." for i in range(4))


def pieces(text):
    return [text[s:e] for s, e in segment_spans(text)]


def test_separator_lines_cut_a_file_into_documents():
    text = f"First title\n\n3 March 2026\n\n{BODY}\n\n-----\n\nSecond title\n\nIts body.\n"
    first, second = pieces(text)
    assert first.startswith("First title") and first.rstrip().endswith("ends here.")
    assert second.strip().startswith("Second title") and "-----" not in first + second


def test_a_second_header_block_opens_a_new_document():
    text = (
        f"Title one\n\n3 March 2026\n\n{BODY}\n\nA second story begins here today\n\nBy Rui Costa\n\n4 March 2026\n\n"
        f"{SECOND_BODY}"
    )
    first, second = pieces(text)
    assert second.startswith("A second story begins") and "Rui Costa" not in first
    assert first.rstrip().endswith("Paragraph 4 of the first story ends here.")


def test_no_cut_without_a_boundary():
    underline = "Title\n=====\n\nBody text follows here."
    assert segment_spans(underline) == [(0, len(underline))]
    scene_break = f"Title\n\n{BODY}\n\n* * *\n\nThe story goes on."
    assert len(segment_spans(scene_break)) == 1  # three stars are a scene break, not a separator
    quoted_date = f"Title\n\n{BODY}\n\nThe meeting was moved\n\n3 March 2026 was the new date."
    assert len(segment_spans(quoted_date)) == 1


def test_spans_point_into_the_original_and_documents_are_numbered(tmp_path):
    text = f"First title\n\n{BODY}\n\n==========\n\nSecond title\n\nIts body.\n"
    (tmp_path / "two.txt").write_text(text)
    result = ingest(discover(tmp_path).files, Limits())
    docs = result.documents.to_pylist()
    assert result.segments == {"two.txt": 2}
    assert [(d["segment_index"], d["n_segments"]) for d in docs] == [(0, 2), (1, 2)]
    for doc in docs:
        original = text[doc["char_start"] : doc["char_end"]]
        assert " ".join(original.split()) == " ".join(doc["document"].split())


# --- real pages: furniture that looks like a second header (issue 20) -------------------------------------------
# Synthetic text in the shapes a browser's text dump of a news page takes; a page holds one article.

ARTICLE = (
    "Council approves the new river crossing\n\nBy Mara Ellison\n\n12 May 2026\n\n"
    "The city council voted on Tuesday to build a footbridge across the river, ending a debate that has lasted "
    "for most of a decade.\n\n"
    "The bridge will link the old market district with the railway station and is expected to cost about "
    "twelve million pounds.\n\n"
    "Supporters said it would take thousands of cars off the ring road every day, while critics questioned "
    "the cost.\n\n"
    "Work is due to start next spring and should take two years."
)


def one_document(text):
    return segment_spans(text) == [(0, len(text))]


def test_a_related_stories_list_after_the_article_stays_in_it():
    teasers = "\n\n".join(f"Headline of another story number {i} here\n\n{i + 1} May 2026" for i in range(6))
    assert one_document(f"{ARTICLE}\n\nRelated stories\n\n{teasers}\n")
    # teasers with a summary line each, and a byline instead of a date
    summaries = "\n\n".join(
        f"Another story about the town number {i}\n\nBy Staff Writer\n\n"
        f"A short summary of the story that ends with a full stop, as teasers do number {i}."
        for i in range(6)
    )
    assert one_document(f"{ARTICLE}\n\nMore from the city desk\n\n{summaries}\n")


def test_teasers_are_not_articles_however_many_follow_each_other():
    # headline + date + a summary, directly after the body's last paragraph: the summary is not a body
    teasers = "\n\n".join(
        f"Storm closes the coast road for day {i}\n\n{i + 1} May 2026\n\n"
        f"Drivers were told to avoid the area until the evening, the police said on day {i}."
        for i in range(5)
    )
    assert one_document(f"{ARTICLE}\n\n{teasers}\n")


def test_a_comment_thread_after_the_article_stays_in_it():
    comments = "\n\n".join(
        f"Reader Number{i}\n12 May 2026 at 9:{i}5 am\n\n"
        f"I have crossed that river every day for years and I think the bridge is long overdue, number {i}.\n\n"
        f"  • Reply\n  • Report"
        for i in range(6)
    )
    assert one_document(f"{ARTICLE}\n\nComments\n\n{comments}\n")


def test_an_embedded_video_inside_the_article_does_not_cut_it():
    video = "What the new bridge will look like\n\n11 May 2026\n\nVideo: City council\n\n"
    text = ARTICLE.replace("Supporters said", video + "Supporters said")
    assert one_document(text + "\n\nThe council will publish the designs next month, a spokesman said.\n")


def test_the_article_under_a_page_menu_is_not_cut_from_the_menu():
    menu = "\n".join(["Skip to content", "Home", "News", "Sport", "Weather", "Sign in"])
    blurb = (
        "Our newsroom covers the city and the county every day of the year, in print and online.\n\n"
        "Sign up for the morning briefing and get the day's stories in your inbox before breakfast.\n\n"
        "Support local journalism: subscribe today for less than the price of a coffee a week."
    )
    assert one_document(f"{menu}\n\n{blurb}\n\nTrending now\n\n{ARTICLE}\n")


def test_separator_lines_inside_one_article_do_not_cut_it():
    box = "\n\n__________\n\nMore on this story:\n\nLink to an older story\n\nAnother link\n\n__________\n\n"
    text = ARTICLE.replace("Supporters said", box + "Supporters said")
    assert one_document(text)
    bio = (
        f"{ARTICLE}\n\n* * * * * * * * * * * *\n\n"
        "Mara Ellison covers transport and planning for the paper. You can write to her at the city desk.\n\n"
        "Follow us on social media\n"
    )
    assert one_document(bio)
    # a rule above the page's footer menu
    assert one_document(f"{ARTICLE}\n\n-----\n\nHome\n\nAbout us\n\nContact\n\nPrivacy policy\n")
    # a browser renders <hr> as box-drawing characters: never a separator
    rules = ARTICLE.replace("Supporters said", "━━━━━━━━━━━━━━━━━━━━\n\nSupporters said")
    assert one_document(rules.replace("Work is due", "────────────────────\n\nWork is due"))


def test_two_real_articles_separated_by_a_blank_line_and_a_second_header_are_two():
    second = (
        "Library reopens after two years of repairs\n\nBy Tomas Reyes\n\n13 May 2026\n\n"
        "The central library reopened on Saturday after a repair programme that replaced its roof and wiring.\n\n"
        "Visitors queued before the doors opened, and the children's floor was full by midday.\n\n"
        "The building now stays open until eight in the evening on weekdays."
    )
    text = f"{ARTICLE}\n\n{second}\n"
    first, other = pieces(text)
    assert first == ARTICLE + "\n\n" and other == second + "\n"
    # the same with a standfirst and the date before the byline
    second_with_standfirst = second.replace(
        "\n\nBy Tomas Reyes\n\n13 May 2026",
        "\n\nReaders return to a building that had been closed since the floods.\n\n13 May 2026\nBy Tomas Reyes",
    )
    assert len(segment_spans(f"{ARTICLE}\n\n{second_with_standfirst}\n")) == 2


def test_a_header_needs_a_body_on_both_sides():
    teaser_body = "Just one short paragraph follows this header, then nothing."
    assert one_document(f"{ARTICLE}\n\nA headline that opens no article\n\n13 May 2026\n\n{teaser_body}\n")
    short_first = "Short item\n\n12 May 2026\n\nOnly one paragraph stands here before the next header."
    assert one_document(f"{short_first}\n\n{ARTICLE}\n")


def test_a_subheading_or_a_wrapped_line_inside_a_body_is_not_a_header():
    wrapped = (
        "Council approves the new river crossing\n\nBy Mara Ellison\n12 May 2026\n\n"
        + "\n\n".join(
            "The city council voted on Tuesday to build a footbridge across the\n"
            "river, ending a debate that has lasted for most of a decade.\n"
            for _ in range(3)
        )
        + "\n\nCritics of the scheme who spoke at the meeting\nsaid the money should go to buses."
    )
    text = f"{wrapped}\n\nAnother title of a story\n\n13 May 2026\n\n{SECOND_BODY}\n"
    starts = [s for s, _ in segment_spans(text)]
    assert starts == [0, text.index("Another title")]
    subheading = ARTICLE.replace("Supporters said", "What happens next\n\nSupporters said")
    assert one_document(subheading + "\n\nBy Mara Ellison\n")


def test_explicit_separators_still_cut_between_articles_of_any_shape():
    prose_first = "\n".join(f"Sentence {i} of a story written one sentence to a line goes here." for i in range(4))
    text = f"{ARTICLE}\n\n-----\n\n{prose_first}\n"
    assert [text[s:e].strip()[:8] for s, e in segment_spans(text)] == ["Council ", "Sentence"]
    kicker = f"{ARTICLE}\n\n==========\n\nWorld\n\nSecond title\n\n13 May 2026\n\n8:00 AM\n\n{SECOND_BODY}\n"
    assert len(segment_spans(kicker)) == 2


def test_many_articles_in_one_file_are_each_a_document():
    text = "\n\n".join(ARTICLE.replace("Council approves", f"Story {i}: council approves") for i in range(50))
    spans = segment_spans(text)
    assert len(spans) == 50 and all(text[s:e].startswith("Story ") for s, e in spans)
