"""The doctor's summary as a PDF the visitor can download and take to a physician.

`referral_pdf` lays out the plain-text referral summary (content/templates/
referral_summary.txt.j2, stored by `bot.clinic.store.save_referral`) as an A4 document for
reading: the clinic's name, a title, section headings in the clinic's colour, the summary's
paragraphs and "- " bullets in a proportional font, the label of each "Label: value" line and
the answer after each question in bold, and on every page a footer saying that it is not a
diagnosis, with page numbers. It uses fpdf2 (pure Python, no network) and the
DejaVu Sans fonts that matplotlib ships, so accented Latin, Greek and Cyrillic text keeps its
letters.

This module imports nothing from Rasa; the web app (bot/web/app.py) calls it.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import XPos, YPos

TITLE = "Summary for your doctor"
FOOTER = "A self-assessment summary to show a doctor. It is not a diagnosis."
PLACEHOLDER = "\ufffd"  # drawn by DejaVu Sans as a black diamond with a question mark
FAMILY = "DejaVuSans"

MARGIN = 20  # mm
FOOTER_HEIGHT = 18  # mm kept free at the bottom of each page for the footer
LINE = 5.6  # mm per line of 10.5 pt text
BULLET_INDENT = 4  # mm from the margin to the bullet
TEXT_INDENT = 9  # mm from the margin to the bullet's text
INK = (29, 37, 40)  # the chat page's --ink
MUTED = (86, 101, 106)  # the chat page's --muted
BRAND = (20, 76, 82)  # the chat page's --brand-dark


def font_files() -> dict[str, Path]:
    """DejaVu Sans regular ("") and bold ("B") from matplotlib's data folder."""
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {"": folder / "DejaVuSans.ttf", "B": folder / "DejaVuSans-Bold.ttf"}


def _drawable(text: str, cmap: dict[int, str]) -> str:
    """`text` with every character the font has no glyph for replaced by `PLACEHOLDER`.

    Tabs become four spaces; other control characters, lone surrogates and characters outside
    the font (emoji, CJK, ...) become the placeholder, so that nothing disappears silently.
    """
    out = []
    for char in text:
        if char == "\t":
            out.append("    ")
        elif ord(char) in cmap and unicodedata.category(char) not in ("Cc", "Cs"):
            out.append(char)
        else:
            out.append(PLACEHOLDER)
    return "".join(out)


def _is_heading(line: str) -> bool:
    """A short line of its own that ends with a colon ("Warning signs reported:")."""
    stripped = line.strip()
    return stripped.endswith(":") and len(stripped) <= 80


# "Where: Lower back": the label, short and without a quote or a question mark
_LABEL = re.compile(r'([^:"?]{1,40}:) ')
# "...or feeling sick? No - "not at all"": a question, its short answer, and any quote after it
_ANSWER = re.compile(r'(.*\?)( [^?"]{1,20}?)( - ".*)?$')


def _emphasis(text: str) -> list[tuple[str, str]]:
    """A line as (text, style) parts, so that the eye finds what matters: the label of a
    "Label: value" line in bold, or else the answer after a question.

    Each part after the first starts with the space before it: fpdf2 wraps a part only at its
    own spaces, so a word at the start of a part would otherwise be broken across two lines.
    """
    label = _LABEL.match(text)
    if label:
        return [(label.group(1), "B"), (" " + text[label.end() :], "")]
    answer = _ANSWER.match(text)
    if answer:
        return [(answer.group(1), ""), (answer.group(2), "B"), (answer.group(3) or "", "")]
    return [(text, "")]


def _blocks(text: str) -> list[tuple[str, str, bool]]:
    """The summary as (kind, text, after_a_blank_line) blocks; kind is "para" or "bullet".

    A line that starts with a lower-case letter continues the line before it (the summary's
    template wraps its sentences at about 95 characters, the page at about 85).
    """
    blocks: list[tuple[str, str, bool]] = []
    gap = False
    joinable = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.strip()
        if not line:
            gap, joinable = True, False
            continue
        if line.startswith("- "):
            blocks.append(("bullet", line[2:].strip(), gap))
        elif joinable and line[0].islower():
            kind, before, had_gap = blocks[-1]
            blocks[-1] = (kind, before + " " + line, had_gap)
        else:
            blocks.append(("para", line, gap))
        gap = False
        joinable = len(blocks) > 1 and not _is_heading(blocks[-1][1])
    return blocks


class _SummaryPDF(FPDF):
    def footer(self) -> None:
        self.set_y(-(FOOTER_HEIGHT - 4))
        self.set_draw_color(*MUTED)
        self.set_line_width(0.2)
        self.line(MARGIN, self.get_y(), self.w - MARGIN, self.get_y())
        self.ln(1.5)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(*MUTED)
        y = self.get_y()
        # at the page's margin, also when a bullet's indent is the left margin for a while
        self.set_x(MARGIN)
        self.cell(self.w - 2 * MARGIN, 4, FOOTER, align="L")
        self.set_xy(MARGIN, y)
        self.cell(self.w - 2 * MARGIN, 4, f"Page {self.page_no()} of {{nb}}", align="R")

    def write_text(self, text: str, style: str = "", size: float = 10.5) -> None:
        """A wrapped paragraph from the current x to the right margin, in the given style."""
        self.set_font(FAMILY, style, size)
        self.multi_cell(
            0,
            LINE if size <= 11 else size * 0.5,
            _drawable(text, self.current_font.cmap),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    def write_parts(self, parts: list[tuple[str, str]], indent: float = 0) -> None:
        """A wrapped paragraph of parts in their own styles, every line from `indent` mm."""
        margin = self.l_margin
        self.set_left_margin(margin + indent)
        for text, style in parts:
            if text:
                self.set_font(FAMILY, style, 10.5)
                self.write(LINE, _drawable(text, self.current_font.cmap))
        self.ln(LINE)
        self.set_left_margin(margin)


def referral_pdf(summary_text: str, *, clinic_name: str | None = None) -> bytes:
    """The referral summary as an A4 PDF (bytes starting with `%PDF`).

    - The title is "Summary for your doctor", under the clinic's name when one is given.
    - Each line of `summary_text` is a paragraph; blank lines separate them. A line starting
      with "- " is a bullet with a hanging indent. The first line (the summary's own heading)
      is set in bold; short lines that end with ":" are section headings, in bold in the
      clinic's colour with space above. In other lines the label before ": " is bold, or else
      a short answer after a question mark (`_emphasis`).
    - Every page has a footer with `FOOTER` and "Page N of M".
    - Text is wrapped at spaces; a word longer than a line is broken wherever it must be, so
      nothing runs off the page, however long.
    - Characters DejaVu Sans cannot draw (emoji, CJK, control characters) are replaced by
      `PLACEHOLDER` (U+FFFD, a diamond with a question mark) instead of failing or vanishing.
      Text is not shaped: Arabic and Hebrew letters are drawn one by one, left to right.
    - Markup such as `<script>` is ordinary text here.
    """
    pdf = _SummaryPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=FOOTER_HEIGHT + 4)
    for style, path in font_files().items():
        pdf.add_font(FAMILY, style, str(path))
    clinic = " ".join((clinic_name or "").split())
    pdf.set_title(TITLE + (f" - {clinic}" if clinic else ""))
    if clinic:
        pdf.set_author(clinic)
    pdf.set_creator("NMT self-assessment assistant")
    pdf.set_lang("en")
    pdf.add_page()
    pdf.set_text_color(*INK)

    if clinic:
        pdf.set_text_color(*MUTED)
        pdf.write_text(clinic, size=10)
    pdf.set_text_color(*BRAND)
    pdf.write_text(TITLE, "B", 18)
    pdf.set_draw_color(*BRAND)
    pdf.set_line_width(0.5)
    pdf.line(pdf.l_margin, pdf.get_y() + 1, pdf.w - pdf.r_margin, pdf.get_y() + 1)
    pdf.ln(5)
    pdf.set_text_color(*INK)

    first = True
    for index, (kind, text, gap) in enumerate(_blocks(summary_text)):
        heading = not first and kind == "para" and _is_heading(text)
        if heading and index > 0:
            pdf.ln(LINE)
        elif index == 1 or (gap and index > 0):
            pdf.ln(LINE * 0.6)
        if kind == "bullet":
            pdf.set_x(pdf.l_margin + BULLET_INDENT)
            pdf.set_font(FAMILY, "", 10.5)
            pdf.cell(TEXT_INDENT - BULLET_INDENT, LINE, "\u2022")
            pdf.set_x(pdf.l_margin + TEXT_INDENT)
            pdf.write_parts(_emphasis(text), indent=TEXT_INDENT)
        elif first:
            pdf.write_text(text, "B", 11)
        elif heading:
            pdf.set_text_color(*BRAND)
            pdf.write_text(text, "B", 11.5)
            pdf.set_text_color(*INK)
            pdf.ln(LINE * 0.2)
        else:
            pdf.write_parts(_emphasis(text))
        first = False
    if first:
        pdf.set_text_color(*MUTED)
        pdf.write_text("(This summary is empty.)")
    return bytes(pdf.output())
