"""The doctor's summary as a PDF: bot/clinic/pdf.py and the chat page's `POST /referral.pdf`.

The PDF's text is read back with `pdf_text`, a small reader for what fpdf2 writes (pypdf is
not a dependency): it follows the xref table to the pages, inflates their content streams and
maps the glyph codes of each `Tj`/`TJ` back to Unicode through the fonts' ToUnicode CMaps.
The route tests run the app as tests/test_web.py does: `python -m bot.web` in a subprocess,
with a temporary SQLite store (and a PostgreSQL URL on a closed port for the store being down).
"""

from __future__ import annotations

import datetime
import json
import logging
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
import zlib

import pytest
from fontTools.ttLib import TTFont
from stored import answer, save_assessment

from bot.clinic import pdf, store
from bot.web import app as web
from evaluation import servers

TODAY = datetime.date(2026, 11, 21)
CLINIC = 'Harbour <b>NMT</b> & "Co"'
SENDER = "0123456789abcdef0123456789abcdef"
OTHER_SENDER = "fedcba9876543210fedcba9876543210"
REFERRAL_ID = "f6e5d4c3b2a1"
NO_REFERRAL_ID = "a1b2c3d4e5f6"
UNKNOWN_ID = "000000000000"
OLDER_SUMMARY = "Pre-visit self-assessment summary - 2026-11-20\n\nAn older summary: gone."
SUMMARY = """Pre-visit self-assessment summary - 2026-11-21 - reference f6e5d4c3b2a1

This is what the person told the clinic's automated questionnaire before booking neuromuscular
therapy. It is not a diagnosis. The clinic advised them to see a doctor first.

Advice given: See a doctor today

Warning signs reported:
- Possible infection - "yes, fevers all week, Zoë from Łódź, ü"

Their answers:
- Where: "low back <script>alert(1)</script>"
- Greek and Cyrillic: "πόνος στη μέση, боль в спине"
"""
CSP = (
    "default-src 'self'; connect-src 'self'; img-src 'self' data:; "
    "style-src 'self'; script-src 'self'; frame-ancestors 'none'"
)


# --- reading the PDF back --------------------------------------------------------------------


def _stream(data: bytes, offset: int) -> bytes:
    """The (inflated) stream of the object at `offset`."""
    start = data.index(b"stream", offset)
    head = data[offset:start]
    length = int(re.search(rb"/Length (\d+)", head).group(1))
    start += len(b"stream")
    start += 2 if data[start : start + 2] == b"\r\n" else 1
    raw = data[start : start + length]
    return zlib.decompress(raw) if b"/FlateDecode" in head else raw


def _literal(stream: bytes, i: int) -> tuple[bytes, int]:
    """A PDF literal string starting at the "(" at `i`: its bytes and the index after it."""
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    out, depth, i = bytearray(), 1, i + 1
    while True:
        c = stream[i]
        if c == 0x5C:  # backslash
            n = stream[i + 1]
            if n in escapes:
                out += escapes[n]
                i += 2
            elif 0x30 <= n <= 0x37:
                digits = re.match(rb"[0-7]{1,3}", stream[i + 1 : i + 4]).group(0)
                out.append(int(digits, 8) & 0xFF)
                i += 1 + len(digits)
            elif n in (0x0A, 0x0D):
                i += 2
            else:
                out.append(n)
                i += 2
            continue
        if c == 0x28:
            depth += 1
        elif c == 0x29:
            depth -= 1
            if depth == 0:
                return bytes(out), i + 1
        out.append(c)
        i += 1


def _tokens(stream: bytes):
    """The content stream's tokens: ("str", bytes), ("[" | "]"), ("name" | "num" | "op", text)."""
    i = 0
    while i < len(stream):
        c = stream[i : i + 1]
        if c.isspace():
            i += 1
        elif c == b"(":
            value, i = _literal(stream, i)
            yield "str", value
        elif c == b"<":
            end = stream.index(b">", i)
            yield "str", bytes.fromhex(stream[i + 1 : end].decode())
            i = end + 1
        elif c in (b"[", b"]"):
            yield c.decode(), None
            i += 1
        else:
            token = re.match(rb"[^\s()<>\[\]]+", stream[i:]).group(0)
            i += len(token)
            if token.startswith(b"/"):
                yield "name", token[1:].decode()
            elif re.fullmatch(rb"[-+]?[\d.]+", token):
                yield "num", token.decode()
            else:
                yield "op", token.decode()


def _to_unicode(stream: bytes) -> dict[int, str]:
    found = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", stream, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    return found


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF written by fpdf2, one line per text object."""
    xref = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    count = int(re.match(rb"xref\s+0 (\d+)", data[xref:]).group(1))
    entries = re.findall(rb"(\d{10}) (\d{5}) ([nf])", data[xref : xref + 40 + 20 * count])
    offsets = {n: int(off) for n, (off, _, kind) in enumerate(entries) if kind == b"n"}

    def obj(number: int) -> bytes:
        return data[offsets[number] : data.index(b"endobj", offsets[number])]

    def ref(text: bytes, key: bytes) -> int:
        return int(re.search(rb"/" + key + rb"\s+(\d+) 0 R", text).group(1))

    trailer = re.findall(rb"trailer\s*<<(.*?)>>", data, re.S)[-1]
    pages = obj(ref(obj(ref(trailer, b"Root")), b"Pages"))
    kids = [
        int(n) for n in re.findall(rb"(\d+) 0 R", re.search(rb"/Kids\s*\[(.*?)\]", pages, re.S)[1])
    ]
    texts = []
    for kid in kids:
        page = obj(kid)
        resources = obj(ref(page, b"Resources"))
        font_refs = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S).group(1)
        fonts = {
            name.decode(): _to_unicode(_stream(data, offsets[ref(obj(int(number)), b"ToUnicode")]))
            for name, number in re.findall(rb"/(\w+)\s+(\d+) 0 R", font_refs)
        }
        lines, line, font, operands = [], [], {}, []
        for kind, value in _tokens(_stream(data, offsets[ref(page, b"Contents")])):
            if kind != "op":
                operands.append((kind, value))
                continue
            if value == "Tf":
                font = fonts[operands[-2][1]]
            elif value in ("Tj", "TJ"):
                for k, v in operands:
                    if k == "str":
                        codes = [int.from_bytes(v[j : j + 2], "big") for j in range(0, len(v), 2)]
                        line.append(
                            "".join(font.get(code, "\N{REPLACEMENT CHARACTER}") for code in codes)
                        )
            elif value == "ET" and line:
                lines.append("".join(line))
                line = []
            operands = []
        texts.append("\n".join(lines))
    return texts


def flat(data: bytes) -> str:
    """All pages' text on one line each, for substring checks across wrapped lines."""
    return " ".join(" ".join(pdf_text(data)).split())


# --- bot/clinic/pdf.py ----------------------------------------------------------------------


def test_the_summary_becomes_a_pdf_with_its_text_kept():
    data = pdf.referral_pdf(SUMMARY, clinic_name="Harbour NMT")
    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    (page,) = pdf_text(data)
    lines = page.split("\n")
    assert lines[:2] == ["Harbour NMT", pdf.TITLE]
    assert "Pre-visit self-assessment summary - 2026-11-21 - reference f6e5d4c3b2a1" in lines
    assert "Warning signs reported:" in lines
    # bullets are drawn as bullets, with their text after them
    assert "\u2022" in lines
    text = flat(data)
    for needed in (
        "This is what the person told the clinic's automated questionnaire before booking "
        "neuromuscular therapy. It is not a diagnosis.",
        "Advice given: See a doctor today",
        '"yes, fevers all week, Zoë from Łódź, ü"',
        '"πόνος στη μέση, боль в спине"',
        '"low back <script>alert(1)</script>"',
        pdf.FOOTER,
        "Page 1 of 1",
    ):
        assert needed in text
    # the fonts are DejaVu Sans, embedded
    assert b"DejaVuSans" in data and b"/FontFile2" in data


def test_the_clinic_name_is_optional_and_markup_is_text():
    text = flat(pdf.referral_pdf("- <b>bold?</b> & <script>x</script>", clinic_name=CLINIC))
    assert text.startswith(f"{CLINIC} {pdf.TITLE}")
    assert "<b>bold?</b> & <script>x</script>" in text
    assert pdf_text(pdf.referral_pdf("Just one line."))[0].split("\n")[0] == pdf.TITLE


def test_characters_the_font_cannot_draw_become_a_visible_placeholder(caplog):
    cmap = TTFont(pdf.font_files()[""]).getBestCmap()
    missing = "\U0001f984\U0001f9e0中文\x07"  # unicorn, brain, CJK, a bell
    assert not any(ord(char) in cmap for char in missing)
    with caplog.at_level(logging.WARNING):
        data = pdf.referral_pdf(f"Warning signs reported:\n- pain {missing} here\nEnd {missing}")
    text = flat(data)
    assert "pain \ufffd\ufffd\ufffd\ufffd\ufffd here" in text
    assert "End \ufffd\ufffd\ufffd\ufffd\ufffd" in text
    assert not any(char in text for char in missing)
    # fpdf2 never had to drop a glyph itself
    assert "missing the following glyphs" not in caplog.text


def test_tabs_and_line_endings_are_text_not_control_characters():
    text = flat(pdf.referral_pdf("a\tb\r\nc\rd"))
    assert "a b" in text and " c " in text and text.endswith(" d " + pdf.FOOTER + " Page 1 of 1")


def test_lines_that_the_template_wrapped_are_joined_into_one_paragraph():
    blocks = pdf._blocks(
        "Title line\nfirst half of a sentence\nsecond half.\n- item\n  goes on\nNew"
    )
    assert blocks == [
        ("para", "Title line", False),
        ("para", "first half of a sentence second half.", False),
        ("bullet", "item goes on", False),
        ("para", "New", False),
    ]
    assert pdf._blocks("A:\nb\n\nc") == [
        ("para", "A:", False),
        ("para", "b", False),
        ("para", "c", True),
    ]


def test_labels_and_answers_are_set_in_bold():
    assert pdf._emphasis("Where: Lower back (left)") == [
        ("Where:", "B"),
        (" Lower back (left)", ""),
    ]
    assert pdf._emphasis('Does it spread into your arm or jaw? Not sure - "a bit, maybe"') == [
        ("Does it spread into your arm or jaw?", ""),
        (" Not sure", "B"),
        (' - "a bit, maybe"', ""),
    ]
    for plain in ('"My back: it hurts"', 'Possible infection (fever) - "hot: yes"', "Heading"):
        assert pdf._emphasis(plain) == [(plain, "")]
    # drawn in parts, the text reads on as before
    data = pdf.referral_pdf("Title\nAdvice given: See a doctor today\n- Is it worse? No")
    assert flat(data).startswith(f"{pdf.TITLE} Title Advice given: See a doctor today")
    assert "Is it worse? No" in flat(data)


def test_the_summary_the_bot_writes_reads_as_a_document(content):
    from bot.conversation import messages, planning

    answers = {
        "region": answer("low back", ["lower_back"]),
        "pain_intensity": answer("7", 7),
        "red_flag.infection": answer("yes, fevers all week", "yes"),
    }
    outcome = planning.evaluate(answers, ["low back", "yes, fevers all week"], content, TODAY)
    summary = messages.referral_summary(
        outcome, answers, content, REFERRAL_ID, "2026-11-21", clinic_name="Harbour NMT"
    )
    (page,) = pdf_text(pdf.referral_pdf(summary, clinic_name="Harbour NMT"))
    lines = page.split("\n")
    assert lines[:2] == ["Harbour NMT", pdf.TITLE]
    assert {"Warning signs reported:", "Their answers:"} <= set(lines)
    text = flat(pdf.referral_pdf(summary, clinic_name="Harbour NMT"))
    assert "online questionnaire of Harbour NMT" in text
    assert "Pain: 7/10" in text
    assert f"{content.question('red_flag.infection').text} Yes" in text
    assert "red_flag." not in text and "…" not in text


def test_an_empty_summary_still_makes_a_page():
    text = flat(pdf.referral_pdf("  \n\n"))
    assert pdf.TITLE in text and "(This summary is empty.)" in text


def test_a_very_long_word_wraps_instead_of_running_off_the_page():
    data = pdf.referral_pdf("Their answers:\n- " + "z" * 5000 + "\nz" + "q" * 5000)
    pages = pdf_text(data)
    text = "".join(pages)
    assert text.count("z") == 5001 and text.count("q") == 5000
    lines = "\n".join(pages).split("\n")
    assert max(len(line) for line in lines) < 100
    assert len(pages) > 1


def test_a_200k_character_summary_renders_on_numbered_pages():
    paragraph = "Lorem ipsum dolor sit amet, é ł Ж ω. " * 20
    text = ("Heading\n" + "\n".join([paragraph, "- a bullet point " * 10, ""] * 300))[:200_000]
    assert len(text) == 200_000
    pages = pdf_text(pdf.referral_pdf(text))
    assert len(pages) > 20
    for number, page in enumerate(pages, 1):
        assert page.endswith(f"{pdf.FOOTER}\nPage {number} of {len(pages)}")


# --- POST /referral.pdf ----------------------------------------------------------------------


RED_FLAG = {
    "region": answer("low back", ["lower_back"]),
    "red_flag.infection": answer("yes, fevers all week", "yes"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory, content):
    """The page in a subprocess; one assessment with two referrals, one with none."""
    folder = tmp_path_factory.mktemp("pdfweb")
    url = f"sqlite:///{folder / 'nmt.db'}"
    engine = store.open_store(url)
    for ref in (REFERRAL_ID, NO_REFERRAL_ID):
        save_assessment(
            engine,
            content,
            TODAY,
            ref,
            RED_FLAG,
            sender_id=SENDER,
            summary_text="therapist summary",
        )
    moment = datetime.datetime(2026, 11, 21, 12, tzinfo=datetime.UTC)
    store.save_referral(engine, assessment_id=REFERRAL_ID, summary_text=SUMMARY, created_at=moment)
    store.save_referral(  # saved later, but older
        engine,
        assessment_id=REFERRAL_ID,
        summary_text=OLDER_SUMMARY,
        created_at=moment - datetime.timedelta(days=1),
    )
    env = {
        "NMT_RASA_URL": "http://127.0.0.1:5105",
        "NMT_DATABASE_URL": url,
        "NMT_CLINIC_NAME": CLINIC,
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    try:
        with servers.running_web(servers.free_port(), env, folder) as base:
            yield base, folder
    finally:
        engine.dispose()


@pytest.fixture(scope="module")
def site_without_store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfweb-down")
    env = {
        "NMT_RASA_URL": "http://127.0.0.1:5105",
        "NMT_DATABASE_URL": "postgresql+psycopg2://nobody@127.0.0.1:1/none",
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
    }
    with servers.running_web(servers.free_port(), env, folder) as base:
        yield base, folder


def post(base, body, content_type="application/json", headers=None, method="POST"):
    """(status, lower-cased headers, body bytes) of a request to /referral.pdf."""
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(
        base + "/referral.pdf",
        data=data if method == "POST" else None,
        method=method,
        headers={"Content-Type": content_type, **(headers or {})},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as resp:
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read()


def ids(sender_id=SENDER, assessment_id=REFERRAL_ID):
    return {"sender_id": sender_id, "assessment_id": assessment_id}


def test_the_visitor_gets_the_newest_summary_as_a_pdf(site):
    base, _ = site
    status, headers, body = post(base, ids(), headers={"Origin": base})
    assert status == 200
    assert headers["content-type"] == "application/pdf"
    assert headers["content-disposition"] == (
        f'attachment; filename="referral-summary-{REFERRAL_ID}.pdf"'
    )
    assert headers["cache-control"] == "no-store"
    assert headers["content-security-policy"] == CSP
    assert headers["x-content-type-options"] == "nosniff"
    assert body.startswith(b"%PDF-")
    text = flat(body)
    assert text.startswith(f"{CLINIC} {pdf.TITLE} Pre-visit self-assessment summary - 2026-11-21")
    assert '"πόνος στη μέση, боль в спине"' in text
    assert "older summary" not in text


@pytest.mark.parametrize(
    "body",
    [
        ids(sender_id=OTHER_SENDER),
        ids(sender_id=SENDER[:-1] + "0"),
        ids(sender_id=SENDER.upper()),
        ids(assessment_id=UNKNOWN_ID),
        ids(assessment_id=NO_REFERRAL_ID),
        ids(sender_id=OTHER_SENDER, assessment_id=NO_REFERRAL_ID),
    ],
)
def test_no_summary_for_that_visitor_is_one_and_the_same_404(site, body):
    base, _ = site
    status, headers, raw = post(base, body)
    assert status == 404
    assert headers["content-type"].startswith("application/json")
    assert json.loads(raw) == {"error": web.NO_REFERRAL}


@pytest.mark.parametrize(
    "data, says",
    [
        (b"{not json", "not valid JSON"),
        (b"", "JSON object"),
        (b"[1, 2]", "JSON object"),
        (b'"text"', "JSON object"),
        (json.dumps({"assessment_id": REFERRAL_ID}).encode(), "sender id"),
        (json.dumps(ids(sender_id="short")).encode(), "sender id"),
        (json.dumps(ids(sender_id="x" * 129)).encode(), "sender id"),
        (json.dumps(ids(sender_id=SENDER + "/../")).encode(), "sender id"),
        (json.dumps(ids(sender_id=SENDER + "\n")).encode(), "sender id"),
        (json.dumps(ids(sender_id=12345678901234567890)).encode(), "sender id"),
        (json.dumps({"sender_id": SENDER}).encode(), "assessment reference"),
        (json.dumps(ids(assessment_id=REFERRAL_ID[:-1])).encode(), "assessment reference"),
        (json.dumps(ids(assessment_id=REFERRAL_ID + "0")).encode(), "assessment reference"),
        (json.dumps(ids(assessment_id="g6e5d4c3b2a1")).encode(), "assessment reference"),
        (json.dumps(ids(assessment_id=REFERRAL_ID.upper())).encode(), "assessment reference"),
        (json.dumps(ids(assessment_id=["f6e5d4c3b2a1"])).encode(), "assessment reference"),
        (json.dumps(ids(assessment_id="' OR 1=1 --")).encode(), "assessment reference"),
    ],
)
def test_a_malformed_request_is_refused_with_a_clear_error(site, data, says):
    base, _ = site
    status, _, raw = post(base, data)
    assert status == 400
    assert says in json.loads(raw)["error"]


def test_a_request_that_is_not_json_is_refused(site):
    base, _ = site
    status, _, raw = post(base, json.dumps(ids()).encode(), content_type="text/plain")
    assert status == 400
    assert "JSON" in json.loads(raw)["error"]
    status, _, _ = post(base, b"sender_id=x", content_type="application/x-www-form-urlencoded")
    assert status == 400


def test_an_oversized_request_is_refused(site):
    base, _ = site
    status, _, raw = post(base, {**ids(), "padding": "p" * web.MAX_REFERRAL_BODY_BYTES})
    assert status == 413
    assert "too large" in json.loads(raw)["error"]
    # a body over the server's limit is refused by its declared length, before it is read
    assert declared_status(base, web.REQUEST_MAX_SIZE + 1) == 413


def declared_status(base, length):
    """The status of a POST to /referral.pdf that declares a body of `length` bytes and sends
    only its start: a server that refuses it by its length answers at once. (Sending it all
    races the server closing the connection: a broken pipe, not an answer.)"""
    address = urllib.parse.urlsplit(base)
    head = (
        f"POST /referral.pdf HTTP/1.1\r\nHost: {address.netloc}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {length}\r\n"
        "Connection: close\r\n\r\n"
    )
    with socket.create_connection((address.hostname, address.port), timeout=30) as sock:
        sock.sendall(head.encode() + b'{"padding": "ppp')
        reply = sock.recv(4096)
    return int(reply.split()[1])


@pytest.mark.parametrize(
    "headers",
    [{"Origin": "https://evil.example"}, {"Origin": "null"}, {"Sec-Fetch-Site": "cross-site"}],
)
def test_a_cross_site_request_is_refused(site, headers):
    base, _ = site
    status, _, raw = post(base, ids(), headers=headers)
    assert status == 403
    assert "only from this page" in json.loads(raw)["error"]


def test_the_route_takes_only_post(site):
    base, _ = site
    assert post(base, b"", method="GET")[0] == 405


def test_the_ids_never_reach_the_log(site):
    base, folder = site
    post(base, ids())
    post(base, ids(sender_id=OTHER_SENDER))
    log = (folder / "web.log").read_text(encoding="utf-8", errors="replace")
    assert SENDER not in log and OTHER_SENDER not in log


def test_a_store_that_is_down_gives_a_clear_503(site_without_store):
    base, folder = site_without_store
    status, headers, raw = post(base, ids())
    assert status == 503
    assert headers["content-type"].startswith("application/json")
    error = json.loads(raw)["error"]
    assert "cannot be fetched right now" in error and "print" in error
    log = (folder / "web.log").read_text(encoding="utf-8", errors="replace")
    assert "OperationalError" in log
    assert SENDER not in log and REFERRAL_ID not in log


def test_the_route_validates_before_touching_the_store(site_without_store):
    base, _ = site_without_store
    assert post(base, ids(sender_id="short"))[0] == 400
