"""Reading PDFs back for the output tests: text, per-run font sizes, fonts, metadata."""

from __future__ import annotations

import io
import math
import re

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text(pdf: bytes) -> str:
    return "\n".join(p.extract_text() or "" for p in reader(pdf).pages)


def flat(s: str) -> str:
    """Whitespace-insensitive form for 'is this text on the page' checks."""
    return re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()


def squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def runs(pdf: bytes) -> list[tuple[str, float, str]]:
    """(text, effective size in points, font name) for every shown text run."""
    out: list[tuple[str, float, str]] = []
    for page in reader(pdf).pages:

        def visit(t, cm, tm, font_dict, font_size, _out=out):
            if t.strip():
                scale = math.hypot(tm[2], tm[3]) * math.hypot(cm[2], cm[3])
                name = str(font_dict.get("/BaseFont", "")) if font_dict else ""
                _out.append((t, font_size * scale, name))

        page.extract_text(visitor_text=visit)
    return out


def embedded_fonts(pdf: bytes) -> dict[str, bool]:
    """Font name -> whether a TrueType font file is embedded (FontFile2)."""
    found: dict[str, bool] = {}
    for page in reader(pdf).pages:
        fonts = page["/Resources"].get_object().get("/Font", {})
        for ref in fonts.values():
            f = ref.get_object()
            desc = f.get("/FontDescriptor")
            if desc is None and "/DescendantFonts" in f:
                desc = f["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            desc = desc.get_object() if desc is not None else {}
            found[str(f.get("/BaseFont"))] = "/FontFile2" in desc
    return found
