"""Report bytes to text: encodings, refusals, HTML to text, page furniture."""
from __future__ import annotations

import random

import pytest

from claimmap.reporttext import (MAX_REPORT_BYTES, MAX_REPORT_MB, ReportInputError, decode_report, furniture_spans,
                                 html_to_text, paragraphs, report_kind, report_text)

RUSSIAN = "ВСУ вошли в Купянск. Наши подразделения отошли из Изюма в сторону Святогорска."
UKRAINIAN = "Українські війська зайшли у Шевченкове та продовжують рух у напрямку Куп'янська."


@pytest.mark.parametrize("encoding, text", [
    ("utf-8", RUSSIAN), ("utf-8-sig", UKRAINIAN), ("utf-16", RUSSIAN), ("utf-16-le", None), ("utf-16-be", None),
    ("cp1251", RUSSIAN), ("cp1251", UKRAINIAN), ("koi8_r", RUSSIAN), ("koi8_u", UKRAINIAN), ("cp1252", "Kyiv — “quoted” café"),
])
def test_decodes_the_encodings_reports_come_in(encoding, text):
    if text is None:  # UTF-16 without BOM is written with one by the editors that produce it
        bom = b"\xff\xfe" if encoding.endswith("le") else b"\xfe\xff"
        assert decode_report(bom + RUSSIAN.encode(encoding)) == RUSSIAN
        return
    assert decode_report(text.encode(encoding)) == text


def random_bytes(low: int, seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, 256) for _ in range(2000))


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (b"  \n\t ", "empty"),
    (b"%PDF-1.7 rest of a pdf", "PDF"),
    (b"PK\x03\x04zipped", "ZIP"),
    (b"plain text\x00with a NUL", "NUL"),
    (random_bytes(128, seed=1), "encoding could not be recognised"),
    (random_bytes(1, seed=2), "binary|encoding could not be recognised"),
], ids=["empty", "blank", "pdf", "zip", "nul", "high-bytes", "random-bytes"])
def test_refuses_what_is_not_a_report(data, message):
    with pytest.raises(ReportInputError, match=message):
        decode_report(data)


def test_refuses_oversize_input():
    with pytest.raises(ReportInputError, match="limit"):
        decode_report(b"a" * 101, max_bytes=100)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [RUSSIAN, UKRAINIAN, "Ukrainian troops entered Izyum, the General Staff said.\n"])
def test_decodes_utf16_without_a_byte_order_mark(encoding, text):
    assert decode_report(text.encode(encoding)) == text


@pytest.mark.parametrize("data", [
    b"\x00\x01binary\x00\x00\x02 data with NULs on both sides of its byte pairs\x00",
    "odd length".encode("utf-16-le") + b"x",
    "\ud800 lone surrogate".encode("utf-16-le", "surrogatepass"),
    b"\x00\x01\x02PNG",  # NULs on one side only, but U+0001 is no text
], ids=["nuls-anywhere", "odd-length", "lone-surrogate", "controls"])
def test_nul_bytes_that_are_not_utf16_are_still_refused(data):
    with pytest.raises(ReportInputError, match="NUL"):
        decode_report(data)


@pytest.mark.parametrize("text", ["\u200b", " \u200b\n\u2060\t\ufeff\u00a0", "\u200e\u200f\u3000\n"])
def test_text_that_shows_nothing_is_empty(text):
    for data in (text.encode("utf-8"), text.encode("utf-16")):
        with pytest.raises(ReportInputError, match="empty"):
            decode_report(data)
    with pytest.raises(ReportInputError, match="empty"):
        report_text(f"<html><body><p>{text}</p><script>var x = 'Izyum';</script></body></html>")


def test_control_characters_never_pass_into_the_text():
    body = "Ukrainian troops entered Izyum, the General Staff said. " * 100  # a few controls in a long text
    data = b"Kyiv \x1b[2J\x1b]0;title\x07said\x1b[0m troops entered Izyum.\rLyman\x0cnext page\tend\r\n"
    text = decode_report(body.encode() + data)
    assert text == body + "Kyiv said troops entered Izyum.\nLyman\nnext page\tend\r\n"
    assert decode_report("Kupiansk\u009b31m, Lyman\x1bc.".encode("utf-8")) == "Kupiansk, Lyman."  # 8-bit CSI, reset
    assert decode_report(b"Izyum\x1b\x01.") == "Izyum."  # an escape that starts no sequence: dropped alone


def test_one_size_limit_in_mib():
    assert MAX_REPORT_BYTES == MAX_REPORT_MB * 1024 * 1024
    decode_report(b"a" * MAX_REPORT_BYTES)
    with pytest.raises(ReportInputError, match="limit"):
        decode_report(b"a" * (MAX_REPORT_BYTES + 1))


def test_plain_text_and_markdown_stay_as_written():
    markdown = "# Title\n\n**Lyman.** Ukrainian forces entered [Lyman](https://x.org).\r\n"
    assert report_kind(markdown) == "md"
    assert report_text(markdown) == markdown
    assert report_text("Plain report.\n", kind="txt") == "Plain report.\n"


def test_html_becomes_text_without_scripts_styles_or_navigation():
    html = ("<html><head><title>Kupiansk liberated</title><script>alert('x'); var s = 'Russian troops captured Kyiv';"
            "</script><style>p{color:red}</style></head><body><nav>Home | War</nav><h1>Kupiansk liberated</h1>"
            "<p>Ukrainian troops entered <b>Kupiansk</b> &amp; raised the flag.<br>Second line</p>"
            "<img src=x onerror=\"alert('y')\"><!-- a comment about Izyum --><footer>© site</footer></body></html>")
    assert report_kind(html) == "html"
    text = report_text(html)
    assert text.splitlines()[0] == "Kupiansk liberated"
    assert "Ukrainian troops entered Kupiansk & raised the flag.\nSecond line" in text
    for absent in ("alert", "captured Kyiv", "color", "Home", "Izyum", "©"):
        assert absent not in text


def test_html_text_is_not_markup():
    text = html_to_text("<p>&lt;script&gt;alert(1)&lt;/script&gt; was written in the post</p>")
    assert text == "<script>alert(1)</script> was written in the post"  # text, to be escaped by whoever shows it


def test_seed_furniture(seed_text):
    spans = furniture_spans(seed_text)
    kinds = {s.kind: seed_text[s.start:s.end] for s in spans}
    assert kinds["heading"] == "Ukrainian Troops Reportedly Enter Izyum, Lyman, and Kupyansk"
    assert kinds["duplicate"] == kinds["heading"]
    assert kinds["bio"].startswith("Tessaron United States Naval Academy alumni")
    assert kinds["sponsor"] == "- Sponsor -spot_img"
    assert kinds["footer"].startswith("Week's Top Stories") and kinds["footer"].endswith("reports began to emerge of...")
    body = seed_text.index("Update (1039 EST)")
    assert not any(s.start <= body < s.end for s in spans)


def test_furniture_is_the_same_with_the_paragraphs_given(seed_text):
    # The extractor passes the paragraphs it has; the footer may start inside one ("...\nMore In This Category").
    glued = seed_text.replace("\n\nWeek's Top Stories", "\nWeek's Top Stories")
    for text in (seed_text, glued, glued.replace("Week's Top Stories", "Week's Top Stories  \n")):
        assert furniture_spans(text, paragraphs(text)) == furniture_spans(text)


def test_teasers_without_a_footer_heading_are_furniture():
    text = ("Ukrainian forces enter Kupiansk\n\nUkrainian troops entered Kupiansk on Saturday.\n\n"
            "Russia says it repelled attacks near Bakhmut\n\nRussian forces attempted to advance near...\n")
    spans = [s for s in furniture_spans(text) if s.kind == "teaser"]
    assert [text[s.start:s.end] for s in spans] == ["Russia says it repelled attacks near Bakhmut",
                                                    "Russian forces attempted to advance near..."]


def test_bylines_and_share_lines_are_furniture():
    text = "By Olena Petrenko\n\nShare on Facebook\n\nUkrainian troops entered Kupiansk.\n\nAdvertisement\n"
    found: dict[str, set] = {}
    for span in furniture_spans(text):
        found.setdefault(text[span.start:span.end], set()).add(span.kind)
    assert "byline" in found["By Olena Petrenko"]
    assert "sponsor" in found["Share on Facebook"]
    assert "sponsor" in found["Advertisement"]
    assert "Ukrainian troops entered Kupiansk." not in found


def test_a_title_with_a_dated_parenthesis_is_a_heading():
    text = ("Сводка Министерства обороны Российской Федерации о ходе проведения специальной военной операции "
            "(по состоянию на 5 ноября 2025 г.)\n\nПодразделения освободили Успеновку.")
    assert [span.kind for span in furniture_spans(text)] == ["heading"]


def test_a_standfirst_under_a_title_is_a_heading_too():
    # a long line without its stop right under a title summarises the body; the same line later is a sentence of it
    standfirst = ("Kyiv's troops have apparently pushed the Russian army out of Kupiansk, a rail hub on the Oskil, "
                  "after a week of street fighting that residents described as the hardest since spring")
    text = f"Ukraine retakes Kupiansk\n\n{standfirst}\n\nThe General Staff said Kupiansk was liberated.\n\n{standfirst}"
    assert [(span.kind, text[span.start:span.end]) for span in furniture_spans(text)] == [
        ("heading", "Ukraine retakes Kupiansk"), ("heading", standfirst)]
