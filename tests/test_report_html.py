"""Tests for analysis.report.html: executed notebooks become offline HTML reports without code."""

from __future__ import annotations

import re

import nbformat
import pytest

from analysis.report.html import REMOTE_RESOURCE, notebook_to_html, strip_remote_resources


def test_strip_remote_resources_removes_cdn_scripts_and_stylesheets():
    page = (
        '<head><script src="https://cdn.example/require.js"></script>'
        "<script src='//cdn.example/mathjax.js' async></script>"
        '<link rel="stylesheet" href="http://cdn.example/x.css">'
        '<script src="local.js"></script><script>var a = "https://keep.me";</script></head>'
        '<a href="https://example.org/article">source</a>'
    )
    cleaned, removed = strip_remote_resources(page)
    assert removed == 3
    assert REMOTE_RESOURCE.search(cleaned) is None
    assert '<script src="local.js"></script>' in cleaned
    assert "https://keep.me" in cleaned  # inline code is not touched
    assert '<a href="https://example.org/article">' in cleaned  # links are fine offline


@pytest.fixture
def executed_notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    code = nbformat.v4.new_code_cell("secret_code_marker = 1")
    code.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={
                "text/html": '<div class="plot">chart</div>'
                '<script src="https://cdnjs.cloudflare.com/ajax/libs/mathjax/x.js"></script>',
                "text/plain": "chart",
            },
        )
    ]
    hidden = nbformat.v4.new_code_cell("hidden_cell_marker = 2")
    hidden.metadata["tags"] = ["remove-cell"]
    hidden.outputs = [nbformat.v4.new_output("stream", name="stdout", text="hidden output\n")]
    nb.cells = [nbformat.v4.new_markdown_cell("# Heading & <narrative>"), code, hidden]
    path = tmp_path / "executed.ipynb"
    nbformat.write(nb, path)
    return path


def test_report_hides_code_and_has_no_remote_resources(executed_notebook):
    page = notebook_to_html(
        executed_notebook,
        title='Raids & "protests" <June>',
        nav_html='<a href="../index.html">All</a>',
        footer_html="Made by a test",
    )
    assert "secret_code_marker" not in page
    assert "hidden_cell_marker" not in page and "hidden output" not in page
    assert '<div class="plot">chart</div>' in page
    assert REMOTE_RESOURCE.search(page) is None
    assert "require.js" not in page.lower() and "mathjax.js" not in page.lower()
    assert "<title>Raids &amp; &#34;protests&#34; &lt;June&gt;</title>" in page or (
        "<title>Raids &amp;" in page and "&lt;June&gt;</title>" in page
    )
    assert "Made by a test" in page and '<a href="../index.html">All</a>' in page
    assert re.search(r">\s*(?:In|Out)(?:&nbsp;|\s)*\[", page) is None  # prompts hidden


def test_how_a_page_was_made_is_a_note_not_reader_copy():
    """Editor review: "Regenerate with python -m analysis report NAME" closed every report
    page as reader copy; it is in a small "How this page was made" note readers can open."""
    import re

    from analysis.report.execute import Job, _provenance_html

    job = Job(
        name="timeline",
        notebook="/x/notebooks/1-timeline-report.ipynb",
        parameters={},
        title="T",
        description="",
        inputs_hash="h",
        data_version="abc123",
        reports_dir="/tmp/r",
    )
    footer = _provenance_html(job, "2026-12-07T18:00:00+00:00")
    assert footer.startswith("<details><summary>How this page was made</summary>")
    visible = re.sub(r"<details>.*?</details>", "", footer, flags=re.S)
    assert "Regenerate" not in visible and "data version" not in visible
    assert "python -m analysis report timeline" in footer
