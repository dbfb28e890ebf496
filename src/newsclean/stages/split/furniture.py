"""Page furniture below and inside the article: where the running prose ends, and what follows it.

A web page rendered to text (a browser's text dump) prints the article's paragraphs as long lines of running prose,
then the page's furniture: related-article lists, "More stories", newsletter and cookie prompts, share bars, footer
menus, comment prompts, copyright lines.  These are short lines, list items (w3m prints them with "•"), title-case
teasers, lines of separators, form fields, repeated lines.  The rule (language-independent except for a few English
cue words):

1. Each line is *prose* (a sentence of running text: enough words, ending as a sentence ends, no ©), *furniture* (a
   list item, a form field, ©, a line of separators, a cue word such as "Related" or "Sign up", a short line seen
   before) or *neutral* (a short line: a subhead, a closing short sentence).  *Alone* cues ("Advertisement", "Read
   more") are furniture wherever they stand.  Lines of spaces count for nothing.
2. Prose lines form runs; a run ends at a gap of non-prose lines (alone cues not counted) that holds at least
   ``GAP_FURNITURE_LINES`` furniture lines and is mostly furniture, or is longer than ``GAP_MAX_LINES``, or (once
   the run has ``END_AFTER_WORDS`` words) holds a comments / author-box heading (``_END``).  The article is the run
   with the most prose words, among the runs up to the first comments heading after a substantial run.
3. After the article's last prose line, closing lines stay: short sentences, a credit line ("Additional reporting
   by ..."), a list introduced by a line ending in ":", a subhead over a closing sentence.  The rest is cut only
   when it shows furniture that is no mere repeat, and enough of it (``TAIL_MIN_CUES`` lines, ``TAIL_CUE_SHARE``
   of its lines, or ``TAIL_LONG_LINES`` lines or more).  A plain article's closing list or table (results,
   line-ups, award winners) shows none, and stays.  Two things close the prose for sure and are cut however much
   they read like it: reader prompts (comment rules, paywall, sign-in and newsletter sentences, with the
   furniture and one-line blurbs among them) and teaser cards (other stories' headline, teaser and byline or
   date line, twice or more, holding less prose than the article).  Tune half of the pages corpus: known
   boilerplate removed 0.75 -> 0.80 (full, English), 0.61 -> 0.72 (reader, English), body snippets kept unchanged.
4. Above the article, a menu the headline model did not cut (``TOP_MIN_LINES`` lines or more, ``TOP_CUE_SHARE`` of
   them furniture, little prose) is cut up to its last furniture line; never past the first run of two prose lines
   or more, nor past a prose line (a lede, a standfirst) in the ``TOP_NEAR_LINES`` lines above the article.
5. Inside the kept body, alone cues are cut; list items stay (an article's own lists are body).
Everything cut goes to ``boilerplate_removed`` with an ``inspect`` trace role (``split.tail``).  No furniture line
in the document, nothing cut.

The body is scanned once with cheap tests, so the cost grows linearly with its length.
"""

from __future__ import annotations

import re

from newsclean.core.lexicon import CREDIT_LABELS

PROSE_WORDS = 10
PROSE_CHARS_NO_SPACE = 40  # scripts written without spaces (Chinese, Japanese, Thai)
# A gap holding this many furniture lines, most of its lines, ends a run of prose.
GAP_FURNITURE_LINES = 3
GAP_FURNITURE_SHARE = 0.5
# Any gap longer than this ends the run.
GAP_MAX_LINES = 12
# After the article's last prose line: sentence-like lines this short or longer stay as the body's closing lines.
CLOSING_MIN_WORDS = 3
# What follows the article is cut only when it shows furniture: this many furniture lines, or this share of its lines.
TAIL_MIN_CUES = 3
TAIL_CUE_SHARE = 0.25
# ... or, when it is this long (a list of teasers), one furniture line ("More on this", a "•" item).
TAIL_LONG_LINES = 8

# How a sentence ends, in the scripts of the pages corpus: Latin and Cyrillic, CJK (。！？), Armenian (։), Indic
# (।), Arabic and Urdu (؟ ۔), Ethiopic (።).  The one definition every prose test of the splitter uses.
SENTENCE_END = (".", "!", "?", '"', "”", "’", "»", "。", "！", "？", "…", "։", "।", "؟", "۔", "።")
_TERMINAL = SENTENCE_END + (")", ":", ";")
_BULLET = re.compile(r"^\s*(?:[•·▪●◦■□○☆]|\*\s|\[\s*[xX ]?\s*\]|\(\s?\)\s)")
_FORM = re.compile(r"\[\s*[xX ]?\s*\]|\[[\w ]{0,20}\]\s*$|_{4,}")
_SEPARATORS = re.compile(r"\s[|·•/]\s|\s[|]|[|]\s")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|^copyright\b|\ball rights reserved\b", re.I)
# The same cues in the main European languages (German, French, Spanish, Portuguese, Italian, Dutch, Polish,
# Swedish, Finnish): "read also", "more on this", "related articles", "advertisement", "subscribe", "share", photo
# credit labels.
_CUES_ELSEWHERE = (
    r"weiterlesen|mehr zum thema|mehr von|lesen sie auch|lesen sie mehr|auch interessant|das könnte sie auch"
    r"|weitere artikel|zum thema\b|anzeige\b|werbung\b|jetzt abonnieren|kommentieren|teilen\b|quelle:"
    r"|lire aussi|à lire aussi|a lire aussi|voir aussi|sur le même sujet|publicité|partager\b|abonnez-vous"
    r"|inscrivez-vous|réagir\b|leer más|lea también|lee también|vea también|ver también|le puede interesar"
    r"|te puede interesar|más información|más sobre|publicidad|suscr[ií]bete|suscribite|compartir\b|síguenos"
    r"|temas\b|noticias relacionadas|artículos relacionados|informate más|escucha esta nota|leia também"
    r"|veja também|leia mais|saiba mais|publicidade|compartilhe|assine\b|inscreva-se|notícias relacionadas"
    r"|leggi anche|leggi tutto|pubblicità|condividi|iscriviti|articoli correlati|potrebbe interessarti"
    r"|lees ook|lees meer|advertentie|deel dit|meer over|czytaj (?:też|także|więcej)|zobacz (?:też|także)"
    r"|reklama\b|udostępnij|läs (?:också|mer)|annons\b|lue myös|mainos\b|tilaa\b"
)
# Cue words of site furniture, matched at the start of a short line.  English, plus the commonest elsewhere.
_CUE = re.compile(
    r"^(?:(?:read|see) (?:more|also|next)|more (?:from|on|stories|news|in|like this|articles)|related\b|recommended\b"
    r"|most (?:read|popular|viewed|shared)|trending\b|popular\b|latest\b|top stories|you (?:may|might) (?:also )?like"
    r"|share\b|tweet\b|email\b|print\b|copy link|comments?\b|\d+ comments?|leave a (?:comment|reply)|reply\b"
    r"|advertisement|advertising|sponsored|ad\b|sign (?:up|in)\b|log ?in\b|subscribe\b|newsletter|follow (?:us|me)\b"
    r"|cookie|accept\b|privacy|terms (?:of|and)|contact us|about us|skip to|back to top|menu\b|search\b|close\b"
    r"|tags?\b|topics?\b|filed under|categories\b|image (?:source|caption)|photo:|video\b|watch\b|listen\b"
    r"|home\s*$|next\b|previous\b|prev\b|explore further|never miss|stay in the know|get the latest|click here"
    r"|this site is protected by|we want to hear|recent (?:posts|stories|articles|news)\b"
    r"|image:|picture:|credit:|\(?(?:photo|foto|bild|image|credit)\s?:"
    rf"|{_CUES_ELSEWHERE})",
    re.I,
)
_CUE_MAX_WORDS = 12
# Headings of what follows an article: once the article's prose has run for a while, prose after a gap that holds
# one of these (comments, the author's box) is not the article's.  "Related" and "More" headings are not among them
# (articles print related-story boxes between their paragraphs), nor "©" (photo credits print it inside articles).
_END = re.compile(
    r"^(?:(?:\[\s*)?\d+ comments?|\d+ (?:comments|responses|replies) (?:to|on)\b"
    r"|comments?\b|leave a (?:comment|reply)|top (?:rated )?comments|(?:post|add) a comment"
    r"|join the (?:conversation|discussion)|about the author)",
    re.I,
)
END_AFTER_WORDS = 50
END_AFTER_LINES = 2
# Lines above the article's first prose line are a menu when there are this many, this share of them furniture: they
# are cut up to the last furniture line (the short lines under it, a kicker or a byline, stay).
TOP_MIN_LINES = 5
TOP_CUE_SHARE = 0.5
TOP_PROSE_SHARE = 0.25
TOP_NEAR_LINES = 8
# Lines that close an article: who contributed to it.
_CREDIT_LINE = re.compile(
    r"^(?:contributing|additional reporting|reporting by|editing by|written by|with reporting)\b.{0,120}$", re.I
)
# Furniture cues that are furniture wherever they stand, alone on their line, even inside the body.
_ALONE = re.compile(
    r"^(?:advertisement|advertising|sponsored(?: content)?|ad|share(?: this)?(?: article| story| post| page)?|tweet"
    r"|share on \w+|email|print|copy link|comments?|\d+ comments?|view comments|read more|continue reading|related"
    r"|related (?:articles|stories|content|posts|topics)|more on this story|see also|sign up|subscribe|log ?in|close"
    r"|skip (?:to|ad)\b.*|back to top|loading\.*|story continues below(?: advertisement)?|\[ins::ins\]"
    r"|explore further|want more\??|more newsletters|newsletter abonnieren|mehr zum thema|lesen sie auch"
    r"|auch interessant|neueste artikel|themen in diesem artikel|kommentieren sie hier|weitere artikel|lire aussi"
    r"|à lire aussi|voir aussi|leia também|veja também|leia mais|saiba mais|leggi anche|le puede interesar"
    r"|vea también|mirá también|lea también|otras noticias|noticias relacionadas|artículos relacionados"
    r"|informate más|escucha esta nota(?: aquí)?|czytaj (?:też|także)|zobacz (?:też|także)|läs också|lue myös|lees ook"
    # a photo credit on its own line: "Bild: Hafenamt", "(Foto: Agência Norte)", "Hafenmole / Shutterstock"
    rf"|\(?{CREDIT_LABELS}s?\s?:\s?[^.!?:]{{1,60}}\)?"
    r"|[^.!?:]{1,60}\s/\s(?:shutterstock|getty images|getty|reuters|afp|dpa|epa|imago|istock|alamy|ap photo|ap))\W*$",
    re.I,
)


# A prompt to the reader about the site itself, in a sentence: subscribing, signing in, the newsletter, the app,
# notifications, the comment rules, the captcha notice (not the writer's "let us know in the comments", which the
# pages' own bodies keep).  Such sentences close pages, not articles; they are looked
# for only in the lines that end the article's prose.  English needs the reader addressed ("you", "we", "please")
# beside the site's words: an article can report that a company asked users to log in.
_PROMPT_SITE = re.compile(
    r"\b(?:subscri\w*|newsletters?|sign(?:ing)? (?:up|in)|log(?:ging)? ?in|registe\w*|inbox|push notifications"
    r"|(?:our|the) app\b|comments? (?:are|may|will|must|should)\b|moderat\w+|publish\w* (?:all )?comments|recaptcha"
    r"|your comments?|the comments to|please email|your email|privacy (?:policy|notice)"
    r"|terms (?:of (?:service|use)|and conditions)|cookies"
    r"|full story|unlimited access|account|welcome gift)\b",
    re.I,
)
_PROMPT_READER = re.compile(r"\b(?:you|your|you're|we|we'll|us|our|please)\b", re.I)
# the same prompts in the main European languages, imperative or addressed (these forms need no second test)
_PROMPT_ELSEWHERE = re.compile(
    r"\b(?:abonnieren sie|melden sie sich|registrieren sie sich|jetzt abonnieren|ihr(?:en)? newsletter|abonnez-vous"
    r"|inscrivez-vous|connectez-vous|suscr[ií]bete|reg[ií]strate|debes registrarte|inicia sesi[oó]n"
    r"|recibe (?:nuestro|el) boletín"
    r"|assine\b|inscreva-se|cadastre-se|fa[çc]a login|iscriviti|abbonati|accedi\b|schrijf je in|log in op|meld je aan"
    r"|zapisz się|zaloguj się|prenumerera|tilaa uutiskirje|kirjaudu|suscr[ií]base|exclusivos para suscriptores"
    r"|publier un (?:nouveau )?commentaire|nous vous invitons|réservé aux abonnés|kommentar schreiben"
    r"|nur für abonnenten|escribe (?:un|tu) comentario|deja (?:un|tu) comentario|exclusivo para assinantes)",
    re.I,
)
PROMPT_MAX_WORDS = 40


def is_reader_prompt(line: str) -> bool:
    """A sentence prompting the reader to subscribe, sign in, register, comment or get the app (at most
    PROMPT_MAX_WORDS words): page furniture however much it reads like prose."""
    s = line.strip()
    if not s or len(s.split(None, PROMPT_MAX_WORDS)) > PROMPT_MAX_WORDS:
        return False
    return (_PROMPT_SITE.search(s) is not None and _PROMPT_READER.search(s) is not None) or _PROMPT_ELSEWHERE.search(
        s
    ) is not None


BLURB_MAX_WORDS = 20


def _furniture_or_prompt(
    lines: list[str], cue: list[bool], prose: list[bool], blank: list[bool], i: int, step: int
) -> bool:
    """Whether the nearest non-blank line from ``i`` in direction ``step`` is furniture or a reader prompt."""
    j = i + step
    while 0 <= j < len(lines) and blank[j]:
        j += step
    return 0 <= j < len(lines) and ((cue[j] and not prose[j]) or is_reader_prompt(lines[j]))


# Teaser cards below an article (other stories: a headline, a teaser sentence, a byline or date line), which read
# as prose run on: a short line holding a date or a time right under a prose line, at least TEASER_MIN_CARDS times,
# each within TEASER_MAX_GAP lines of the last, on to the end of the run.
_STAMP = re.compile(r"\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})\b|\d{1,2}:\d{2}\b")
TEASER_MIN_CARDS = 2
TEASER_MAX_GAP = 6
TEASER_STAMP_WORDS = 20


def _before_teaser_cards(
    lines: list[str], prose: list[bool], blank: list[bool], run: tuple[int, int, int]
) -> tuple[tuple[int, int, int], int]:
    """(``run`` (first, last, prose words) ended before the teaser cards that close it, where the first card starts):
    when they do and hold fewer prose words than what stays (a live blog's time-stamped entries are most of its
    text, and stay).  (run, len(lines)) when there are none."""
    none = run, len(lines)
    first, last, total = run
    filled = [i for i in range(first, last + 1) if not blank[i]]
    cards = [
        k
        for k in range(1, len(filled))
        if not prose[filled[k]]
        and prose[filled[k - 1]]
        and _words(lines[filled[k]]) <= TEASER_STAMP_WORDS
        and _STAMP.search(lines[filled[k]])
    ]
    if len(cards) < TEASER_MIN_CARDS or len(filled) - 1 - cards[-1] > TEASER_MAX_GAP:
        return none
    start = len(cards) - 1
    while start > 0 and cards[start] - cards[start - 1] <= TEASER_MAX_GAP:
        start -= 1
    if len(cards) - start < TEASER_MIN_CARDS:
        return none
    # the first card opens at the headline above its teaser sentence
    opening = cards[start] - 1
    while opening > 0 and prose[filled[opening]]:
        opening -= 1
    if opening <= 0:
        return none
    cut_words = sum(_words(lines[i]) for i in filled[opening:] if prose[i])
    if cut_words >= total - cut_words:
        return none
    kept_last = max((i for i in filled[:opening] if prose[i]), default=None)
    return none if kept_last is None else ((first, kept_last, total - cut_words), filled[opening])


def _words(line: str) -> int:
    return len(line.split())


_BULLET_START = frozenset("•·▪●◦■□○☆*[(")
# line_shape counts the spaces of this many characters first: plenty for PROSE_WORDS words of running prose.
_SPACE_SCAN_CHARS = 120
_SEPARATOR_CHARS = ("|", "·", "•", " /")


def _copyright(line: str) -> bool:
    return (
        "©" in line
        or "ights reserved" in line
        or "IGHTS RESERVED" in line
        or line[:9].lower() == "copyright"
        or (("(c)" in line or "(C)" in line) and bool(_COPYRIGHT.search(line)))
    )


def line_shape(line: str, seen: set[str]) -> tuple[bool, bool, bool, bool]:
    """(prose, furniture, alone, repeat) for one line; ``seen`` holds the short lines above it (stripped), and gets
    this one.

    *prose*: a sentence of running text (enough words, ending as a sentence ends, no ©); a list item counts when it
    is a whole sentence (an article's own list).  *furniture*, for a line that is not prose: a list item, a form
    field, ©, separators, a cue word, or a short line seen before (``repeat``).  *alone*: a cue that is furniture
    wherever it stands ("Advertisement", "Share this article").  Cheap tests first: most lines of an article are
    long prose, tested with a few scans of the line and no word split."""
    s = line.strip()
    if not s:
        return False, False, False, False
    bullet = s[0] in _BULLET_START and bool(_BULLET.match(s))
    if s.endswith(_TERMINAL) and "©" not in s and "reserved" not in s:
        # Enough spaces: the first _SPACE_SCAN_CHARS characters settle it for a line of prose (a full count of
        # a long line costs more than the other tests together); only a line with fewer is counted in full.
        spaces = s.count(" ", 0, _SPACE_SCAN_CHARS)
        if spaces < PROSE_WORDS - 1:
            spaces = s.count(" ")
        # "no double space, or enough words": the words are split off only up to PROSE_WORDS, and first, as a
        # line of prose has them and the search for a double space would scan it all
        if spaces >= PROSE_WORDS - 1 and (len(s.split(None, PROSE_WORDS - 1)) >= PROSE_WORDS or "  " not in s):
            if bullet:
                if s.endswith(SENTENCE_END):
                    return True, False, False, False
            elif "|" not in s or s.count("|") < 2:
                return True, False, False, False
        elif not bullet and spaces <= 2 and len(s) >= PROSE_CHARS_NO_SPACE:
            return True, False, False, False  # a sentence in a script without spaces
    n = len(s.split())
    repeat = s in seen
    seen.add(s)
    alone = n <= 8 and bool(_ALONE.match(s))
    furniture = (
        (repeat and n < PROSE_WORDS)
        or bullet
        or _copyright(s)
        or (("[" in s or "__" in s) and bool(_FORM.search(s)))
        or s.count("|") >= 2
        or (any(c in s for c in _SEPARATOR_CHARS) and len(_SEPARATORS.findall(s)) >= 2)
        or (n <= _CUE_MAX_WORDS and bool(_CUE.match(s)))
    )
    return False, furniture, alone, repeat


def _closing(line: str) -> bool:
    """A short sentence that can close an article (kept after its last long prose line)."""
    line = line.strip()
    if _CREDIT_LINE.match(line):
        return True
    return _words(line) >= CLOSING_MIN_WORDS and line.endswith(SENTENCE_END) and not _BULLET.match(line)


def cut_furniture(lines: list[str]) -> tuple[list[int], list[int], list[int], list[int]]:
    """(kept, furniture above the article's prose, inside it, below it): line indices into the body's ``lines``.

    One pass over the lines with shared state (where the prose starts and ends, the short lines seen so far);
    the line tests themselves are functions of their own.
    """
    n = len(lines)
    seen: set[str] = set()
    prose, cue, alone, repeat, blank = [], [], [], [], []
    for line in lines:
        shape = line_shape(line, seen)
        prose.append(shape[0])
        cue.append(shape[1])
        alone.append(shape[2])
        repeat.append(shape[3])
        blank.append(not line or line.isspace())
    if not any(cue) and not any(alone):
        return list(range(n)), [], [], []  # no furniture line: nothing to cut (what follows the article needs one)
    # runs of prose lines, split by furniture gaps
    runs: list[tuple[int, int, int]] = []  # (first prose line, last prose line, prose words)
    start = last = -1
    words = 0
    for i in range(n):
        if not prose[i]:
            continue
        if last >= 0:
            gap = [j for j in range(last + 1, i) if not alone[j] and not blank[j]]
            furn = sum(cue[j] for j in gap)
            if (
                len(gap) > GAP_MAX_LINES
                or (furn >= GAP_FURNITURE_LINES and furn >= GAP_FURNITURE_SHARE * len(gap))
                or (words >= END_AFTER_WORDS and any(_END.match(lines[j].strip()) for j in range(last + 1, i + 1)))
            ):
                runs.append((start, last, words))
                start, words = i, 0
        if start < 0:
            start = i
        last = i
        words += _words(lines[i])
    if last < 0:
        return list(range(n)), [], [], []
    runs.append((start, last, words))
    # runs after an end-of-article heading that follows a substantial run are not the article
    eligible = runs
    for k, (first, last_line, total) in enumerate(runs[:-1]):
        prose_lines = sum(prose[first : last_line + 1])
        if (
            total >= END_AFTER_WORDS
            and prose_lines >= END_AFTER_LINES
            and any(_END.match(lines[j].strip()) for j in range(last_line + 1, runs[k + 1][0] + 1))
        ):
            eligible = runs[: k + 1]
            break
    main = max(eligible, key=lambda run: run[2])
    main, cards_at = _before_teaser_cards(lines, prose, blank, main)
    end = main[1]
    # the article's closing short sentences
    while end + 1 < min(n, cards_at):
        nxt = lines[end + 1].strip()
        if cue[end + 1] and not alone[end + 1]:
            break
        if blank[end + 1] or alone[end + 1] or prose[end + 1] or _closing(nxt):
            end += 1
        elif nxt.endswith(":") and _words(nxt) >= CLOSING_MIN_WORDS:
            # a line introducing a list: the list (up to the next furniture line) is the article's
            end += 1
            while end + 1 < n and not cue[end + 1]:
                end += 1
        elif end + 2 < n and not cue[end + 2] and (prose[end + 2] or _closing(lines[end + 2])):
            end += 2  # a subhead over a closing sentence
        else:
            break
    # The reader prompts that close the article's prose ("Please understand that comments are moderated ..."), with
    # the furniture among them and a short blurb between two such lines (a newsletter's one-line description).
    prompts = 0
    walked = end
    while walked > main[0]:
        line = lines[walked]
        if blank[walked] or alone[walked] or (cue[walked] and not prose[walked]):
            walked -= 1
        elif is_reader_prompt(line):
            prompts += 1
            walked -= 1
        elif (
            _words(line) <= BLURB_MAX_WORDS
            and _furniture_or_prompt(lines, cue, prose, blank, walked, -1)
            and _furniture_or_prompt(lines, cue, prose, blank, walked, 1)
        ):
            walked -= 1
        else:
            break
    if prompts:
        end = walked
    while end >= 0 and (alone[end] or blank[end]):
        end -= 1
    below = list(range(end + 1, n))
    furn = sum(cue[j] for j in below)
    filled = sum(not blank[j] for j in below)
    certain = prompts > 0 or cards_at < n  # reader prompts or teaser cards: furniture for sure
    shown = certain or any(cue[j] and not repeat[j] for j in below)
    if not shown or (
        not certain and furn < TAIL_MIN_CUES and furn < TAIL_CUE_SHARE * filled and filled < TAIL_LONG_LINES
    ):
        below = []  # a list or table closing a plain article (results, line-ups, award winners) is its body
    stop = n - len(below)
    # a menu left above the article's first prose line (when no headline was found to cut it at)
    first = prose.index(True)
    # the menu ends before the first run of several prose lines, and before a prose line (a lede, a standfirst) just
    # above the article's run
    limit = main[0]
    for run in runs:
        if run[0] >= limit or sum(prose[run[0] : run[1] + 1]) >= 2:
            limit = min(limit, run[0])
            break
    filled_above = [j for j in range(limit) if not blank[j]]
    near = filled_above[-TOP_NEAR_LINES:] if limit == main[0] else []
    limit = next((j for j in near if prose[j]), limit)
    top = [j for j in range(limit) if not blank[j]]
    cues = [j for j in top if cue[j] or alone[j]]
    above = -1
    if (
        cues
        and len(top) >= TOP_MIN_LINES
        and len(cues) >= TOP_CUE_SHARE * len(top)
        and sum(_words(lines[j]) for j in top if prose[j]) < TOP_PROSE_SHARE * main[2]
    ):
        above = cues[-1]
    elif first > 0:
        top = [j for j in range(first) if not blank[j]]
        cues = [j for j in top if cue[j] or alone[j]]
        if len(top) >= TOP_MIN_LINES and len(cues) >= TOP_CUE_SHARE * len(top):
            above = cues[-1]
    inside = [i for i in range(above + 1, stop) if alone[i]]
    inside_set = set(inside)
    kept = [i for i in range(above + 1, stop) if i not in inside_set]
    top_cut = [j for j in range(above + 1) if not blank[j]]
    return kept, top_cut, inside, [j for j in below if not blank[j]]  # lines of spaces cut are nothing
