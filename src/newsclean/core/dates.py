"""Read publication dates and times as news pages print them, in English and the main European languages.

Compiled regular expressions, not dateparser: they read a line in a few microseconds where ``dateparser.parse``
takes 0.7 ms, and, unlike ``search_dates``, never find dates in words such as "may" or "now".  Only whole lines
(or whole metadata values) are read as dates, so a date inside a sentence of the body is never taken for the
publication date.

What a date line is.  A line is cut into chunks at the separators pages print between a date and its furniture
(``|``, ``•``, ``·`` anywhere; `` / ``, `` - ``, `` – ``, `` — `` between blanks).  A chunk is read as tokens:
dates (month names in en, de, fr, es, pt, it, nl, pl, sv, ru; numeric; ISO; CJK), times, and labels ("Published",
"Updated", "Aktualisiert am", "Mis à jour le", "Actualizado", ...); what lies between the tokens must be
furniture: weekdays, connectors ("at", "um", "à", "de", "a las", ...), zones, "Uhr", "2 min read", "3 comments",
"1 day ago", a word in parentheses.  A chunk with no token may also be an outlet, an agency or a source ("Gazette
News | ...", "... | Source: Wire"): at most 4 capitalised words, no digit, between spaced separators, two such
chunks at most.  Everything else -- a word of prose beside the date, a headline or a name glued to it -- makes the
line no date line: empty rather than wrong.  A person's name or a byline ("By ...", "Von ...", "... by Ada
Pennington") is no furniture either: those lines are ``split.bylines``', which reads the date beside the names
with this grammar (a date line that took them would lose the authors, since the header reads date lines first).
Lines with no four-digit year (nor a short numeric date) and lines holding a lower-case word that no date line
holds are rejected before anything else is tried, so a line of the body costs one or two regex searches.

Stamps.  A label starts a stamp; a stamp holds one date and one time, printed in either order ("12:20pm Jan 7,
2024").  The published date is the first stamp labelled as a publication, else the first unlabelled one; the
first "Updated ..." stamp (or an unlabelled later date) is ``ParsedDate.modified``.  A time stamped alone
("| Updated 08:24") takes the date of the stamp before it.  A line with only an update stamp is returned as
``is_modified`` (as before).

Numeric dates (the day/month order rule).  Year first is always year-month-day.  Otherwise the two numbers are
(day, month) or (month, day): when only one reading is a valid date it is taken, and when both are the same date
(05/05) there is nothing to decide.  When both are valid and differ:
- dotted dates (19.10.2019) are day first: that is how every language that prints dots orders them;
- for slashes and hyphens, another numeric date on the same line that only one order can read decides for all;
  else the caller's ``dayfirst``; else cues on the line: a French/Spanish/Portuguese/Italian/Dutch/... word, a
  "15h30" or 24-hour clock past noon, a zone such as GMT, BST, CET, IST or WIB say day first; a US zone (ET,
  EST, PDT, ...) says month first; no cue, or cues both ways, leaves the line unread (empty rather than wrong).
Two-digit years are 20yy below 70, else 19yy.

Nothing is invented: a date with no time has day precision and a midnight value; a stated zone is kept in the
raw string, never applied or assumed.

Any year from 1000 to 2999 is read, plausible or not: a line such as "12 May 1650" or "3 February 2099" is still
the document's date line, and reading it keeps it out of the body.  Whether the date can be an article's is
decided at run time, against the run's start, by ``newsclean.stages.plausible_dates``, which nulls it and flags the row.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import datetime

from newsclean.core.lexicon import is_person_name


def _alternation(words) -> str:
    """A regex matching any of ``words`` (lower case; a blank matches any run of blanks), as a trie: fast to try."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        branches = [(r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        if len(branches) == 1 and "" not in node:
            return branches[0]
        group = "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return emit(trie)


_NO_LETTER_BEFORE = r"(?<![^\W\d_])"
_NO_LETTER_AFTER = r"(?![^\W\d_])"

# ---------------------------------------------------------------------------------------------------- vocabularies

_MONTH_NAMES = {
    1: "jan january januar jänner jaenner janvier janv enero ene janeiro gennaio gen januari stycznia styczeń styczen "
    "sty января январь янв",
    2: "feb february februar feber février fevrier févr fevr fév fev febrero fevereiro febbraio februari lutego luty "
    "lut февраля февраль фев",
    3: "mar march märz maerz marz mrz mär mars marzo março marco maart mrt marca marzec марта март мар",
    4: "apr april avril avr abril abr aprile kwietnia kwiecień kwiecien kwi апреля апрель апр",
    5: "may mai mayo maio maggio mag mei maja maj мая май",
    6: "jun june juni juin junio junho giugno giu czerwca czerwiec cze июня июнь июн",
    7: "jul july juli juillet juil julio julho luglio lug lipca lipiec lip июля июль июл",
    8: "aug august août aout agosto ago augustus augusti sierpnia sierpień sierpien sie августа август авг",
    9: "sep sept september septembre septiembre setiembre setembro settembre set września wrzesnia wrzesień wrzesien "
    "wrz сентября сентябрь сен сент",
    10: "oct october oktober okt octobre octubre outubro out ottobre ott października pazdziernika październik "
    "paź paz октября октябрь окт",
    11: "nov november novembre noviembre novembro listopada listopad lis ноября ноябрь ноя",
    12: "dec december dezember dez décembre decembre déc diciembre dic dezembro dicembre grudnia grudzień grudzien "
    "gru декабря декабрь дек",
}
MONTHS = {name: number for number, names in _MONTH_NAMES.items() for name in names.split()}

_PUBLISHED_LABELS = (
    "published",
    "published on",
    "publish date",
    "published date",
    "publication date",
    "date published",
    "first published",
    "first published on",
    "originally published",
    "posted",
    "posted on",
    "first posted",
    "issued",
    "issued on",
    "released",
    "created",
    "date",
    "veröffentlicht",
    "veroeffentlicht",
    "erschienen",
    "erstellt",
    "publiziert",
    "datum",
    "erstveröffentlichung",
    "publié",
    "publiée",
    "publie",
    "publié le",
    "créé",
    "cree",
    "paru",
    "date de publication",
    "publicado",
    "publicada",
    "publicado el",
    "publicado em",
    "fecha",
    "fecha de publicación",
    "creado",
    "postado",
    "postado em",
    "data",
    "data de publicação",
    "pubblicato",
    "pubblicata",
    "pubblicato il",
    "data di pubblicazione",
    "gepubliceerd",
    "gepubliceerd op",
    "geplaatst",
    "geplaatst op",
    "opublikowano",
    "data publikacji",
    "data dodania",
    "dodano",
    "publicerad",
    "publicerat",
    "опубликовано",
    "дата публикации",
    "julkaistu",
    "입력",
    "등록",
    "公開",
    "掲載",
    "配信",
    "发布时间",
    "发布",
    "發布",
)
_MODIFIED_LABELS = (
    "updated",
    "updated on",
    "update",
    "last updated",
    "last updated on",
    "latest update",
    "last update",
    "last modified",
    "modified",
    "edited",
    "revised",
    "aktualisiert",
    "aktualisiert am",
    "zuletzt aktualisiert",
    "geändert",
    "zuletzt geändert",
    "letzte aktualisierung",
    "stand",
    "mis à jour",
    "mis a jour",
    "mise à jour",
    "mis à jour le",
    "màj",
    "modifié",
    "modifié le",
    "actualisé",
    "dernière mise à jour",
    "actualizado",
    "actualizada",
    "actualizado el",
    "actualizado al",
    "actualización",
    "última actualización",
    "modificado",
    "atualizado",
    "atualizada",
    "atualizado em",
    "atualização",
    "última atualização",
    "aggiornato",
    "aggiornata",
    "aggiornato il",
    "aggiornamento",
    "ultimo aggiornamento",
    "modificato",
    "bijgewerkt",
    "bijgewerkt op",
    "laatst bijgewerkt",
    "aangepast",
    "gewijzigd",
    "laatste update",
    "aktualizacja",
    "zaktualizowano",
    "uppdaterad",
    "uppdaterat",
    "обновлено",
    "изменено",
    "päivitetty",
    "수정",
    "업데이트",
    "更新",
    "更新时间",
)
_LABEL_KIND = {" ".join(label.split()): "published" for label in _PUBLISHED_LABELS}
_LABEL_KIND.update({" ".join(label.split()): "modified" for label in _MODIFIED_LABELS})

# Weekdays, full and abbreviated: English, then the other languages (de, fr, es, pt, it, nl, pl, sv, ru, fi, id, vi).
_WEEKDAYS_EN = "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun"
_WEEKDAYS_OTHER = (
    "montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag mo di mi do fr sa so "
    "lundi mardi mercredi jeudi vendredi samedi dimanche lun mer jeu ven sam dim "
    "lunes martes miércoles miercoles jueves viernes sábado sabado domingo mié mie jue vie sáb sab dom "
    "segunda terça terca quarta quinta sexta feira segunda-feira terça-feira terca-feira quarta-feira "
    "quinta-feira sexta-feira seg ter qua qui sex "
    "lunedì lunedi martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi domenica gio "
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag ma wo vr za zo "
    "poniedziałek wtorek środa sroda czwartek piątek piatek sobota niedziela pon wt śr czw pt sob niedz nd "
    "måndag tisdag onsdag torsdag fredag lördag söndag mån tis ons tors fre lör sön "
    "понедельник вторник среда четверг пятница суббота воскресенье пн вт ср чт сб вс "
    "maanantai tiistai keskiviikko torstai perjantai lauantai sunnuntai "
    "senin selasa rabu kamis jumat sabtu minggu thứ hai ba tư năm sáu bảy chủ nhật"
)
_US_ZONES = "et est edt ct cst cdt mt mst mdt pt pst pdt akst akdt hst"
_DAY_FIRST_ZONES = (
    "gmt bst ist cet cest mez mesz eet eest wet west aest aedt acst acdt awst nzst nzdt sgt hkt wib wita wit pht ict "
    "brt brst art clt msk sast eat wat"
)
_CONNECTORS_EN = "on at and the of around about"
_CONNECTORS_OTHER = (
    "am um uhr le la à a às as ás de del el em en il alle ore om op kl klo den ob h hs hrs hr horas hora heures "
    "г года в godz o y e et und och ja las les los"
)
_COUNTED = (
    "min mins minute minutes minuten minutos minuti minuter minut minuty минут минуты read reading "
    "comment comments kommentar kommentare commentaire commentaires comentario comentarios comentário comentários "
    "commento commenti reactie reacties komentarz komentarze komentarzy kommentarer reply replies "
    "second seconds sec secs hour hours hr hrs h day days d week weeks month months "
    "stunde stunden tag tagen tage heure heures jour jours hora horas día dias días ora ore giorni uur dagen"
)
_FURNITURE_WORDS = (
    f"{_WEEKDAYS_EN} {_WEEKDAYS_OTHER} {_US_ZONES} {_DAY_FIRST_ZONES} utc z {_CONNECTORS_EN} {_CONNECTORS_OTHER} "
    "read min mins minute minutes reading time ago vor hace há fa sedan назад lesezeit lesedauer minuten lecture "
    "lectura leitura lettura leestijd lästid tempo de leitura czas czytania"
)
_FREE_LOWER_WORDS = (
    "of the and for de da do dos das del la le les von van der den du für y e et und di el avec with mit con com "
    "dpa afp epd kna apa sda dts ap ansa efe"
)
# Words that say the page orders numeric dates day first (English ones say nothing; German pages print dots).
_DAY_FIRST_WORDS = (
    "lundi mardi mercredi jeudi vendredi samedi dimanche lunes martes miércoles miercoles jueves viernes sábado "
    "sabado domingo segunda-feira terça-feira terca-feira quarta-feira quinta-feira sexta-feira lunedì lunedi "
    "martedì martedi mercoledì mercoledi giovedì giovedi venerdì venerdi domenica maandag dinsdag woensdag "
    "donderdag vrijdag zaterdag zondag poniedziałek wtorek środa czwartek piątek sobota niedziela måndag tisdag "
    "onsdag torsdag fredag lördag söndag понедельник вторник среда четверг пятница суббота воскресенье "
    "à às alle ore klo godz horas heures г "
    "publié publiée publicado publicada pubblicato pubblicata postado gepubliceerd geplaatst opublikowano "
    "publicerad publicerat опубликовано julkaistu mis mise modifié actualisé actualizado actualizada "
    "actualización atualizado atualizada atualização aggiornato aggiornata aggiornamento bijgewerkt "
    "aktualizacja uppdaterad uppdaterat обновлено päivitetty " + _DAY_FIRST_ZONES
)

# ---------------------------------------------------------------------------------------------------- tokens
# Every pattern below is matched against the lower-cased line (case-insensitive Unicode matching is 3x slower).

_MONTH_ALT = _alternation(sorted(MONTHS, key=len, reverse=True))
_MON = rf"{_NO_LETTER_BEFORE}(?P<@>{_MONTH_ALT}){_NO_LETTER_AFTER}\.?"
_DAY = rf"(?<!\d)(?P<@>3[01]|[12]\d|0?[1-9])(?!\d)(?:(?:st|nd|rd|th|er){_NO_LETTER_AFTER}|\.?[ºª°](?!\w))?"
_TIME_HEAD = r"(?:2[0-3]|[01]?\d)[:.h][0-5]\d(?!\d)"
_YEAR = rf"(?P<@>[12]\d{{3}})(?:(?!\d)|(?={_TIME_HEAD}))"  # a year glued to a time: "March 7, 20247:55 AM"
_YEAR2 = rf"(?P<@>[12]\d{{3}}(?:(?!\d)|(?={_TIME_HEAD}))|\d{{2}}(?!\d))"

_DMY_NAME = (
    _DAY.replace("@", "a_d")
    + r"[\s.\-]*(?:de\s+|of\s+)?"
    + _MON.replace("@", "a_m")
    + r"[\s,\-]*(?:del?\s+)?"
    + _YEAR.replace("@", "a_y")
)
_MDY_NAME = (
    _MON.replace("@", "b_m")
    + r"[\s\-]*"
    + _DAY.replace("@", "b_d")
    + r"(?:\s*,\s*|\s+|,)(?:de\s+)?"
    + _YEAR.replace("@", "b_y")
)
_YMD_NUM = (
    r"(?<!\d)(?P<c_y>[12]\d{3})(?P<c_s>[-/.])\s?(?P<c_m>1[0-2]|0?[1-9])(?P=c_s)\s?"
    r"(?P<c_d>3[01]|[12]\d|0?[1-9])(?!\d)\.?"
)
_NUM = r"(?<![\d.])(?P<n_a>[0-3]?\d)(?P<n_s>[./-])(?P<n_b>[0-3]?\d)(?P=n_s)" + _YEAR2.replace("@", "n_y")
_CJK = r"(?P<k_y>[12]\d{3})\s*[年년]\s*(?P<k_m>1[0-2]|0?[1-9])\s*[月월]\s*(?P<k_d>3[01]|[12]\d|0?[1-9])\s*[日일]"
_DATE_FORMS = rf"(?P<dmy>{_DMY_NAME})|(?P<mdy>{_MDY_NAME})|(?P<ymd>{_YMD_NUM})|(?P<num>{_NUM})|(?P<cjk>{_CJK})"

_AMPM = rf"[ap]\.?\s?m(?:\.|{_NO_LETTER_AFTER})"
_OFFSET = (
    r"(?:z(?![^\W\d_])|\s?[+-][01]\d:?[0-5]\d(?!\d)|[+-][01]\d(?![\d:])"
    r"|\s*\(?(?:gmt|utc)\s?[+-]\s?\d{1,2}(?::?\d{2})?\)?)"
)
_TIME = (
    r"(?:t(?=\d))?(?P<t_h>2[0-3]|[01]?\d)"
    r"(?:[:.](?P<t_m>[0-5]\d)(?![\d])(?::(?P<t_s>[0-5]\d)(?:[.,]\d+)?)?"
    rf"(?:\s*(?P<t_ap>{_AMPM}))?"
    rf"|h(?P<t_m2>[0-5]\d)?(?!\d)(?![^\W\d_])(?!\s*ago)"
    rf"|\s*(?P<t_ap2>{_AMPM}))"
    rf"{_OFFSET}?"
    r"|(?P<k_h>[01]?\d|2[0-3])\s*[時时시]\s*(?P<k_mi>[0-5]\d)\s*[分분]"
)
_LABEL = rf"{_NO_LETTER_BEFORE}(?P<label>{_alternation(sorted(_LABEL_KIND, key=len, reverse=True))}){_NO_LETTER_AFTER}"

_TOKENS = re.compile(rf"{_LABEL}|{_DATE_FORMS}|(?P<time>{_TIME})")
# Every date form holds a four-digit year, or a two-digit one after two numbers: a line without is rejected at once.
_YEARISH = re.compile(r"\d(?:(?<=[12])\d{3}|[./-]\d\d?[./-]\d\d(?!\d))")  # opens with \d: searched fast
_DIGIT = re.compile(r"\d")

_FURNITURE = re.compile(
    rf"(?<!\d)\d+\s*(?:{_alternation(_COUNTED.split())}){_NO_LETTER_AFTER}"
    rf"|{_NO_LETTER_BEFORE}(?:{_alternation(sorted(set(_FURNITURE_WORDS.split()), key=len, reverse=True))})"
    rf"{_NO_LETTER_AFTER}"
    r"|\(\s*[^\W\d_]+(?:\s+[^\W\d_]+){0,2}\s*\)"  # "(Paris)", "(IST)"
)
_RESIDUE_EMPTY = re.compile(r"[\W_]*")
_GAP = "\x00"  # joins the text between tokens: nothing matches across it
# Separators between chunks; a free chunk (words that are no date) must sit between spaced ones.
_CHUNK_SEP = re.compile(r"(\s+[|•·/–—\-]+\s+|\s*[|•·｜]+\s*)")
# A free chunk that opens with a byline label is a byline's ("Von Ada Pennington | 3. Februar 2026").
_NAME_LABEL = re.compile(
    r"^\s*(?i:by|von|par|por|di|door|av|af|przez|authors?|autor|autorin|autores|auteurs?|autore|autrice|autori"
    r"|words|text|texte|texto|testo|tekst|written|reporting|reported|story|escrito|scritto|geschrieben|verfasst"
    r"|a cura di|photos?|fotos?)(?![^\W\d_])"
)
_NAME_PARTS = re.compile(r"\s*(?:[,;&]|\band\b|\bund\b|\bet\b|\by\b|\be\b)\s*")
_WORD = re.compile(r"[^\W\d_]+")
_ASIDE = re.compile(r"\([^()\d]{1,60}\)")
_FREE_LOWER = frozenset(_FREE_LOWER_WORDS.split()) | frozenset(_FURNITURE_WORDS.split())
# Every word a date line may hold in lower case (all others must be capitalised, in a free chunk): a line with any
# other lower-case word is rejected before it is tokenised.
_LINE_WORDS = (
    _FREE_LOWER
    | frozenset(MONTHS)
    | frozenset(" ".join(_LABEL_KIND).split())
    | frozenset(_COUNTED.split())
    | frozenset("st nd rd th er a p m am pm t z º ª 年 月 日 時 时 分 년 월 일 시 분".split())
)
# An English byline: split.bylines reads it (names, then the date beside them).
_BYLINE_START = re.compile(
    r"^(?i:by|words by|written by|reporting by|story by|words and pictures by|text by)\s*:?\s+[A-Z\u00C0-\u00DE@]"
)
FREE_CHUNK_MAX_WORDS = 4
FREE_CHUNKS_MAX = 2
LINE_MAX_CHARS = 200

_DAY_FIRST_CUE = re.compile(
    rf"{_NO_LETTER_BEFORE}(?:{_alternation(sorted(set(_DAY_FIRST_WORDS.split()), key=len, reverse=True))})"
    rf"{_NO_LETTER_AFTER}|(?<!\d)(?:1[3-9]|2[0-3])[:.h][0-5]\d(?!\s*[ap]\.?\s?m)|\d\s?h\s?[0-5]\d"
)
_MONTH_FIRST_CUE = re.compile(rf"{_NO_LETTER_BEFORE}(?:{_alternation(_US_ZONES.split())}){_NO_LETTER_AFTER}")


@dataclass(frozen=True)
class ParsedDate:
    value: datetime
    precision: str  # "day" or "minute"
    raw: str
    is_modified: bool  # an "Updated ..." stamp
    modified: ParsedDate | None = None  # the line's "Updated ..." stamp, beside its published date

    def with_time(self, hour: int, minute: int, raw_time: str) -> ParsedDate:
        return dataclasses.replace(
            self,
            value=self.value.replace(hour=hour, minute=minute, second=0),
            precision="minute",
            raw=f"{self.raw} {raw_time}",
        )


def _hour_24(hour: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        is_pm = ampm.lower().startswith("p")
        return (hour % 12) + (12 if is_pm else 0)
    return hour if 0 <= hour <= 23 else None


def _time_of(match: re.Match) -> tuple[int, int] | None:
    """(hour, minute) from a match of _TIME, None when it holds no valid time."""
    groups = match.groupdict()
    if groups.get("k_h") is not None:
        return int(groups["k_h"]), int(groups["k_mi"])
    if groups.get("t_h") is None:
        return None
    hour_text = groups["t_h"]
    if groups.get("t_m") is not None:
        hour, minute = _hour_24(int(hour_text), groups.get("t_ap")), int(groups["t_m"])
    elif groups.get("t_ap2") is not None:
        hour, minute = _hour_24(int(hour_text), groups["t_ap2"]), 0
    else:  # "15h01", "15h"
        hour, minute = _hour_24(int(hour_text), None), int(groups.get("t_m2") or 0)
    if hour is None:
        return None
    return hour, minute


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _valid(year: int, month: int, day: int) -> bool:
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


class _Unreadable(Exception):
    """A date token that is no valid date, or an order nothing decides: the line is no date line."""


@dataclass
class _Stamp:
    kind: str | None = None  # "published", "modified" or None (unlabelled)
    date: tuple | None = None  # (year, month, day) or a numeric token to resolve: ("num", a, b, year, sep)
    time: tuple[int, int] | None = None


def _date_of(match: re.Match) -> tuple:
    if match["dmy"] is not None:
        return _year(match["a_y"]), MONTHS[match["a_m"].rstrip(".")], int(match["a_d"])
    if match["mdy"] is not None:
        return _year(match["b_y"]), MONTHS[match["b_m"].rstrip(".")], int(match["b_d"])
    if match["ymd"] is not None:
        return int(match["c_y"]), int(match["c_m"]), int(match["c_d"])
    if match["cjk"] is not None:
        return int(match["k_y"]), int(match["k_m"]), int(match["k_d"])
    if match["n_s"] == "." and len(match["n_y"]) == 2 and (len(match["n_a"]) < 2 or len(match["n_b"]) < 2):
        raise _Unreadable  # "2.1.18" is a version number; a dotted date with a short year prints 19.10.19
    return ("num", int(match["n_a"]), int(match["n_b"]), _year(match["n_y"]), match["n_s"])


def _read_chunk(chunk: str, tokens: list) -> bool | None:
    """Append the chunk's tokens; True when it holds tokens or furniture only, False when it may be free words
    (no token, no digit), None when it is neither (an unknown word beside a token, or a digit that is no date or
    time).  ``chunk`` is lower-cased."""
    residue = []
    last = 0
    found = False
    for match in _TOKENS.finditer(chunk):
        residue.append(chunk[last : match.start()])
        last = match.end()
        found = True
        if match["label"] is not None:
            tokens.append(("label", _LABEL_KIND[" ".join(match["label"].split())]))
        elif match["time"] is not None:
            clock = _time_of(match)
            if clock is None:
                raise _Unreadable
            tokens.append(("time", clock))
        else:
            tokens.append(("date", _date_of(match)))
    residue.append(chunk[last:])
    rest = _FURNITURE.sub(" ", _GAP.join(residue))
    if _RESIDUE_EMPTY.fullmatch(rest):
        return True
    if found or _DIGIT.search(rest):
        return None
    return False


def _free_words(chunk: str) -> bool:
    """A chunk that is no date may still sit on a date line: an outlet, an agency, a source (capitalised words).

    Not a person's name, nor a byline: those lines are the byline reader's (``split.bylines``), which reads the
    date beside the names with this grammar; a date line that took them would lose the authors."""

    text = _ASIDE.sub(" ", chunk).strip()  # an aside: "(Agencies)"
    if len(text) > 60 or _NAME_LABEL.match(text) or any(is_person_name(p) for p in _NAME_PARTS.split(text) if p):
        return False  # "Ada Pennington", "Ada Pennington, Senior Writer", "Words: Ada Pennington"
    found = _WORD.findall(text)
    return len(found) <= FREE_CHUNK_MAX_WORDS and all(w[0].isupper() or w.lower() in _FREE_LOWER for w in found)


def _spaced(separator: str) -> bool:
    """No separator (the line's start or end), or a spaced one (" | ", " - ")."""
    return not separator or (separator[0].isspace() and separator[-1].isspace())


def _stamps(tokens: list) -> list[_Stamp]:
    stamps: list[_Stamp] = []
    current: _Stamp | None = None
    previous_kind = None
    for kind, value in tokens:
        if kind == "label":
            if previous_kind == "label":  # "Updated Date:", "Date updated:": one label
                current.kind = "modified" if "modified" in (current.kind, value) else value
            else:
                current = _Stamp(kind=value)
                stamps.append(current)
        elif kind == "date":
            if current is None or current.date is not None:
                current = _Stamp()
                stamps.append(current)
            current.date = value
        else:
            if current is None or (current.time is not None and current.date is not None):
                current = _Stamp()
                stamps.append(current)
            if current.time is None:
                current.time = value
        previous_kind = kind
    return stamps


def _resolve_numeric(stamps: list[_Stamp], text: str, dayfirst: bool | None) -> None:
    """Turn every numeric (day, month) / (month, day) token into a date, or raise _Unreadable."""
    numeric = [s for s in stamps if s.date is not None and s.date[0] == "num"]
    if not numeric:
        return
    forced: set[bool] = set()
    for stamp in numeric:
        _, a, b, year, sep = stamp.date
        as_dmy, as_mdy = _valid(year, b, a), _valid(year, a, b)
        if not (as_dmy or as_mdy):
            raise _Unreadable
        if as_dmy != as_mdy:
            forced.add(as_dmy)
    if len(forced) > 1:
        raise _Unreadable
    order = next(iter(forced)) if forced else None  # True: day first
    for stamp in numeric:
        _, a, b, year, sep = stamp.date
        if a == b or not (_valid(year, b, a) and _valid(year, a, b)):
            stamp.date = (year, b, a) if _valid(year, b, a) else (year, a, b)
            continue
        day_first = order
        if day_first is None:
            day_first = True if sep == "." else dayfirst
        if day_first is None:
            day_cue, month_cue = bool(_DAY_FIRST_CUE.search(text)), bool(_MONTH_FIRST_CUE.search(text))
            day_first = day_cue if day_cue != month_cue else None
        if day_first is None:
            raise _Unreadable
        stamp.date = (year, b, a) if day_first else (year, a, b)


def _parsed(stamp: _Stamp, raw: str, is_modified: bool) -> ParsedDate | None:
    year, month, day = stamp.date
    try:
        value = datetime(year, month, day)
    except ValueError:
        return None
    if stamp.time is None:
        return ParsedDate(value, "day", raw, is_modified)
    return ParsedDate(value.replace(hour=stamp.time[0], minute=stamp.time[1]), "minute", raw, is_modified)


def _read_line(text: str, dayfirst: bool | None) -> tuple[ParsedDate | None, ParsedDate | None] | None:
    """(published, modified) of a date line, or None when the line is no date line."""
    parts = _CHUNK_SEP.split(text)
    tokens: list = []
    free = 0
    for index in range(0, len(parts), 2):
        chunk = parts[index]
        if not chunk.strip():
            continue
        kind = _read_chunk(chunk.lower(), tokens)
        if kind is None:
            return None
        if kind is False:
            before = parts[index - 1] if index else ""
            after = parts[index + 1] if index + 1 < len(parts) else ""
            free += 1
            if free > FREE_CHUNKS_MAX or not _free_words(chunk) or not all(_spaced(sep) for sep in (before, after)):
                return None
    stamps = _stamps(tokens)
    if not any(s.date is not None for s in stamps):
        return None
    _resolve_numeric(stamps, text.lower(), dayfirst)
    previous = None
    for stamp in stamps:  # a time stamped alone ("| Updated 08:24") is on the date before it
        if stamp.date is None:
            stamp.date = previous
        previous = stamp.date or previous
    stamps = [s for s in stamps if s.date is not None]
    dated = [s for s in stamps if s.kind is None]
    if len({s.date for s in dated}) > 1 and not any(s.time for s in dated) and len(dated) == len(stamps):
        return None  # unlabelled dates of different days and no time: a range or a list, not a stamp

    published = next((s for s in stamps if s.kind == "published"), None)
    published = published or next((s for s in stamps if s.kind is None), None)
    modified = next((s for s in stamps if s.kind == "modified"), None)
    if modified is None and published is not None:  # an unlabelled later date beside the first: its update
        later = [
            s
            for s in stamps
            if s.kind is None
            and s is not published
            and (s.date, s.time or (0, 0)) > (published.date, published.time or (0, 0))
        ]
        modified = later[0] if later else None
    return (_parsed(published, text, False) if published else None, _parsed(modified, text, True) if modified else None)


def parse_date_line(line: str, dayfirst: bool | None = None) -> ParsedDate | None:
    """A whole line that is a date (with its furniture: a label, a time, a zone, a weekday; see the module doc).

    The published date comes back, its "Updated ..." stamp in ``.modified``; a line with only an update stamp comes
    back as that stamp (``is_modified``).  ``dayfirst`` says how the caller's page orders an ambiguous numeric date
    such as 03/05/2022 (None: decide from the line, else leave it unread)."""
    text = line.strip()
    if len(text) > LINE_MAX_CHARS or not _YEARISH.search(text) or _BYLINE_START.match(text):
        return None
    for word in _WORD.findall(text):
        if not word[0].isupper() and word.lower() not in _LINE_WORDS:
            return None  # prose: a lower-case word that is neither date, furniture nor a name's particle
    try:
        read = _read_line(text, dayfirst)
    except _Unreadable:
        return None
    if read is None:
        return None
    published, modified = read
    if published is None:
        return modified
    return dataclasses.replace(published, modified=modified) if modified else published


# A date inside a metadata line ("ByLena Marsh Mar 9, 2026", "Harbour News March 12, 2026, 7:57 AM", "3.2.2026
# 9:40 Uhr Ada Pennington 12 Kommentare"): the time may follow the date after this much punctuation and space.
_TIME_GAP = re.compile(r"[\s,;|•·@\-–—]*(?:(?:at|à|às|um|alle|ore|a las|klo|kl\.?)\s+)?")
SEARCH_MAX_WORDS = 20  # a longer line is prose, whose dates are the story's, not the article's
SEARCH_MAX_LOWER = 3  # lower-case words beside the date that are neither date words nor furniture ("by", "am")


def search_date(line: str, dayfirst: bool | None = None) -> ParsedDate | None:
    """The first published date printed inside a short line that is more than a date (a byline or an outlet
    beside it, counters after it), read by the same grammar as ``parse_date_line`` from the date (and the time
    right after it) alone.  None for prose (SEARCH_MAX_WORDS or more words, or a sentence's end), for a date under
    an "Updated" label, and for lines ``parse_date_line`` reads whole (use that)."""
    text = line.strip()
    if (
        len(text) > LINE_MAX_CHARS
        or len(text.split(None, SEARCH_MAX_WORDS)) > SEARCH_MAX_WORDS
        or text.endswith((".", "!", "?"))
        or not _YEARISH.search(text)
    ):
        return None
    if sum(not w[0].isupper() and w.lower() not in _LINE_WORDS for w in _WORD.findall(text)) > SEARCH_MAX_LOWER:
        return None  # running text: a metadata line is names, labels, numbers and at most a few other words
    lowered = text.lower()
    modified = False
    matches = list(_TOKENS.finditer(lowered))
    for k, match in enumerate(matches):
        if match["label"] is not None:
            modified = _LABEL_KIND[" ".join(match["label"].split())] == "modified"
            continue
        if match["time"] is not None:
            continue
        end = match.end()
        if k + 1 < len(matches) and matches[k + 1]["time"] is not None:
            gap = _TIME_GAP.match(lowered, end)
            if gap is not None and gap.end() == matches[k + 1].start():
                end = matches[k + 1].end()
        if modified:
            return None
        parsed = parse_date_line(text[match.start() : end], dayfirst)
        if parsed is not None and not parsed.is_modified:
            return dataclasses.replace(parsed, raw=text)
        return None
    return None


def parse_date_stamps(line: str, dayfirst: bool | None = None) -> list[ParsedDate]:
    """The published and the modified date of a date line, in that order (either may be missing)."""
    parsed = parse_date_line(line, dayfirst)
    if parsed is None:
        return []
    return [dataclasses.replace(parsed, modified=None)] + ([parsed.modified] if parsed.modified else [])


def parse_time_line(line: str) -> tuple[int, int] | None:
    """A line that is only a time of day ('1:30 AM', '• 15:11', 'à 10h30', '16.45 Uhr'), printed under a date."""
    text = line.strip()
    if len(text) > 40 or not _DIGIT.search(text):
        return None
    tokens: list = []
    try:
        if _read_chunk(text.lower(), tokens) is not True:
            return None
    except _Unreadable:
        return None
    if len(tokens) != 1 or tokens[0][0] != "time":
        return None
    return tokens[0][1]


def parse_metadata_date(value: str) -> ParsedDate | None:
    """A date from input metadata (.jsonl `date`): ISO 8601 first, then the printed forms."""
    text = value.strip()
    return parse_date_line(text)
