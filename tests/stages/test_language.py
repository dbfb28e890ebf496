import pyarrow as pa
import pytest

from newsclean.stages.language import add_language, identify, identify_many
from newsclean.stages.split import split_document

ENGLISH = "The council met on Monday to discuss the plan for the harbour and agreed to publish the full costs. " * 12
GERMAN = "Der Stadtrat hat am Dienstag den Bau neuer Radwege beschlossen und die Kosten veröffentlicht. " * 12


def test_languages_are_identified_and_short_texts_left_open():
    assert identify(ENGLISH) == ("en", False)
    assert identify(GERMAN)[0] == "de"
    assert identify("Too short.") == (None, False)


def test_a_text_that_changes_language_is_mixed():
    code, mixed = identify(ENGLISH + "\n\n" + GERMAN * 2)
    assert code == "en" and mixed
    row = split_document("A title for it\n\n" + ENGLISH + "\n\n" + GERMAN * 2, language=code, mixed_language=mixed)
    assert "mixed_language" in row["text_flags"]


def test_bylines_and_dates_are_read_in_every_language_and_english_furniture_rules_stay_english():
    doc = "Radwege für die Stadt\n\n3. März 2026\n\nVon Anna Berger\n\n" + GERMAN + "\n\nClose"
    row = split_document(doc, language="de")
    assert row["title"] == "Radwege für die Stadt"
    assert row["authors"] == ["Anna Berger"]  # "Von" is a byline label in German
    assert row["published"].isoformat().startswith("2026-03-03")
    assert (
        row["text"].strip() == GERMAN.strip()
    )  # the body whole; only the trailing UI word went to boilerplate_removed
    assert row["article_type"] == "unknown"  # article types' cue words are English


def test_add_language_adds_both_columns():
    table = add_language(pa.table({"document": [ENGLISH, GERMAN, "x"]}))
    assert table.column("language").to_pylist() == ["en", "de", None]
    assert table.column("mixed_language").to_pylist() == [False, False, False]


def test_batched_scores_equal_py3langid_classify():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from newsclean.stages.language import classify_many

    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    texts = [
        ENGLISH[:600],
        GERMAN[:300],
        "x",
        "",
        "ÉLECTION À PARIS AUJOURD'HUI",
        "Это тестовый текст на русском языке",
        "这是中文文本",
        "Le conseil a voté le budget de la ville mardi soir.",
        "El ayuntamiento aprobó el plan.",
        "A" * 700,
        "\u200b\u00a0 \t",
        "Ελληνικά κείμενα για δοκιμή",
        "日本語のテキストです",
        "مرحبا بالعالم",
    ] * 3
    for (code, probability), text in zip(classify_many(texts), texts):
        expected_code, expected_probability = reference.classify(text)
        assert code == expected_code and probability == pytest.approx(expected_probability, abs=1e-5), text


def test_many_documents_are_identified_as_one_at_a_time():
    texts = [ENGLISH, GERMAN, "x", ENGLISH + "\n\n" + GERMAN * 2, GERMAN + ENGLISH * 3] * 200
    assert identify_many(texts) == [identify(t) for t in texts]
