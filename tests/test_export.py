"""Article export: formats, widths, header and footer, alt text, reproducible and atomic writes."""

from __future__ import annotations

import logging
import os
import struct
import zlib

import matplotlib

matplotlib.use("Agg")

import io
import pickle
import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from fontTools.ttLib import TTFont
from matplotlib.backends import _backend_pdf_ps
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.ft2font import FT2Font
from PIL import Image

from analysis.charts import static as cs
from analysis.charts.style import house_style
from analysis.errors import ParameterError
from analysis.prep.facts import build_facts
from analysis.publish.export import (
    LAYOUT_TABLES,
    METADATA,
    atomic_open,
    cut_font,
    export_chart,
    pdf_font_subsets,
    render,
    stable_svg_ids,
    subset_font,
)
from analysis.spec import words


@pytest.fixture
def out(tmp_path):
    """An empty folder for exports (``tmp_path`` also holds the tiny dataset)."""
    return tmp_path / "out"


@pytest.fixture
def crowd_fig(tiny):
    events, sources = tiny
    fig, ax = plt.subplots(figsize=(6.4, 3.2), layout="constrained")
    cs.crowd_plot(events, sources=sources, ax=ax)
    return fig


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def export(fig, out, **kwargs):
    options = {
        "title": "Crowds peaked on the ICE Out weekend",
        "subtitle": "Reported crowd sizes, Southern California",
        "source": "Daily News",
        "notes": "Crowd sizes as reported.",
        "alt_text": "Range chart of reported crowd sizes.",
    }
    options.update(kwargs)
    return export_chart(fig, "crowd", out, **options)


def test_writes_every_format_at_every_width_with_alt_text(crowd_fig, out):
    size_before = tuple(crowd_fig.get_size_inches())
    result = export(crowd_fig, out)
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(
        [f"crowd-{w}.{f}" for w in (640, 1280) for f in ("png", "svg", "pdf")] + ["crowd.txt"]
    )
    assert png_size(out / "crowd-640.png")[0] == 1280  # 2x pixel density
    assert png_size(out / "crowd-1280.png")[0] == 2560
    assert (out / "crowd.txt").read_text() == "Range chart of reported crowd sizes.\n"
    assert result.alt_text == out / "crowd.txt" and len(result.paths) == 7
    assert tuple(crowd_fig.get_size_inches()) == size_before  # the caller's figure is unchanged
    svg = (out / "crowd-640.svg").read_text()
    for text in (
        "Crowds peaked on the ICE Out weekend",
        "Source: Daily News",
        "Note: Crowd sizes as reported.",
    ):
        assert text in svg  # SVG keeps text as text (editable by a graphics desk)
    assert b"Software" not in (out / "crowd-640.png").read_bytes()


def test_exports_are_byte_for_byte_reproducible(tiny, crowd_fig, tmp_path):
    """One chart twice in one process; a whole report's chart folder, built twice in fresh
    processes, is compared in tests/test_notebooks.py."""
    events, sources = tiny
    assert crowd_fig.axes[0].get_xscale() == "function"  # broken time axis: the hard case
    for folder in ("a", "b"):
        export_chart(
            crowd_fig,
            "crowd",
            tmp_path / folder,
            title="T",
            widths=(640,),
            source=words.source_line(build_facts(events, sources=sources), "crowd"),
            alt_text="A",
        )
    for name in ("crowd-640.png", "crowd-640.svg", "crowd-640.pdf", "crowd.txt"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name


def test_pdf_exports_do_not_depend_on_the_clock(tiny, crowd_fig, tmp_path, monkeypatch):
    """fontTools stamps the time into a font it saves unless told not to: the PDF must not."""
    from fontTools.ttLib.tables import _h_e_a_d

    for folder, stamp in (("a", 3_000_000_000), ("b", 3_900_000_000)):
        monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda stamp=stamp: stamp)
        export_chart(crowd_fig, "crowd", tmp_path / folder, title="T", widths=(640,), alt_text="A")
    assert (tmp_path / "a" / "crowd-640.pdf").read_bytes() == (
        tmp_path / "b" / "crowd-640.pdf"
    ).read_bytes()


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("fmt", ["png", "svg", "pdf"])
def test_render_draws_what_savefig_would(crowd_fig, fmt):
    """One draw per format gives savefig's bytes (PNG: its pixels), layout frozen or not."""
    with house_style(), pdf_font_subsets():
        for frozen_layout in (False, True):
            a, b = pickle.loads(pickle.dumps(crowd_fig)), pickle.loads(pickle.dumps(crowd_fig))
            if frozen_layout:
                for fig in (a, b):
                    fig.savefig(io.BytesIO(), format="png", dpi=200)  # lays it out
                    fig.set_layout_engine("none")
            buffer = io.BytesIO()
            a.savefig(buffer, format=fmt, dpi=200, metadata=METADATA[fmt], facecolor="white")
            expected = buffer.getvalue()
            b.set_dpi(200)
            b.set_facecolor("white")
            got = render(b, fmt)
            if fmt == "svg":
                expected = stable_svg_ids(expected)
            if fmt == "png":
                assert (_pixels(got) == _pixels(expected)).all(), frozen_layout
                assert Image.open(io.BytesIO(got)).mode == "RGB"  # opaque: no alpha channel
                dpi = Image.open(io.BytesIO(expected)).info["dpi"]
                assert Image.open(io.BytesIO(got)).info["dpi"] == dpi
            else:
                assert got == expected, (fmt, frozen_layout)
            plt.close(a)
            plt.close(b)


def _pdf_fonts(pdf: bytes) -> list[TTFont]:
    """The TrueType fonts embedded in a matplotlib PDF (its FontFile2 streams)."""
    ids = re.findall(rb"/FontFile2 (\d+) 0 R", pdf)
    fonts = []
    for obj in ids:
        match = re.search(rb"\n" + obj + rb" 0 obj\n<<(.*?)>>\nstream\n", pdf, re.S)
        assert match, obj
        start = match.end()
        length = int(re.search(rb"/Length (\d+)", match.group(1)).group(1))
        data = pdf[start : start + length]
        if b"/FlateDecode" in match.group(1):
            data = zlib.decompress(data)
        fonts.append(TTFont(io.BytesIO(data)))
    return fonts


def test_pdf_text_stays_truetype_without_layout_tables(crowd_fig, out, caplog):
    with caplog.at_level(logging.WARNING):
        export(crowd_fig, out, widths=(640,), formats=("pdf",))
    # fontTools warns on stderr about tables it cannot subset: noise in a report's notebook
    assert not [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    pdf = (out / "crowd-640.pdf").read_bytes()
    assert b"/CIDFontType2" in pdf  # pdf.fonttype 42: TrueType, editable
    fonts = _pdf_fonts(pdf)
    assert fonts
    for font in fonts:
        assert {"glyf", "cmap", "hmtx"} <= set(font.keys())
        assert not set(LAYOUT_TABLES) & set(font.keys())
    assert _backend_pdf_ps.get_glyphs_subset.__module__.startswith("matplotlib")  # restored


def test_subset_font_maps_every_glyph_and_is_remembered():
    from matplotlib import font_manager

    path = font_manager.findfont("DejaVu Sans")
    face = FT2Font(path)
    glyphs = {face.get_char_index(ord(c)) for c in "Crowds 2,500"}
    data, mapping = subset_font(path, glyphs)
    assert set(mapping) >= glyphs and sorted(mapping.values()) == list(range(len(mapping)))
    font = TTFont(io.BytesIO(data))
    assert len(font.getGlyphOrder()) == len(mapping)
    assert subset_font(path, list(glyphs)) is subset_font(path, glyphs)  # cached by glyph set
    # the same bytes whether cut from the once-per-process intermediate subset or the font
    assert subset_font(path, glyphs) == cut_font(path, 0, gids=glyphs)
    rare = glyphs | {face.get_char_index(0x263A)}  # a smiley: not in BASE_CODEPOINTS
    data, mapping = subset_font(path, rare)
    assert set(mapping) >= rare and TTFont(io.BytesIO(data)).getBestCmap()[0x263A]


def test_writes_are_atomic(crowd_fig, out, monkeypatch):
    export(crowd_fig, out, widths=(640,), formats=("png",))
    good = (out / "crowd-640.png").read_bytes()

    def crash(self, *args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(FigureCanvasAgg, "draw", crash)
    with pytest.raises(RuntimeError):
        export(crowd_fig, out, widths=(640,), formats=("png",))
    assert (out / "crowd-640.png").read_bytes() == good  # old file untouched
    assert sorted(os.listdir(out)) == ["crowd-640.png", "crowd.txt"]  # no temp files


def test_atomic_open_leaves_nothing_half_written(out):
    out.mkdir()
    target = out / "chart.svg"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_open(target) as handle:
        handle.write(b"half a chart")
        raise RuntimeError("crash while writing")
    assert target.read_bytes() == b"old"
    assert os.listdir(out) == ["chart.svg"]
    with atomic_open(target) as handle:
        handle.write(b"new")
    assert target.read_bytes() == b"new" and os.listdir(out) == ["chart.svg"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"formats": ("png", "gif")}, "png, svg, pdf"),
        ({"widths": (50,)}, "widths"),
        ({"title": " "}, "title"),
        ({"alt_text": None}, "alt_text"),
    ],
)
def test_bad_parameters(crowd_fig, out, kwargs, message):
    with pytest.raises(ParameterError, match=message):
        export(crowd_fig, out, **kwargs)
    assert not out.exists() or not any(out.iterdir())


@pytest.mark.parametrize("name", ["../up", "Crowd", "", "a b", "x/y"])
def test_names_must_be_safe_file_names(crowd_fig, out, name):
    with pytest.raises(ParameterError, match="name"):
        export_chart(crowd_fig, name, out, title="T", alt_text="A")
