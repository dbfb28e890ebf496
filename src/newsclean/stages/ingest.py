"""ingest: raw bytes -> documents of normalised text, with provenance.

Keeps: every document whose bytes decode to text and that holds something
after normalisation.  A ``.txt`` / ``.txt.gz`` file is one document, or
several where it holds several articles (``newsclean.stages.segment``); a
``.jsonl`` / ``.jsonl.gz`` file is one document per non-blank line.
Quarantines (stage ``ingest``), with a stable reason code: unreadable,
oversized, empty, binary or undecodable files; malformed .jsonl lines; empty
documents.

Reads: the files found by discover.  Adds: ``source_encoding``,
``mojibake_repaired``, ``segment_index``, ``n_segments``, ``char_start``,
``char_end``, ``url``, ``extra`` and the internal ``document`` text.

``char_start`` / ``char_end`` index the decoded original file (after a BOM),
not the normalised text: normalisation is for processing, the span is for
tracing a row back to its bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import zlib
from dataclasses import dataclass, field

import ftfy
import pyarrow as pa
from charset_normalizer import from_bytes

from newsclean.core.config import Limits
from newsclean.core.contract import Stage
from newsclean.core.schema import DOCUMENTS, QUARANTINE_ROWS
from newsclean.stages.discover import NotTheDiscoveredFile, RawFile, file_kind, read_discovered
from newsclean.stages.segment import segment_spans

JSONL_KNOWN_FIELDS = ("text", "url", "sitename", "title", "date")

# ftfy repairs mojibake and normalises to NFC.  Curly quotes stay curly: they
# are the article's own typography, and dedup normalises them separately.
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, explain=True)

# When bytes are not UTF-8, text whose non-ASCII characters stand alone
# inside ASCII words (café, £90, “quotes”) is read with a Western single-byte
# codec.  charset-normalizer alone guesses cp932 (Japanese) for BBC's
# sport/199.txt, whose only non-ASCII byte is a Latin-1 pound sign, and
# cp1250 for short Latin-1 or cp1252 snippets; it decides the rest, where
# non-ASCII bytes come in runs as they do in Cyrillic, Greek or CJK text.
_NON_ASCII_RUN = re.compile(rb"[\x80-\xff]{3,}")
_MAX_SHARE_IN_RUNS = 0.1

_BREAK_CHARS = ("\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_INVISIBLE_CHARS = ("\u200b", "\u2060", "\ufeff", "\u00ad")
_INVISIBLES = re.compile(r"[\u200b\u2060\ufeff\u00ad]")
_BLANK_RUNS = re.compile(r"\n{3,}")
_BINARY_CONTROLS = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


class Rejected(Exception):
    """A file or document that goes to quarantine, with its reason code."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


@dataclass
class IngestBatch:
    documents: list[dict] = field(default_factory=list)
    quarantine: list[dict] = field(default_factory=list)
    # Documents each segmented file was cut into, quarantined ones included:
    # the left-hand side of the conservation rule.
    segments: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class IngestResult:
    documents: pa.Table
    quarantine: pa.Table
    segments: dict[str, int]


def normalise_whitespace(text: str) -> str:
    """One space between words, LF line ends, at most one blank line between paragraphs."""
    # Each regex runs only when a character it replaces is there: `in` is a memchr-speed scan, a regex is not,
    # and most texts hold none (2.7x faster on the generated corpus).
    if any(c in text for c in _BREAK_CHARS):
        text = _LINE_BREAKS.sub("\n", text)
    if any(c in text for c in _INVISIBLE_CHARS):
        text = _INVISIBLES.sub("", text)
    # str.split() per line is twice as fast as substituting every space with a regex, and str.isspace()
    # is the same class as the regex's \s (tests/stages/test_ingest.py checks both on random white space).
    text = "\n".join([" ".join(line.split()) for line in text.split("\n")])
    if "\n\n\n" in text:
        text = _BLANK_RUNS.sub("\n\n", text)
    return text.strip()


def repair_text(text: str) -> tuple[str, bool]:
    """Fix mojibake, NFC-normalise and tidy white space; say whether mojibake was repaired."""
    fixed, steps = ftfy.fix_and_explain(text, _FTFY_CONFIG)
    repaired = any(step[0] in ("encode", "decode", "transcode") for step in (steps or ()))
    return normalise_whitespace(fixed), repaired


def read_bytes(raw: RawFile, limits: Limits) -> bytes:
    """The file's bytes, read from the very file discovery saw (``read_discovered``: no link followed, same inode),
    gunzipped where the name says so."""
    if raw.error is not None:
        raise Rejected(raw.reason, raw.error)
    if raw.size > limits.max_file_bytes:
        raise Rejected("file_too_large", f"{raw.size} bytes > limits.max_file_bytes = {limits.max_file_bytes}")
    try:
        data = read_discovered(raw.path, raw.identity, limits.max_file_bytes + 1)
    except NotTheDiscoveredFile as exc:
        raise Rejected("changed_during_run", f"{exc}: not read; the next run reads it afresh") from exc
    except OSError as exc:
        raise Rejected("read_error", f"{type(exc).__name__}: {exc}") from exc
    if len(data) > limits.max_file_bytes:
        raise Rejected("file_too_large", f"more than limits.max_file_bytes = {limits.max_file_bytes} bytes")
    if raw.sha256 is not None and hashlib.sha256(data).hexdigest() != raw.sha256:
        # Rows carry the sha256 discover read; other bytes now would make them lie.  The next run reads it afresh.
        raise Rejected(
            "changed_during_run", f"the file changed between discovery and reading (sha256 {raw.sha256[:12]}…)"
        )
    if (file_kind(raw.source_file) or "").endswith(".gz"):
        data = gunzip_capped(data, limits.max_decompressed_bytes)
    return data


def gunzip_capped(data: bytes, cap: int) -> bytes:
    """Decompress without ever holding more than ``cap`` bytes, so a gzip bomb cannot exhaust memory."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as stream:
            out = stream.read(cap + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise Rejected("gzip_error", f"{type(exc).__name__}: {exc}") from exc
    if len(out) > cap:
        raise Rejected(
            "decompressed_too_large", f"decompresses to more than limits.max_decompressed_bytes = {cap} bytes"
        )
    return out


def decode(data: bytes) -> tuple[str, str]:
    """Bytes -> (text, encoding name).  Raises Rejected for empty, binary or undecodable input."""
    if not data.strip():
        raise Rejected("empty_file", "the file has no text" if not data else "the file holds only white space")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise Rejected("undecodable", f"UTF-16 byte-order mark but invalid UTF-16: {exc}") from exc
    head = data[:65536]
    controls = len(_BINARY_CONTROLS.findall(head))
    has_nul = b"\x00" in head
    if has_nul or controls > max(8, len(head) // 100):
        raise Rejected(
            "binary_file",
            f"{controls} control bytes (NUL bytes: {'yes' if has_nul else 'no'}) in the first {len(head)} bytes",
        )
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    if _looks_western(data):
        if not any(0x80 <= byte <= 0x9F for byte in data):
            return data.decode("latin-1"), "iso-8859-1"
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise Rejected("undecodable", "not UTF-8, and no legacy encoding decodes it into plausible text")
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise Rejected("undecodable", f"detected {best.encoding} but it does not decode: {exc}") from exc
    if (where := _lone_surrogate(text)) is not None:  # a codec such as UTF-7 can decode to one
        raise Rejected("undecodable", f"decoded as {best.encoding}, it holds a lone surrogate ({where})")
    return text, best.encoding


def _looks_western(data: bytes) -> bool:
    """Non-ASCII bytes mostly alone or in pairs, as accents and symbols are in Western text."""
    non_ascii = len(data) - len(data.translate(None, bytes(range(0x80, 0x100))))
    in_runs = sum(len(run) for run in _NON_ASCII_RUN.findall(data))
    return in_runs <= _MAX_SHARE_IN_RUNS * non_ascii


def _quarantine(raw: RawFile, segment_index: int | None, reason: str, detail: str) -> dict:
    return {
        "source_file": raw.source_file,
        "segment_index": segment_index,
        "stage": "ingest",
        "reason": reason,
        "detail": detail,
    }


def _document(
    raw: RawFile,
    encoding: str,
    index: int,
    n: int,
    start: int,
    end: int,
    text: str,
    limits: Limits,
    meta: dict | None = None,
    extra: dict | None = None,
) -> dict:
    if len(text) > limits.max_document_chars:
        raise Rejected(
            "document_too_large", f"{len(text)} characters > limits.max_document_chars = {limits.max_document_chars}"
        )
    document, repaired = repair_text(text)
    if not document:
        raise Rejected("empty_document", "no text is left after normalising white space")
    meta = meta or {}
    return {
        "source_file": raw.source_file,
        "source_sha256": raw.sha256,
        "source_encoding": encoding,
        "mojibake_repaired": repaired,
        "segment_index": index,
        "n_segments": n,
        "char_start": start,
        "char_end": end,
        "document": document,
        "url": meta.get("url"),
        "meta_title": meta.get("title"),
        "meta_sitename": meta.get("sitename"),
        "meta_date": meta.get("date"),
        "extra": [{"key": key, "value": value} for key, value in sorted((extra or {}).items())],
    }


def _jsonl_lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for every non-blank line, with offsets into ``text``."""
    lines, start = [], 0
    for line in text.split("\n"):
        end = start + len(line)
        if line.strip():
            lines.append((start, end, line))
        start = end + 1
    return lines


# JSON may spell a UTF-16 surrogate alone ("\\ud800"); Python then holds a str that is not Unicode text, and
# Arrow (like any UTF-8 writer) refuses it.  Only a line with such an escape can hold one, so the values are
# searched only then.
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate(text: str) -> str | None:
    """Where ``text`` holds a lone surrogate, for a person (None when it holds none)."""
    found = _LONE_SURROGATE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X} at character {found.start()}"


def _refuse_surrogates(text: str, meta: dict, extra: dict) -> None:
    for name, value in [("text", text), *meta.items(), *((f"key {k!r}", k) for k in extra), *extra.items()]:
        if isinstance(value, str) and (where := _lone_surrogate(value)) is not None:
            shown = name.encode("utf-8", "backslashreplace").decode()
            raise Rejected("jsonl_bad_field", f"`{shown}` holds a lone surrogate ({where}), which is not Unicode text")


def _jsonl_record(line: str) -> tuple[str, dict, dict]:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError) as exc:
        raise Rejected("jsonl_malformed", f"not JSON: {exc}") from exc
    if not isinstance(record, dict):
        raise Rejected("jsonl_malformed", f"a JSON {type(record).__name__}, not an object")
    text = record.get("text")
    if not isinstance(text, str):
        raise Rejected(
            "jsonl_missing_text", "no `text` field" if text is None else f"`text` is a {type(text).__name__}"
        )
    meta = {}
    for key in JSONL_KNOWN_FIELDS[1:]:
        value = record.get(key)
        if value is not None and not isinstance(value, str):
            raise Rejected("jsonl_bad_field", f"`{key}` is a {type(value).__name__}, not a string")
        meta[key] = (value.strip() or None) if isinstance(value, str) else None
    extra = {
        key: value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
        for key, value in record.items()
        if key not in JSONL_KNOWN_FIELDS
    }
    if "\\u" in line and _SURROGATE_ESCAPE.search(line):
        _refuse_surrogates(text, meta, extra)
    return text, meta, extra


def ingest_file(raw: RawFile, limits: Limits, batch: IngestBatch) -> None:
    """Append the file's documents and quarantine rows to ``batch``."""
    try:
        original, encoding = decode(read_bytes(raw, limits))
    except Rejected as rejected:
        batch.quarantine.append(_quarantine(raw, None, rejected.reason, rejected.detail))
        return
    if ".jsonl" in (file_kind(raw.source_file) or ""):
        lines = _jsonl_lines(original)
        if lines:
            batch.segments[raw.source_file] = len(lines)
        for index, (start, end, line) in enumerate(lines):
            try:
                text, meta, extra = _jsonl_record(line)
                batch.documents.append(
                    _document(raw, encoding, index, len(lines), start, end, text, limits, meta, extra)
                )
            except Rejected as rejected:
                batch.quarantine.append(_quarantine(raw, index, rejected.reason, rejected.detail))
        if not lines:
            batch.quarantine.append(_quarantine(raw, None, "empty_file", "the .jsonl file has no non-blank line"))
        return
    spans = segment_spans(original)
    batch.segments[raw.source_file] = len(spans)
    for index, (start, end) in enumerate(spans):
        try:
            batch.documents.append(_document(raw, encoding, index, len(spans), start, end, original[start:end], limits))
        except Rejected as rejected:
            batch.quarantine.append(_quarantine(raw, index, rejected.reason, rejected.detail))


def ingest(files: list[RawFile], limits: Limits) -> IngestResult:
    """Ingest a batch of files, in the order of ``files``."""
    batch = IngestBatch()
    for raw in files:
        ingest_file(raw, limits, batch)
    return IngestResult(
        pa.Table.from_pylist(batch.documents, schema=DOCUMENTS),
        pa.Table.from_pylist(batch.quarantine, schema=QUARANTINE_ROWS),
        batch.segments,
    )


def _documents(result: IngestResult) -> pa.Table:
    return result.documents


STAGE = Stage(
    "ingest",
    ingest,
    reads=("source_file", "source_sha256"),
    adds=(
        "source_encoding",
        "mojibake_repaired",
        "segment_index",
        "n_segments",
        "char_start",
        "char_end",
        "url",
        "extra",
        "document",
        "meta_title",
        "meta_sitename",
        "meta_date",
    ),
    output=_documents,
    takes_table=False,
)
