"""Print sizes, colours and page geometry for client-facing PDFs (RNIB Clear Print, BDA guide)."""

from __future__ import annotations

from dataclasses import dataclass

from ..domain.models import PrintNeeds

BODY_SIZES = {"standard": 14.0, "large": 18.0, "extra_large": 24.0}
LEADING = 1.5  # line spacing as a multiple of the type size
CHARS_PER_LINE = 68  # aim 60-70 at standard size; larger print gets fewer on an A4 page

PAGE_WIDTH, PAGE_HEIGHT = 595.2756, 841.8898  # A4 in points
MIN_SIDE_MARGIN = 36.0  # about 13 mm: inside the printable area of home printers

# Near-black on white or cream; headings in a dark blue that keeps 7:1 on both backgrounds.
INK = "#1A1A1A"
HEADING = "#1B3A5C"
RULE = "#4A4A4A"
SEPARATOR = "#9AA5B1"  # thin line between sections (not text)
WHITE = "#FFFFFF"
CREAM = "#FDF6E3"
HEADER_FILL_WHITE = "#E9EFF5"
HEADER_FILL_CREAM = "#EFE6CC"
BACKGROUNDS = {"white": WHITE, "cream": CREAM}
HEADER_FILLS = {"white": HEADER_FILL_WHITE, "cream": HEADER_FILL_CREAM}
TEXT_COLOURS = (INK, HEADING)


def _channel(v: float) -> float:
    v /= 255
    return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(fg: str, bg: str) -> float:
    """WCAG 2 contrast ratio (1..21); 7:1 is the AAA level that DESIGN.md asks for."""
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Look:
    size: float
    background: str  # "white" | "cream"
    easy_read: bool = False

    @property
    def leading(self) -> float:
        return self.size * LEADING

    @property
    def title_size(self) -> float:
        return round(self.size * 1.45, 1)

    @property
    def heading_size(self) -> float:
        return round(self.size * 1.15, 1)

    @property
    def paper(self) -> str:
        return BACKGROUNDS[self.background]

    @property
    def header_fill(self) -> str:
        return HEADER_FILLS[self.background]

    @property
    def gap(self) -> float:
        """Space between items; easy read gets more air."""
        return self.size * (0.5 if self.easy_read else 0.2)

    @property
    def text_width(self) -> float:
        """The column that gives about CHARS_PER_LINE characters of body text, if the page allows."""
        from reportlab.pdfbase.pdfmetrics import stringWidth

        from .fonts import font_set

        sample = "When I do a bit more, my mood lifts a little and I feel ready to go out."
        per_char = stringWidth(sample, font_set().body, self.size) / len(sample)
        return min(per_char * CHARS_PER_LINE, PAGE_WIDTH - 2 * MIN_SIDE_MARGIN)

    @property
    def side_head_width(self) -> float:
        """Section headings sit left of the text when the page has room (standard print): it
        saves a line per section, which is what keeps a typical assignment on one page."""
        room = PAGE_WIDTH - 2 * MIN_SIDE_MARGIN - self.text_width
        if room < self.size * 7.5:  # too narrow: headings would break into one word a line
            return 0.0
        return min(room, self.size * 8.6)

    @property
    def frame_width(self) -> float:
        return self.text_width + self.side_head_width

    @property
    def side_margin(self) -> float:
        return (PAGE_WIDTH - self.frame_width) / 2

    @property
    def top_margin(self) -> float:
        return 28.0

    def bottom_margin(self, numbered: bool) -> float:
        # Room for "Page 1 of 2 – please turn over" at the client's size, only when it flows.
        return max(36.0, self.leading + 22.0) if numbered else 26.0


def look_for(needs: PrintNeeds) -> Look:
    return Look(BODY_SIZES[needs.size], needs.background, needs.easy_read)
