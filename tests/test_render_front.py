"""The combined report's front matter renders the same from its light notebook."""

from __future__ import annotations

import base64

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from lkjip_nb.render.combined import front_matter
from lkjip_nb.render.html import ReportInfo, render_html
from lkjip_nb.render.preprocessors import tag_chapter

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"\0" * 64).decode()


def test_front_matter_from_the_light_notebook_is_the_same_page():
    nb = new_notebook(cells=[
        new_markdown_cell("# Bab II Perencanaan\n\n## A. Rencana"),
        new_code_cell("show()", outputs=[
            new_output("display_data", data={"text/markdown": "### Dari keluaran",
                                             "text/plain": "md"}),
            new_output("display_data", data={"image/png": PNG, "text/plain": "<Figure>"}),
            new_output("display_data", data={"text/html": "<h2>bukan daftar isi</h2>"}),
        ]),
        new_markdown_cell("# Disembunyikan", metadata={"tags": ["remove-cell"]}),
        new_markdown_cell("## B. Perjanjian Kinerja"),
    ])
    tag_chapter(nb, "II", 1)
    info = ReportInfo(agency="Dinas X", year=2024, combined=True, front_only=True,
                      generated_at="2024-01-01T00:00:00+00:00")

    light = front_matter(nb)

    assert render_html(light, info) == render_html(nb, info)
    assert all("image/png" not in o.get("data", {}) for c in light.cells
               for o in c.get("outputs", []))
    page = render_html(light, info)
    assert 'href="#b1-dari-keluaran"' in page and "Disembunyikan" not in page
    assert 'id="b1-b-perjanjian-kinerja"' in page  # an empty target for the PDF's links
