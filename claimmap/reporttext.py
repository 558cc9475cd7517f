"""Report text: bytes in, clean text out, and where the page furniture is.

Reports arrive as bytes of unknown encoding and format (plain text, Markdown,
HTML saved from a browser). `decode_report` turns bytes into text or refuses
them with a clear `ReportInputError`; `report_text` turns HTML into plain text
(Markdown and plain text stay as written but for control characters, so claim
offsets point into what the analyst pasted); `furniture_spans` marks the parts of a page that are
not the report (sponsor lines, "More In This Category", teasers of other
stories, author bios) without removing them, so offsets stay valid.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import charset_normalizer
from bs4 import BeautifulSoup, CData, NavigableString, Tag

from claimmap.lexiconfile import word_class

# The one size limit of a report, in the CLI, the Upload page (and its widget) alike.
MAX_REPORT_MB = 5
MAX_REPORT_BYTES = MAX_REPORT_MB * 1024 * 1024


class ReportInputError(ValueError):
    """The input cannot be read as a report (empty, binary, too large, undecodable)."""


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_BINARY_SIGNATURES = {
    b"%PDF": "a PDF file",
    b"PK\x03\x04": "a ZIP/Office file",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "a gzip file",
    b"\x7fELF": "an executable",
}
# Legacy encodings reports in this domain come in: Cyrillic code pages and Western ones. Limiting
# detection to them keeps a short KOI8-U post from being read as a CJK encoding.
_LEGACY_ENCODINGS = ["cp1251", "koi8_r", "koi8_u", "iso8859_5", "mac_cyrillic", "cp866", "cp1252", "latin_1", "iso8859_2"]
# Control characters other than tab, newline, form feed and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# What decoded text keeps of control characters: tab and line ends. A terminal escape sequence (ECMA-48:
# CSI, OSC, other ESC sequences; 7- or 8-bit) goes whole, a form feed, vertical tab or lone carriage
# return ends a line, and any other control character is dropped.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]{0,64}[ -/]{0,8}[@-~]|(?:\x1b\]|\x9d)[^\x07\x1b\x9c\x9d]{0,512}(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]{0,8}[0-~]")  # bounded repeats: linear time whatever the text
_LINE_BREAKING = re.compile(r"[\x0b\x0c]|\r(?!\n)")
_DROPPED_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# Characters whose UTF-16 form has a NUL byte but which text does not hold (controls but tab and line ends).
_NOT_IN_UTF16_TEXT = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
# Unicode categories that show nothing: controls, format characters (zero-width space, BOM,
# direction marks) and separators.
_INVISIBLE = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))


def decode_report(data: bytes, *, max_bytes: int = MAX_REPORT_BYTES) -> str:
    """Decode report bytes to text, or raise `ReportInputError` saying why not.

    UTF-8 is tried first (most reports), then a byte-order mark, then
    charset-normalizer's detection among Cyrillic and Western legacy encodings
    (Windows-1251, KOI8-R/U, ISO 8859-5, Mac Cyrillic, CP866, Windows-1252 ...).
    """
    if not data or not data.strip():
        raise ReportInputError("the report is empty")
    if len(data) > max_bytes:
        raise ReportInputError(f"the report is {len(data):,} bytes, more than the limit of {max_bytes:,}")
    for signature, what in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            raise ReportInputError(f"the input is {what}, not text")
    text = _decode(data)
    if len(_CONTROL.findall(text)) > max(2, len(text) // 1000):
        raise ReportInputError("the input looks binary (control characters), not text")
    return require_text(without_controls(text))


def without_controls(text: str) -> str:
    """`text` without control characters other than tab and line ends.

    Done once, where bytes become text, so nothing downstream (the store, CSV and JSON output,
    a terminal, the map) ever sees an ESC sequence from a report, and claim offsets point into
    the cleaned text."""
    if _DROPPED_CONTROL.search(text) is None and "\x0b" not in text and "\x0c" not in text and "\r" not in text:
        return text  # the usual case: nothing to copy
    return _DROPPED_CONTROL.sub("", _LINE_BREAKING.sub("\n", _ESCAPE_SEQUENCE.sub("", text)))


def require_text(text: str) -> str:
    """`text`, or `ReportInputError` if nothing in it shows (only spaces, zero-width or format characters)."""
    if not any(not char.isspace() and unicodedata.category(char) not in _INVISIBLE for char in text):
        raise ReportInputError("the report is empty (no visible text)")
    return text


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ReportInputError(f"the input starts with a {encoding} byte-order mark but is not {encoding}: {error}")
    if b"\x00" in data:
        text = _utf16_without_bom(data)
        if text is None:
            raise ReportInputError("the input contains NUL bytes: it is binary, not text")
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = charset_normalizer.from_bytes(data, cp_isolation=_LEGACY_ENCODINGS).best()
    if best is None:
        raise ReportInputError("the text encoding could not be recognised (not UTF-8, UTF-16 or a known legacy encoding)")
    return str(best)


def _utf16_without_bom(data: bytes) -> str | None:
    """The text, if `data` is UTF-16 (little- or big-endian) without a byte-order mark, else None.

    Text in UTF-16 has a NUL high byte in every ASCII character (spaces, digits, punctuation, Latin
    letters), so its NULs sit on one side of each byte pair only: the odd bytes (little-endian) or
    the even ones (big-endian), one pair in twenty at least. Binary data puts NULs anywhere; where
    it happens to fit, it decodes to control characters (or lone surrogates), which text has not."""
    if len(data) % 2:
        return None
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if min(even, odd) or max(even, odd) * 20 < len(data) // 2:
        return None
    try:
        text = data.decode("utf-16-le" if odd else "utf-16-be")
    except UnicodeDecodeError:
        return None
    return None if _NOT_IN_UTF16_TEXT.search(text) else text


# ---------------------------------------------------------------- formats

_HTML_SNIFF = re.compile(r"<(?:!doctype\s+html|html|head|body|p|div|article|br|span|h[1-6]|table)\b", re.I)
# Elements that never carry report text, and that may carry code.
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
         "head", "nav", "footer", "aside", "form", "button", "select", "input")
_BLOCK = ("p", "div", "article", "section", "header", "main", "blockquote", "li", "ul", "ol", "tr",
          "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "figure", "figcaption", "dd", "dt")


def report_kind(raw: str) -> str:
    """Guess "html", "md" or "txt" from the text itself."""
    if _HTML_SNIFF.search(raw[:4096]):
        return "html"
    if re.search(r"^(?:#{1,6} |\* |- |> )|\[[^\]\n]+\]\([^)\s]+\)|\*\*[^*\n]+\*\*", raw[:4096], re.M):
        return "md"
    return "txt"


def report_text(raw: str, kind: str = "auto") -> str:
    """The text claims are read from: HTML converted to plain text, anything else unchanged."""
    if kind == "auto":
        kind = report_kind(raw)
    if kind not in ("txt", "md", "html"):
        raise ValueError(f"unknown report kind {kind!r}: use auto, txt, md or html")
    return require_text(html_to_text(raw)) if kind == "html" else raw


def html_to_text(html: str) -> str:
    """Plain text of an HTML page: parsed, never executed; scripts, styles and navigation dropped.

    The page <title> becomes the first line (the headline); block elements become paragraphs.
    """
    soup = BeautifulSoup(html, "html.parser")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    body = "".join(_text_pieces(soup))
    lines = [" ".join(line.split()) for line in body.splitlines()]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    if title and not text.startswith(title):
        text = f"{title}\n\n{text}"
    return text


def _text_pieces(root):
    """The text of the tree in document order, a blank line around each block and a line break for
    <br>, dropped elements and comments skipped. A walk with a stack of its own, not edits to the
    tree: inserting text beside a tag walks the tree's depth each time, quadratic for the thousands
    of nested tags that unclosed <p> or <div> make (and recursion would overflow there)."""
    stack = [root]
    while stack:
        node = stack.pop()
        if type(node) is str:  # a blank line pushed to follow a block's contents
            yield node
        elif isinstance(node, Tag):
            if node.name in _DROP:
                continue
            if node.name == "br":
                yield "\n"
                continue
            if node.name in _BLOCK:
                yield "\n\n"
                stack.append("\n\n")
            stack.extend(reversed(node.contents))
        elif type(node) in _TEXT_TYPES:
            yield node


_TEXT_TYPES = (NavigableString, CData)  # what get_text() reads: not comments, doctypes or declarations


# ---------------------------------------------------------------- furniture

@dataclass(frozen=True)
class Span:
    start: int
    end: int
    kind: str  # furniture: "footer", "sponsor", "byline", "bio", "teaser", "duplicate"; or "heading"


# Whole-line patterns. Each starts with the newline before its line and is matched in "\n" + text (so the
# first line has one too), where a match starts at its line's start in `text` and ends one character later:
# Python's re jumps from newline to newline for a literal first character, where a line start (^ with re.M)
# is tried at every character.
#
# A line that opens the page's footer: everything from it to the end belongs to other stories.
_FOOTER_HEADINGS = re.compile(
    r"\n[ \t#*>-]*(?:week'?’?s top stories|more in this category|related (?:stories|articles|posts|news|content)"
    r"|you (?:may|might) also like|most (?:read|popular)|latest (?:news|stories|posts)|recommended(?: for you)?"
    r"|trending(?: now)?|read (?:more|next|also)|more stories|popular posts|leave a (?:comment|reply)"
    r"|читайте (?:также|також)|популярное|популярне|похожие (?:новости|статьи)|схожі новини)[ \t:*]*\r?$",
    re.I | re.M)
# Within one line: "\s*" there ran across the following blank lines from every newline (quadratic).
_SPONSOR = re.compile(
    r"\n[ \t-]*(?:sponsor(?:ed)?[ \t]*-?.*|advertisement|реклама|spot_img|share (?:this|on \w+).*|click to share.*"
    r"|tags?:.*|subscribe(?: to .*)?|follow us on .*)[ \t]*\r?$", re.I | re.M)
_BYLINE = re.compile(r"\n[ \t*_]*(?:by|written by|author:|автор:)[ \t]+[A-ZА-ЯІЇЄ][^\n.]{0,80}\r?$", re.I | re.M)
# Phrases that mark a paragraph as an author bio, matched against lower-cased text (with re.I Python's re tries
# every marker at every letter). Each marker's leading \b is checked after its first letter ("a(?<!\w.)lumn..."):
# a pattern that starts with a letter lets Python's re skip in C to the letters that can start a marker.
_BIO_MARKERS = re.compile("(?:" + "|".join(marker[0] + r"(?<!\w.)" + marker[1:] for marker in (
    r"alumn(?:i|us|a|ae)", r"graduate student", r"holds an? (?:degree|ba|ma|msc|phd)", r"writes about",
    r"covering (?:flash|breaking|the latest|news)",
    r"is an? (?:freelance |senior |staff |contributing )?(?:journalist|reporter|correspondent|writer|editor|analyst)",
    r"follow (?:him|her|them) on")) + r")\b")
_PARAGRAPH = re.compile(r"[^\n]+(?:\r?\n(?![ \t\r]*\n)[^\n]*)*")
_CLOSERS = "\"”»'’)]"  # a title may end in a quote or bracket ...
_STOPS = (".", "!", "?", "…", ":", ";")  # ... a sentence ends in a stop, perhaps before them
_STANDFIRST_WORDS = 45  # the longest line without a stop under a title that is still read as a summary of the body


# A reporting verb right after a name: the name speaks ("Kyiv said", "Moscow claims", "Москва заявила"), for a
# government or a body; as a place it is no part of what the sentence is about. Matched in lower-cased text.
SPEAKS = re.compile(rf"[ \t]+(?:has\s+|have\s+|also\s+)?(?:{word_class('reporting_verb')})(?![\w-])")


def lowercase(text: str) -> str:
    """`text` in lower case with every character at its offset (so matches on it point into `text`).

    Matching lower-cased text without re.IGNORECASE is several times faster in Python's re.
    """
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower()[:1] or c for c in text)  # "İ" lowers to two characters


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph: runs of lines separated by blank lines."""
    spans = []
    for match in _PARAGRAPH.finditer(text):
        chunk = match.group()
        if chunk.strip():
            start = match.start() + len(chunk) - len(chunk.lstrip())
            spans.append((start, match.start() + len(chunk.rstrip())))
    return spans


def _paragraphs_before(body: str, text_paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """`paragraphs(body)` from the paragraphs of a text that `body` begins: a paragraph running past
    the body's end is cut there."""
    found = []
    for start, end in text_paragraphs:
        if end > len(body):
            end = start + len(body[start:].rstrip())
            if end > start:
                found.append((start, end))
            break
        found.append((start, end))
    return found


def _without_trailing_parenthesis(line: str) -> str:
    """`line` without the parenthesis that ends it and the spaces before it ("Title (as of 5 May)" -> "Title").
    Not a regex: spaces, then a bracketed tail, then the end, searched at every character, was quadratic
    in a line of spaces."""
    opening = line.rfind("(", 0, len(line) - 1)
    if not line.endswith(")") or opening < 0 or ")" in line[opening + 1:-1]:
        return line
    return line[:opening].rstrip()




def is_heading(line: str, most_words: int = 16) -> bool:
    """A title-like line: Markdown heading, or short with no closing punctuation (a parenthesis after the title
    not counted: "Сводка Министерства обороны ... (по состоянию на 5 ноября 2025 г.)")."""
    stripped = line.strip()
    if stripped.startswith("#"):
        return True
    if stripped.endswith(")"):
        stripped = _without_trailing_parenthesis(stripped) or stripped
    return bool(stripped) and len(stripped.split(maxsplit=most_words)) <= most_words and not stripped.rstrip(_CLOSERS).endswith(_STOPS)


def furniture_spans(text: str, text_paragraphs: list[tuple[int, int]] | None = None) -> list[Span]:
    """Spans of `text` that are page furniture (and headings, kind "heading"), in text order.

    Rules: a footer heading ("Week's Top Stories", "More In This Category",
    "Related articles", "Читайте також" ...) starts the footer, which runs to
    the end; sponsor/advert/share lines and bylines are furniture; a short
    paragraph reading like an author bio is furniture; a truncated paragraph
    ("...") under a heading is a teaser of another story; a heading repeated
    verbatim is a duplicate. Headings (title lines) are reported so the
    extractor can treat them as summaries of the body. `text_paragraphs`: `paragraphs(text)`, where
    the caller has them already.
    """
    spans: list[Span] = []
    lines = "\n" + text  # for the whole-line patterns: offsets in it are one more than in `text`
    footer = _FOOTER_HEADINGS.search(lines)
    end_of_body = footer.start() if footer else len(text)
    if footer:
        spans.append(Span(end_of_body, len(text), "footer"))
    body = text[:end_of_body]
    for pattern, kind in ((_SPONSOR, "sponsor"), (_BYLINE, "byline")):
        spans.extend(Span(m.start(), m.end() - 1, kind) for m in pattern.finditer(lines, 0, end_of_body + 1) if m.group().strip())
    seen_headings: set[str] = set()
    previous_heading: tuple[int, int] | None = None
    for index, (start, end) in enumerate(_paragraphs_before(body, paragraphs(text) if text_paragraphs is None else text_paragraphs)):
        chunk = body[start:end]
        first_line = chunk.split("\n", 1)[0]
        if index == 0 and first_line != chunk and is_heading(first_line):
            # a title with the text right under it, no blank line between ("Title\nMOSCOW, Dec 18 - ..."): a title all the same
            spans.append(Span(start, start + len(first_line.rstrip()), "heading"))
            seen_headings.add(" ".join(first_line.lower().split()))
            continue
        # (a standfirst under a title, a sentence without its stop, summarises the body as the title does)
        if "\n" not in chunk and is_heading(chunk, _STANDFIRST_WORDS if previous_heading else 16):  # paragraphs come stripped
            key = " ".join(chunk.lower().split())
            spans.append(Span(start, end, "duplicate" if key in seen_headings else "heading"))
            seen_headings.add(key)
            previous_heading = (start, end)
            continue
        if len(chunk) < 500 and _BIO_MARKERS.search(chunk.lower()):
            spans.append(Span(start, end, "bio"))
        elif len(chunk) < 400 and chunk.rstrip().endswith(("...", "…")) and previous_heading:
            spans.append(Span(*previous_heading, "teaser"))
            spans.append(Span(start, end, "teaser"))
        previous_heading = None
    return sorted(set(spans), key=lambda s: (s.start, s.end))


def is_furniture(kind: str) -> bool:
    return kind != "heading"
