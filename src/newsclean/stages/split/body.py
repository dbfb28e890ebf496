"""The body: paragraphs, captions and pull quotes among them, and what the text itself shows."""

from __future__ import annotations

import re

from newsclean.core.lexicon import ANALYSIS_SECTIONS, CREDIT_LABELS, OPINION_SECTIONS, has_terminal_punctuation

CAPTION_MIN_WORDS = 8
CAPTION_MAX_WORDS = 60
HARD_WRAP_MIN_CHARS = 40
# Pull quotes repeat a sentence from nearby; looking further would make the
# cost grow with the square of the number of paragraphs.
PULL_QUOTE_WINDOW = 40

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# A caption describes a photo: it ends with the day it was taken, or says what
# the people in it are doing, in the present tense, or credits the photographer.
_CAPTION_DATE_END = re.compile(
    rf"(?:\b{_MONTH}\s+\d{{1,2}}(?:,\s+\d{{4}})?|\b\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?|\b(?:18|19|20)\d{{2}})$"
)
_PHOTO_VERBS = re.compile(
    r"\b(?:smiles|speaks|attends?|greets|gestures|arrives|leaves|walks|holds|poses|looks on|is seen|are seen"
    r"|listens|waves|shakes hands|receives|delivers|addresses|visits|stands|sits|talks|meets|celebrates|reacts"
    r"|pictured|photographed)\b"
    r"|,\s+(?:left|right|centre|center)\s*,",
    re.I,
)
_CREDIT = re.compile(
    r"^(?:photo|photograph|image|picture|illustration|credit|photo credit|main image)s?\s*:|"
    r"\b(?:getty images|ap photo|afp via getty|shutterstock|alamy|reuters/|epa-efe|pa wire|pa media)\b",
    re.I,
)
# The wire agencies' caption opening: "In this Dec. 12, 2006, file photo, ...", "This handout photo shows ...".
_WIRE_CAPTION = re.compile(
    r"^(?:In this (?:[\w., ]{1,24}\d{4},\s)?(?:file |handout |undated |aerial |combination )?(?:photo|image|picture"
    r"|photograph)s?\b|This (?:file |handout |undated |aerial )?(?:photo|image|picture|photograph)s? (?:taken|provided"
    r"|released|made|shows)\b)"
)
# A caption's closing credit in the main European languages: "(Foto: A. Name/Agency)", "Bild: Agency".
_CREDIT_END = re.compile(
    rf"(?:\({CREDIT_LABELS}s?\s?:[^()]{{1,80}}\)|(?:^|[.)]\s+){CREDIT_LABELS}s?\s?:\s?[^.!?:]{{1,60}})\.?\s*$",
    re.I,
)
_BULLET = re.compile(r"^(?:[-•*–—·▪●]\s|\d{1,3}[.)]\s)")
_MARKUP = re.compile(
    r"</?(?:p|div|span|a|br|img|strong|em|b|i|ul|ol|li|h[1-6]|table|tr|td|iframe|figure|figcaption)\b[^>]*>|&(?:nbsp|amp|quot|lt|gt|#\d{2,5});",
    re.I,
)
_SCRIPT = re.compile(
    r"function\s*\([^)]*\)\s*\{|\bvar\s+\w+\s*=|document\.(?:write|getElementById|querySelector)|window\.\w+\s*=|<script\b|\{\s*\"@context\"",
    re.I,
)
_PAYWALL = re.compile(
    r"\b(?:subscribe (?:now )?to (?:continue|read)"
    r"|(?:this|the rest of this) (?:article|story|content) is (?:only )?(?:available )?(?:for|to) "
    r"(?:subscribers|members)|to continue reading,? (?:please )?(?:subscribe|log in|sign in|register)"
    r"|already a subscriber\?"
    r"|subscribe to unlock|become a (?:member|subscriber) to (?:read|continue))",
    re.I,
)
# Every phrase _PAYWALL matches, lower-cased, holds one of these ("member" alone, as in "members of parliament",
# is common in news text and does not).  Valid only for a text that holds none of _FOLDS_TO_ASCII.
_PAYWALL_KEYS = ("subscri", "continue reading", "for members", "to members", "a member to")
# The only characters that re.IGNORECASE matches to an ASCII letter besides its own two cases: İ and ı (i),
# ſ (s), the Kelvin sign (k).  A text without them matches a case-blind ASCII phrase only where its lower-cased
# form holds that phrase.  (For a text of Latin-1 characters, ``c in text`` is settled without a scan.)
_FOLDS_TO_ASCII = ("\u0130", "\u0131", "\u017f", "\u212a")
_TRUNCATED_ENDINGS = ("...", "…", "[...]", "[…]", "(continued)", "(Continued)")
# Content farms stitch stories together: a closing formula, then a fresh lede.
_CLOSING = re.compile(
    r"\b(?:only time will tell|remains to be seen|the coming (?:weeks|months|days) will (?:reveal|tell|show|determine)"
    r"|the world (?:watches|waits|is watching)|stakes (?:could not|couldn't) be higher|stakes have never been higher"
    r"|hangs in the balance|the path (?:to peace|forward) remains)\b",
    re.I,
)
_LEDE = re.compile(
    r"\bhas reached an? (?:critical|pivotal|precarious|decisive|dangerous) "
    r"(?:juncture|moment|point|crossroads|stage)\b",
    re.I,
)
STITCH_LOOKAHEAD = 3
# article_type's cues are counted with str.count on a sample of the prose: a
# word-boundary regex over every text cost more than the rest of the split.
_FIRST_PERSON = (" I ", " I'", " I’", " my ", " My ", " me ", " me.", " me,", " myself")
_ARGUMENT = (" must ", " should ", " ought to ")
CUE_SAMPLE_CHARS = 4000
# First-person and argument cues count only in the writer's own voice: not inside quotation marks, and not in
# a sentence that reports someone else's words.  One pass over the quote marks of each sampled paragraph.
_QUOTE_MARK = re.compile("[\"“”„«»‹›‚‘’']")
_DOUBLE_CLOSER = {"“": "”", "„": "“”", "«": "»", "»": "«", "‹": "›", "›": "‹", "‚": "‘’", "‘": "’"}
_OPEN_BEFORE = frozenset(" \t([{—–-/")  # what may stand just before an opening mark
_SINGLE = frozenset("'‘’‚‹›")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_ATTRIBUTION = re.compile(
    r"\b(?:said|says|say|told|tells|added|adds|explained|insisted|insists|claimed|claims|admitted|admits"
    r"|argued|argues|warned|warns|stated|recalled|recalls|remarked|commented|replied|[Aa]ccording to)\b"
)
# ... unless the one reporting is the writer: "I said", "we have argued"
_OWN_REPORT = re.compile(r"\b(?:I|[Ww]e)(?:\s+(?:have|had|also|then|once|always|never|just))?(?:['’]ve)?\s+$")
_QUOTE_PLACEHOLDER = " \u2039q\u203a"
# Whether a text can hold a cue at all: every cue matches it.  On a sampled paragraph (after a space) it is tested
# on the raw text, before the quote pass: _outside_quotes only copies the paragraph's own text and inserts
# placeholders (" ‹q›", " ‹q›."), and no cue holds "‹", so a cue it leaves is either in the raw text, or a cue
# ending in a space whose space is a placeholder's, i.e. the cue's stem right before a quote mark.  Most
# paragraphs show none of these, and skip the quote pass and the counts (a dozen scans of the paragraph).
_CUE_STEM = re.compile(r" (?:I|[Mm]y|me|must|should|ought to)[ .,\"“”„«»‹›‚‘’']| myself")
_CREDIT_WORDS = (
    "photo",
    "image",
    "picture",
    "illustration",
    "credit",
    "getty",
    "shutterstock",
    "alamy",
    "reuters/",
    "epa",
    "pa wire",
    "pa media",
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'’-]{2,40}(?:,\s+[A-Z][\w .'’-]{2,30})?\s+(?:\([A-Za-z-]{2,12}\)\s+)?[—–-]\s")


def to_paragraphs(lines: list[str]) -> list[list[str]]:
    """Blocks of consecutive non-blank lines."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        if line:
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


def unwrap(block: list[str]) -> list[str]:
    """One block -> paragraphs.

    Lines that each end a sentence (one sentence per line), list items and
    short lines stay apart; a line that stops mid-sentence and is long, or is
    followed by a lowercase continuation, is a hard wrap and is joined.
    """
    out: list[str] = []
    for line in block:
        joinable = (
            out
            and not _BULLET.match(line)
            and not _BULLET.match(out[-1])
            and not has_terminal_punctuation(out[-1])
            and (len(out[-1]) >= HARD_WRAP_MIN_CHARS or line[:1].islower())
        )
        if joinable:
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
    return out


def has_closing_credit(paragraph: str) -> bool:
    """A short paragraph that ends with a photo credit: a caption in any of the main European languages ("... en
    el puerto (Foto: A. Ruiz/Agencia Sur).", ". Imagen: Agencia Sur")."""
    if not (paragraph.rstrip(" .").endswith(")") or ":" in paragraph[-80:]):
        return False  # most paragraphs: two cheap tests
    return len(paragraph.split(None, CAPTION_MAX_WORDS + 1)) <= CAPTION_MAX_WORDS and bool(
        _CREDIT_END.search(paragraph)
    )


def is_caption(paragraph: str) -> bool:
    n = len(paragraph.split(None, CAPTION_MAX_WORDS + 1))
    if n > CAPTION_MAX_WORDS:
        return False
    lower = paragraph.lower()
    if any(word in lower for word in _CREDIT_WORDS) and _CREDIT.search(paragraph):
        return True
    if has_closing_credit(paragraph) or _WIRE_CAPTION.match(paragraph):
        return True
    if n < CAPTION_MIN_WORDS or has_terminal_punctuation(paragraph):
        return False
    return bool(_CAPTION_DATE_END.search(paragraph) or _PHOTO_VERBS.search(paragraph))


def body_paragraphs(
    blocks: list[list[str]], trace: list, english: bool = True
) -> tuple[list[str], list[str], list[str], bool]:
    """(paragraphs of text, captions, pull quotes removed, repeated_block seen)."""
    flat = [p for block in blocks for p in unwrap(block)]
    kept, captions, pulled = [], [], []
    repeated = False
    seen: set[str] = set()
    for index, para in enumerate(flat):
        if para in seen:  # the same paragraph again, whatever it is: a repeated block
            repeated = True
            pulled.append(para)
            trace.append(("repeated paragraph", para))
            continue
        seen.add(para)
        is_last = index == len(flat) - 1
        if (
            english
            and not is_last
            and not has_terminal_punctuation(para)
            and len(para.split(None, CAPTION_MIN_WORDS)) >= CAPTION_MIN_WORDS
        ):
            window = flat[max(0, index - PULL_QUOTE_WINDOW) : index] + flat[index + 1 : index + 1 + PULL_QUOTE_WINDOW]
            if any(para in other for other in window if other != para):
                pulled.append(para)
                trace.append(("pull quote", para))
                continue
        if not is_last and (is_caption(para) if english else has_closing_credit(para)):
            captions.append(para)
            trace.append(("caption", para))
            continue
        kept.append(para)
    return kept, captions, pulled, repeated


def is_stitched(paragraphs: list[str], text: str) -> bool:
    """A closing formula followed soon by a fresh lede, with more text after: two stories in one."""
    if "has reached a" not in text or not _LEDE.search(text):  # settles the common case in one fast pass
        return False
    for index, para in enumerate(paragraphs[:-STITCH_LOOKAHEAD]):
        if _CLOSING.search(para):
            following = paragraphs[index + 1 : index + 1 + STITCH_LOOKAHEAD]
            if any(_LEDE.search(p) for p in following):
                return True
    return False


def _may_hold_script(text: str) -> bool:
    """Whether the text holds one of "function", "var ", "document.", "window.", "<script", "@context".

    A needle that ends in a space or opens with a rare character is looked for only after a cheaper test that it
    implies ("var" for "var ", a one-character search for "<" and "@"): scanning prose for "var " stops at
    every space."""
    return (
        "function" in text
        or ("var" in text and "var " in text)
        or "document." in text
        or "window." in text
        or ("<" in text and "<script" in text)
        or ("@" in text and "@context" in text)
    )


def text_flags(
    text: str, paragraphs: list[str], repeated: bool, read_more: bool, mixed_language: bool, english: bool
) -> list[str]:
    flags = set()
    # Cheap substring tests first: most texts hold none of these, and a regex
    # search over every text costs more than the rest of the split.
    if ("<" in text or "&" in text) and _MARKUP.search(text):
        flags.add("markup_residue")
    if _may_hold_script(text) and _SCRIPT.search(text):
        flags.add("script_residue")
    lower = text.lower() if english else ""
    if (
        english
        and any(k in lower for k in ("subscri", "member", "continue reading"))
        and (any(k in lower for k in _PAYWALL_KEYS) or any(c in text for c in _FOLDS_TO_ASCII))
        and _PAYWALL.search(text)
    ):
        flags.add("paywall")
    if repeated:
        flags.add("repeated_block")
    if mixed_language:
        flags.add("mixed_language")
    ending = text.rstrip()
    stops_mid_sentence = (
        bool(ending) and (ending[-1].isalnum() or ending[-1] in ",;-–—") and len(paragraphs[-1].split(None, 8)) >= 8
    )
    if (
        ending.endswith(_TRUNCATED_ENDINGS)
        or (read_more and not has_terminal_punctuation(ending))
        or stops_mid_sentence
    ):
        flags.add("truncated")
    if english and is_stitched(paragraphs, text):
        flags.add("stitched")
    return sorted(flags)


def _outside_quotes(paragraph: str) -> str:
    """The paragraph with every quotation replaced by a short placeholder (a sentence end kept when it had one).

    Straight marks are read as opening or closing from their neighbours; a mark that opens while a quote is
    open continues it (a speaker's next sentence, the previous one left unclosed).  A double quote left open
    runs to the end of the paragraph (multi-paragraph quotes open each paragraph and close only the last);
    a single one must close in the paragraph unless it opens it, else it was an apostrophe.
    """
    if not _QUOTE_MARK.search(paragraph):
        return paragraph
    out: list[str] = []
    kept_from = 0  # start of the text outside quotes not yet copied
    opened_at = -1  # index of the opening mark of the open quote, -1 when none
    closers = ""
    last = len(paragraph) - 1
    for match in _QUOTE_MARK.finditer(paragraph):
        i = match.start()
        mark = paragraph[i]
        before = paragraph[i - 1] if i else " "
        after = paragraph[i + 1] if i < last else " "
        opens = before in _OPEN_BEFORE or before in '"“„«»‘‚' or (i == 0)
        opens = opens and not after.isspace()
        closes = not before.isspace() and (after.isspace() or not after.isalnum())
        if opened_at < 0:
            if mark in _SINGLE and not opens:
                continue  # an apostrophe, or a stray closer
            if mark in "\"'’" and not opens and closes:
                continue  # a closer without an opener
            if mark == "”":
                continue
            out.append(paragraph[kept_from:i])
            opened_at = i
            closers = _DOUBLE_CLOSER.get(mark, mark)
            continue
        if mark not in closers and not (mark == '"' and closers == '"'):
            continue  # another kind of mark inside the quote: nested, or an apostrophe
        if mark in '"“' and opens and not closes:
            continue  # reopened: the speaker goes on, the previous sentence left unclosed
        if mark in "'’" and not closes:
            continue  # an apostrophe inside a single-quoted span
        quoted = paragraph[opened_at + 1 : i].rstrip()
        out.append(_QUOTE_PLACEHOLDER + ("." if quoted[-1:] in ".!?" else ""))
        opened_at, kept_from = -1, i + 1
    if opened_at >= 0:
        if paragraph[opened_at] in _SINGLE and opened_at > 0:
            out.append(paragraph[opened_at:])  # never closed: it was an apostrophe, the text is the writer's
        else:
            out.append(_QUOTE_PLACEHOLDER + ".")
    else:
        out.append(paragraph[kept_from:])
    return "".join(out)


def _reports_speech(text: str) -> bool:
    """An attribution verb whose subject is not the writer."""
    for match in _ATTRIBUTION.finditer(text):
        if not _OWN_REPORT.search(text, max(0, match.start() - 16), match.start()):
            return True
    return False


def _writer_cues(paragraphs: list[str]) -> tuple[int, int, int]:
    """(first-person cues, argument cues, paragraphs holding first-person cues) in the writer's own voice,
    over the sampled paragraphs."""
    first_person = argument = spread = 0
    budget = CUE_SAMPLE_CHARS
    for paragraph in paragraphs:
        if budget <= 0:
            break
        paragraph = paragraph[:budget]
        budget -= len(paragraph) + 1
        if not _CUE_STEM.search(" " + paragraph):
            continue  # no cue can survive the quote pass (see _CUE_STEM)
        own = " " + _outside_quotes(paragraph)
        if not _CUE_STEM.search(own):
            continue  # the quotes held them all: no cue to count
        fp = sum(own.count(cue) for cue in _FIRST_PERSON)
        arg = sum(own.count(cue) for cue in _ARGUMENT)
        if not (fp or arg):
            continue
        if not _reports_speech(own):
            first_person, argument, spread = first_person + fp, argument + arg, spread + (fp > 0)
            continue
        before = first_person
        for sentence in _SENTENCE_END.split(own):  # only paragraphs with both a cue and an attribution get here
            sentence = " " + sentence
            if not _CUE_STEM.search(sentence):
                continue  # no cue: it adds nothing, whoever speaks
            if _reports_speech(sentence):
                # reported speech: the speaker's words, not the writer's -- but an attribution next to a quote
                # is the quote's, and a first person beside it is the writer's again
                if _QUOTE_PLACEHOLDER in sentence:
                    first_person += sum(sentence.count(cue) for cue in _FIRST_PERSON)
                continue
            first_person += sum(sentence.count(cue) for cue in _FIRST_PERSON)
            argument += sum(sentence.count(cue) for cue in _ARGUMENT)
        spread += first_person > before
    return first_person, argument, spread


def _joined_start(paragraphs: list[str], chars: int) -> str:
    """``" ".join(paragraphs)[:chars]``, joining only the paragraphs that reach into it (a long body's tail is never
    copied)."""
    taken: list[str] = []
    size = -1  # length of " ".join(taken)
    for paragraph in paragraphs:
        if size >= chars:
            break
        taken.append(paragraph)
        size += len(paragraph) + 1
    return " ".join(taken)[:chars]


def article_type(section: str | None, paragraphs: list[str], commentator_bio: bool, english: bool) -> tuple[str, str]:
    """(type, the cue that decided it).  Labels first, then the bio, then the prose itself.

    The prose's first-person and argument cues count only in the writer's voice (_writer_cues): quoted speech
    and reported speech are the speaker's.
    """
    key = (section or "").strip().lower()
    if key in OPINION_SECTIONS:
        return "opinion", f"section {section}"
    if key in ANALYSIS_SECTIONS:
        return "analysis", f"section {section}"
    if not english or not paragraphs:
        return "unknown", "no cue"
    if commentator_bio:
        return "opinion", "commentator bio"
    sample = " " + _joined_start(paragraphs, CUE_SAMPLE_CHARS)
    first_person, argument, spread = _writer_cues(paragraphs)
    said = sample.count(" said")
    # the number of words, for the rates: counted only when a count is high enough for a rate to decide (counting
    # the spaces of the sample costs more than the rest of the tests here)
    n = max(1, sample.count(" ")) if first_person >= 3 or argument >= 3 or said >= 3 else 1
    # Counts as well as rates: one 'should' in a 100-word brief is not an argument.  Sustained: the writer's
    # first person in two paragraphs at least (one anecdote in a report is not a column).
    if (first_person >= 3 and first_person * 1000 / n >= 8 and (spread >= 2 or len(paragraphs) == 1)) or (
        argument >= 3 and argument * 1000 / n >= 6
    ):
        return "opinion", "first-person argument"
    if _DATELINE.match(paragraphs[0]):
        return "news", "dateline"
    if said >= 3 and said * 1000 / n >= 4 and first_person == 0:
        return "news", "attributed reporting"
    return "unknown", "no cue"
