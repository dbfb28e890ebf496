"""Word lists and shape tests shared by the parts of the splitter.

Mostly English: the splitter applies most of these to documents identified as English.  The person-name test
(``is_person_name``) and the words it refuses also cover the main European languages, because bylines are read
in every language (split/bylines.py).
"""

from __future__ import annotations

import re

SECTIONS = {
    "world", "uk", "us", "politics", "business", "opinion", "comment", "analysis", "sport", "sports",
    "technology", "tech", "science", "health", "culture", "entertainment", "arts", "lifestyle", "travel",
    "money", "economy", "education", "environment", "climate", "europe", "asia", "africa", "middle east",
    "americas", "australia", "news", "uk news", "world news", "us news", "features", "investigations",
    "editorial", "letters", "obituaries", "media", "law", "crime", "local", "national", "columnists",
    "op-ed", "review", "reviews", "explainer", "live", "breaking news", "defence", "defense", "ukraine",
}
OPINION_SECTIONS = {"opinion", "comment", "editorial", "letters", "columnists", "op-ed"}
ANALYSIS_SECTIONS = {"analysis", "explainer"}

# Words that make a capitalised phrase an organisation, never a person.
ORG_WORDS = {
    "times", "post", "news", "daily", "telegraph", "guardian", "herald", "journal", "tribune", "gazette",
    "courier", "chronicle", "observer", "review", "express", "mail", "mirror", "standard", "independent",
    "spectator", "economist", "press", "media", "network", "radio", "tv", "magazine", "weekly", "online",
    "today", "wire", "agency", "institute", "center", "centre", "foundation", "council", "university",
    "ministry", "department", "bureau", "associated", "reuters", "bbc", "cnn", "sentinel", "record",
    "dispatch", "bulletin", "register", "monitor", "insider", "digest", "report", "inquirer", "examiner",
    "star", "sun", "world", "group", "company", "inc", "ltd", "llc", "club", "party", "office", "ledger",
    "forum", "fund", "trust", "association", "society", "commission", "committee", "authority",
}
# Of those, the ones that name a news outlet (not a think tank, university or ministry).
NEWS_WORDS = {
    "times", "post", "news", "daily", "telegraph", "guardian", "herald", "journal", "tribune", "gazette",
    "courier", "chronicle", "observer", "express", "mail", "mirror", "standard", "independent", "spectator",
    "economist", "press", "magazine", "weekly", "wire", "sentinel", "record", "dispatch", "bulletin",
    "register", "monitor", "insider", "inquirer", "examiner", "star", "sun", "ledger", "reuters", "bbc", "cnn",
}
ROLE_WORDS = {
    "editor", "correspondent", "reporter", "writer", "columnist", "contributor", "staff", "chief", "senior",
    "deputy", "associate", "producer", "analyst", "fellow", "director", "president", "head", "author",
    "photographer", "journalist", "desk", "team", "newsroom", "political", "foreign", "economics",
    "science", "technology", "business", "health", "security", "defence", "defense", "diplomatic",
}
# Words that open a sentence but never a name ("But Morrison is ...").
NOT_NAME_WORDS = {
    "the", "a", "an", "but", "and", "or", "so", "yet", "if", "when", "while", "as", "this", "that", "these",
    "those", "his", "her", "their", "its", "our", "my", "mr", "mrs", "ms", "dr", "sir", "in", "on", "at",
    "for", "with", "from", "after", "before", "since", "meanwhile", "however", "also", "then", "there",
    "here", "it", "he", "she", "they", "we", "i", "you", "some", "many", "most", "all", "both", "each",
}
NAME_PARTICLES = {
    "de", "van", "von", "der", "den", "da", "di", "du", "del", "la", "le", "bin", "al", "el", "ibn", "ter", "dos",
    "das", "do", "della", "dello", "degli", "des", "zu", "af", "av", "ten", "bint", "abu", "st", "st.",
}
NAME_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}

# Words that a byline or name line can print but that are never a person's given name or surname: interface
# labels (share bars, menus, video players, sign-in prompts), photo credits, common nouns, verbs and adjectives
# of page furniture, in English and the main European languages.  Lower case; checked on every word of a name.
NOT_NAME_ANYWHERE = {
    # interface: menus, share bars, prompts, players
    "share", "shared", "links", "tweet", "email", "e-mail", "print", "comment", "comments", "reply",
    "menu", "menus", "toggle", "navigation", "nav", "search", "login", "logout", "signin", "signup", "sign", "up",
    "subscribe", "subscriber", "subscribers", "subscription", "subscriptions", "newsletter", "newsletters", "now",
    "account", "profile", "settings", "notifications", "alerts", "homepage", "home", "pages", "click",
    "tap", "scroll", "download", "app", "apps", "follow", "followers", "following", "like", "likes", "unlike",
    "advertisement", "advertising", "advertise", "ad", "ads", "sponsored", "sponsor", "promoted", "paid",
    "partner", "content", "premium", "trial", "offer", "offers", "deal", "deals", "shop", "store", "cart",
    "buy", "sale", "discount", "coupon", "coupons", "video", "videos", "audio", "podcast", "podcasts", "playlist",
    "player", "playing", "play", "pause", "paused", "replay", "autoplay", "mute", "unmute", "volume", "fullscreen",
    "captions", "subtitles", "chapters", "playback", "duration", "remaining", "loaded", "loading", "stream",
    "seek", "skip", "next", "previous", "prev", "back", "continue", "reading", "more", "less", "show",
    "hide", "view", "views", "open", "closed", "expand", "collapse", "toggle", "select", "language",
    "languages", "edition", "editions", "accessibility", "cookie", "cookies", "privacy", "policy", "terms",
    "conditions", "contact", "about", "careers", "jobs", "help", "faq", "support", "feedback", "archive",
    "archives", "sitemap", "rss", "feed", "feeds", "topics", "topic", "tags", "tag", "category", "categories",
    "sections", "trending", "popular", "latest", "recommended", "related", "stories", "articles",
    "article", "items", "item", "headlines", "timeline", "tools", "gallery", "galleries", "slideshow", "photos",
    "photo", "pictures", "picture", "image", "images", "foto", "fotos", "bild", "bilder", "credit", "credits",
    "courtesy", "illustration", "graphic", "graphics", "getty", "shutterstock", "istock", "istockphoto", "alamy",
    "unsplash", "dpa", "afp", "epa", "ap", "pa", "reuters", "file", "handout", "successfully", "added", "saved",
    "save", "bookmark", "bookmarks", "submit", "send", "sent", "register", "registration", "unlimited", "access",
    "free", "exclusive", "sponsors", "results", "result", "rated", "rating", "ratings", "stars", "scholar",
    "google", "facebook", "twitter", "instagram", "youtube", "linkedin", "whatsapp", "pinterest", "reddit",
    "tiktok", "snapchat", "flipboard", "telegram", "messenger", "threads", "mastodon", "bluesky", "microsoft",
    "apple", "amazon", "netflix", "spotify", "weather", "traffic", "horoscope", "horoscopes", "crossword",
    "puzzles", "games", "sudoku", "lottery", "classifieds", "obituary", "events", "tickets", "minute", "minutes",
    "mins", "hour", "hours", "ago", "updated", "update", "updates", "published", "posted", "modified",
    "edited", "source", "sources", "via", "min.", "coverage", "breaking", "watch", "listen", "live", "explore",
    "discover", "visit", "website", "site", "web", "blog", "blogs", "wiki", "inbox", "guide", "guides", "tips",
    "review", "reviews", "top", "new", "hot", "vs", "vs.", "faqs", "quiz", "poll", "polls",
    "vote", "votes", "survey", "summary", "transcript", "overview", "introduction", "contents", "abstract",
    "references", "citation", "cite", "pdf", "doi", "issn", "isbn", "volume", "issue", "issues",
    # section and menu nouns ("Family Finance", "Things To Do", "Venture Capital", "Slide Shows")
    "things", "finance", "finances", "interest", "capital", "funds", "fund", "shows", "paper", "answers",
    "planning", "tested", "index", "room", "design", "elections", "election", "management", "studies",
    "electronics", "listings", "calendar", "living", "check", "picks", "voices", "kit", "films", "originals",
    "wealth", "products", "resources", "intelligence", "billionaires", "richest", "innovation", "career",
    "consumer", "retirement", "investing", "investment", "investments", "banking", "insurance", "mortgages",
    "loans", "credit", "cards", "taxes", "jobs", "housing", "property", "properties", "cars", "autos", "motoring",
    "fashion", "beauty", "style", "food", "drink", "recipes", "wellness", "fitness", "parenting", "relationships",
    "gaming", "movies", "music", "books", "television", "celebrity", "celebrities", "royals", "puzzle",
    "horoscopes", "comics", "cartoons", "podcasts", "webinars", "magazines", "reports", "rankings", "lists",
    "awards", "conferences", "education", "learning", "careers", "opportunities", "classified", "marketplace",
    # places and institutions that a two-word capitalised phrase names
    "police", "government", "city", "county", "state", "states", "province", "region", "district",
    "creek", "valley", "island", "islands", "beach", "mountains", "airport", "station", "stadium", "street",
    "stade", "stadio", "estadio", "estádio", "stadion", "arena", "centre-court", "velodrome", "racecourse",
    "road", "avenue", "square", "school", "college", "hospital", "parliament", "senate",
    "congress", "house", "palace", "museum", "library", "theatre", "theater", "zoo", "showroom", "hotel",
    "restaurant", "cafe", "lodges", "market", "markets", "stocks", "shares", "estate",
    "advisor", "adviser", "services", "service", "solutions", "systems", "technologies", "labs", "studio",
    "studios", "records", "entertainment", "sports", "football", "soccer", "basketball", "baseball", "hockey",
    "tennis", "golf", "cricket", "rugby", "league", "cup", "championship", "olympics", "festival", "awards",
    "america", "american", "americans", "europe", "european", "british", "russian",
    "chinese", "international", "national", "global", "foreign", "federal", "royal", "republic", "kingdom",
    "union", "nations", "christmas", "easter", "holiday", "holidays", "weekend", "morning", "evening", "night",
    "tonight", "yesterday", "tomorrow", "week", "month", "year", "season", "column", "columns",
    # other languages: interface and sections (de, fr, es, it, pt, nl)
    "startseite", "anmelden", "abmelden", "teilen", "suche", "menü", "nachrichten", "politik", "wirtschaft",
    "kultur", "meinung", "lesedauer", "kommentare", "kommentar", "aktualisiert", "weitere", "artikel", "themen",
    "mehr", "uhr", "abo", "anzeige", "werbung", "zurück", "weiter", "schließen", "accueil", "connexion",
    "partager", "rechercher", "abonnez", "abonnez-vous", "actualités", "économie", "société", "idées", "publié",
    "inicio", "portada", "acceso", "suscríbete", "síguenos", "compartir", "noticias", "fútbol", "deportes",
    "internacional", "nacional", "política", "economía", "opinión", "sociedad", "cultura", "espectáculos",
    "tecnología", "salud", "publicado", "actualizado", "cronaca", "esteri", "spettacoli", "condividi", "accedi",
    "abbonati", "notizie", "ultima", "ora", "meteo", "calcio", "serie", "edición", "impresa", "freie", "medien",
    "entrar", "assine", "compartilhe", "notícias", "esportes", "nieuws", "delen",
    "username", "password", "phone", "verify", "change", "request", "copyright", "discussion", "compatibility",
    "notices", "ended", "area", "areas", "temps", "lecture", "lesezeit", "leestijd", "lectura", "leitura",
    "enviar", "imprimir", "cuenta", "saiba", "mais", "modus", "ausgabe", "kategori", "berita", "halaman", "lihat",
    "semua", "terkait", "terkini", "lainnya", "pilihan", "redaksi", "artículos", "relacionados", "relacionadas",
    "inloggen", "redactie", "redacción", "redazione", "redação", "rédaction", "redaktion", "agencia", "agencias",
}
# Words that can end a name (Glenn Close, Larry Page) but never start one: a line that opens with one is a label,
# a heading or a place ("Good Morning", "Santa Cruz", "North Yorkshire").
NOT_NAME_FIRST = {
    "edit", "getting", "general", "social", "product", "products", "reader", "readers", "my", "mi", "mein",
    "meine", "mon", "mes", "nuestro", "nuestra", "nossa", "nosso", "nossas", "minha", "sua", "seu",
    "good", "great", "big", "close", "page", "link", "read", "story", "stock", "best",
    "court", "church", "lake", "lodge", "english", "french", "german", "little", "small", "old", "young", "real",
    "public", "personal", "private", "digital",
    "black", "white", "red", "blue", "green", "golden", "silver", "wide", "visual", "recent", "rule", "interest",
    "other", "must", "your", "no", "not", "all", "any", "every", "each", "only", "just", "why", "how", "what",
    "who", "where", "which", "whose", "whom", "is", "was", "are", "were", "has", "have", "had", "does",
    "did", "can", "could", "would", "should", "might", "says", "said", "get", "got", "make", "take",
    "see", "try", "join", "start", "find", "learn", "enter", "add", "remove", "manage", "accept", "reject",
    "allow", "enable", "disable", "san", "santa", "saint", "st", "st.", "los", "las", "fort", "port", "mount",
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
    "greater", "inner", "outer", "mid", "middle", "far", "near", "high", "low", "first", "last", "second",
    "third", "final", "full", "half", "free", "special", "official", "current", "total", "latest", "daily",
    "weekly", "monthly", "annual", "feature", "featured", "sponsored", "trending", "today", "breaking", "welcome",
    "hello", "thanks", "thank", "dear", "hi", "hey", "sorry", "please", "stay", "keep", "let", "lets", "let's",
    "meet", "inside", "behind", "beyond", "under", "over", "between", "against", "without", "within", "into",
    "onto", "about", "above", "below", "around", "through", "during", "until", "toward", "towards", "upon",
    "de", "der", "die", "das", "ein", "eine", "le", "la", "les", "un", "une", "el", "los", "las", "il", "lo",
    "gli", "una", "uno", "os", "as", "um", "het", "een", "und", "et", "y", "para", "pour", "für", "mit",
    "con", "sur", "sobre", "nach", "bei", "aus", "zum", "zur", "vom", "im", "beim",
}
# Calendar and clock words printed beside bylines (en, de, fr, es, it, pt, nl).  DATE_WORDS end a name wherever
# they stand; DATE_ABBREVIATIONS (also given names and surnames: Jan, Sun, Mar, May) only before a day or year.
DATE_WORDS = {
    "january", "february", "march", "july", "september", "october", "november", "december",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "a.m.", "p.m.", "gmt", "utc",
    "published", "updated", "posted", "modified", "publié", "publicado", "actualizado", "pubblicato",
    "aggiornato", "veröffentlicht", "aktualisiert",
    "januar", "februar", "märz", "oktober", "dezember", "janvier", "février",
    "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre", "enero", "febrero",
    "marzo", "junio", "septiembre", "setiembre", "octubre", "noviembre",
    "diciembre", "gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio", "settembre", "ottobre",
    "dicembre", "janeiro", "fevereiro", "março", "junho", "julho", "setembro", "outubro", "novembro",
    "dezembro", "januari", "februari", "maart", "augustus", "montag", "dienstag", "mittwoch",
    "donnerstag", "freitag", "samstag", "sonntag", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi",
    "dimanche", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "lunedì", "martedì",
    "mercoledì", "giovedì", "venerdì", "domenica", "segunda-feira", "terça-feira", "quarta-feira",
    "quinta-feira", "sexta-feira", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
}
DATE_ABBREVIATIONS = {
    "april", "may", "june", "august", "juni", "juli", "julio", "mayo", "abril", "domingo", "sabato", "agosto", "avril",
    "mars", "maio", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
    "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "mai", "mei", "am", "pm",
    "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "ist", "bst", "cet", "cest", "eet", "aest",
    "aedt", "uhr", "h", "last", "stand", "date", "publish", "time",
}
# Small words a printed date holds between its numbers and month names ("le 3 mars à 10h", "am 14. Mai").
DATE_FILLER = {"on", "at", "le", "el", "de", "del", "à", "a", "las", "um", "am", "den", "der", "du", "of", "the",
               "mis", "jour", "à", "le", "alle", "ore", "em", "às", "op", "om", "den", "kl", "kl."}
# Places a correspondent's title names ("China Correspondent", "Washington Bureau Chief"): dropped from the end of
# a three-word "name" that a role word follows.
BEAT_PLACES = {
    "washington", "london", "paris", "berlin", "brussels", "moscow", "beijing", "tokyo", "delhi", "mumbai",
    "jerusalem", "cairo", "istanbul", "rome", "madrid", "geneva", "vienna", "dublin", "edinburgh", "belfast",
    "sydney", "toronto", "ottawa", "nairobi", "johannesburg", "lagos", "kyiv", "seoul", "bangkok", "singapore",
    "hong", "kong", "china", "india", "russia", "japan", "korea", "israel", "iran", "germany", "france", "italy",
    "spain", "ukraine", "canada", "mexico", "brazil", "australia", "ireland", "scotland", "wales", "york",
    "chicago", "boston", "angeles", "francisco", "texas", "california", "florida", "hollywood", "westminster",
    "white", "city", "state", "metro", "local", "regional", "county", "capitol", "pentagon", "whitehall",
}
TERMINAL_CHARS = frozenset(".!?…:;\"”’'»)]")
# Initials: "A.", "T.C.", "J.-P.", "I-C.", or a bare capital between names.
_INITIALS = re.compile(r"^(?:[A-Z\u00C0-\u00DE]\.){1,3}$|^[A-Z]\.?-[A-Z]\.$|^[A-Z]$")
# Surname prefixes after which a capital may follow inside the word (McGrath, O'Neil, DeSantis, LeBron, MacKenzie).
CAMEL_PREFIXES = ("Mc", "Mac", "O'", "O’", "D'", "D’", "De", "Di", "Da", "Du", "La", "Le", "Van", "Fitz", "St")
_DOMAIN = re.compile(r"^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}$", re.I)
_CONNECTORS = {"of", "the", "and", "on", "&", "de"}
_POSSESSIVE = re.compile(r"['’]s$")
_HYPHENS = re.compile(r"[-‐‑]")
# "World's", "Don't", "We'll": a possessive or a contraction, never a name word.
_CLITIC = re.compile(r"['’](?:s|t|ll|re|ve|d|m)$")


def words(line: str) -> list[str]:
    return line.split()


def has_terminal_punctuation(line: str) -> bool:
    return bool(line) and line[-1] in TERMINAL_CHARS


def is_headline(line: str, max_words: int = 30) -> bool:
    """Short, and not ending like a sentence; may open with a digit, a currency sign or 'iTunes'."""
    first = line.split(None, 1)[0] if line.strip() else ""
    opens_like_a_title = not first[:1].islower() or any(c.isupper() for c in first[1:])
    n = len(line.split(None, max_words + 1))
    ends_like_a_sentence = line.endswith((".", ";", ",")) and not line.endswith(("...", "…"))
    return 2 <= n <= max_words and not ends_like_a_sentence and opens_like_a_title


def _name_part(part: str) -> bool:
    """One hyphen-free part of a name word: a capital, then lower-case letters (any script with case)."""
    if len(part) < 2 or not part[0].isupper():
        return False
    rest = part[1:]
    if rest.isalpha() and rest.islower():
        return True  # the common case: no capital after the first, so no prefix applies; the answer is known
    for prefix in CAMEL_PREFIXES:
        if len(part) > len(prefix) + 1 and part.startswith(prefix) and part[len(prefix)].isupper():
            rest = part[len(prefix) + 1:]
            break
    rest = rest.replace("'", "").replace("’", "")
    return rest.isalpha() and rest.islower()


def is_name_word(token: str) -> bool:
    """The shape of one word of a printed name: 'Ada', 'McGrath', "O'Neil", 'Meier-Osei', 'Čapek', 'T.C.'."""
    if _INITIALS.match(token):
        return True
    if _CLITIC.search(token):
        return False
    return all(_name_part(part) for part in _HYPHENS.split(token))


def is_initial(token: str) -> bool:
    return _INITIALS.match(token) is not None


def refuses_name_word(lower: str, first: bool) -> bool:
    """Whether a (lower-cased) word can never be part of a person's name here (``first``: as its first word)."""
    bare = lower.rstrip(".")
    return (bare in ORG_WORDS or bare in ROLE_WORDS or lower in SECTIONS or bare in NOT_NAME_WORDS
            or lower in NOT_NAME_ANYWHERE or lower in DATE_WORDS or (first and lower in NOT_NAME_FIRST))


def is_person_name(text: str) -> bool:
    """2-5 words shaped like a person's name: name-shaped words (particles and a Jr./III allowed after the first),
    at least two of them, one not an initial, and none a word that names an organisation, a role, a section, a
    date or a page's interface ("Share Link", "Top Stories", "Getty Images", "Santa Cruz" are not persons)."""
    tokens = words(text.strip())
    if not 2 <= len(tokens) <= 5:
        return False
    named = full = 0
    for index, token in enumerate(tokens):
        bare = token.strip(",")
        lower = bare.lower()
        if named and (lower in NAME_PARTICLES or (lower in NAME_SUFFIXES and index == len(tokens) - 1)):
            continue
        if refuses_name_word(lower, first=index == 0) or not is_name_word(bare):
            return False
        named += 1
        full += not is_initial(bare)
    return named >= 2 and full >= 1


def _title_case(tokens: list[str]) -> bool:
    return all(t[:1].isupper() or t[:1].isdigit() or t.lower() in _CONNECTORS for t in tokens)


def is_outlet(text: str) -> bool:
    """An outlet line: a domain, or a short title-case name that starts with 'The' or holds an organisation word."""
    tokens = words(text)
    if not tokens or len(tokens) > 6:
        return False
    if _DOMAIN.match(text):
        return True
    if has_terminal_punctuation(text) or not _title_case(tokens) or (len(tokens) > 1 and text.isupper()):
        return False  # an all-capitals line is a subheading, not an outlet
    return tokens[0] == "The" or any(t.lower().strip(".") in ORG_WORDS for t in tokens)


def is_news_outlet(text: str) -> bool:
    """Stricter than is_outlet: the name holds a word that only news outlets use."""
    tokens = words(text)
    bare = [_POSSESSIVE.sub("", t.lower()).strip(".,") for t in tokens]
    return 1 <= len(tokens) <= 6 and _title_case(tokens) and any(t in NEWS_WORDS for t in bare)


# A photo credit's label, before its colon ("Foto: …", "(Crédito: …)"), in the main European languages: one list for
# the caption, furniture and headline tests (a regex alternation, matched case-blind or on lower-cased text).
CREDIT_LABELS = r"(?:photo|foto|fotó|bild|image|imagen|imagem|immagine|picture|credit|crédit|crédito|credito|zdjęcie)"


def is_section(line: str) -> bool:
    return line.strip().lower() in SECTIONS
