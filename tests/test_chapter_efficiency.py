"""Bab III.A.5 (lkjip_nb.chapters.efficiency) and the efficiency domain: a sasaran without
budget, several IKU per sasaran; the bundled figures stay those of the 2024 report."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from lkjip_nb import efficiency
from lkjip_nb.chapters import efficiency as chapter
from tests.conftest import chapter_context


@pytest.fixture(scope="module")
def ctx():
    return chapter_context("efficiency", 2024)


def test_a_sasaran_without_budget_has_no_efficiency_and_leaves_the_total():
    frame = pd.DataFrame({"anggaran": [1_000, 0, 500], "realisasi": [900, 0, 480],
                          "capaian": [100.0, 95.0, float("nan")]})
    table = efficiency.efficiency_table(frame)
    assert table.loc[0, "efisiensi"] == pytest.approx(10.0)
    assert pd.isna(table.loc[1, "efisiensi"]) and table.loc[1, "efisiensi_reason"] == "no_budget"
    assert pd.isna(table.loc[2, "efisiensi"]) and table.loc[2, "efisiensi_reason"] == "no_capaian"
    assert efficiency.total_efficiency(frame) == pytest.approx(efficiency.efficiency(1_000, 900,
                                                                                     100.0))


def test_bundled_efficiency_as_printed(ctx):
    frame = chapter.per_sasaran(ctx)
    assert list(frame["sasaran_id"]) == ["S1", "S2", "S3", "S4"]
    assert [ctx.policy.round(v, "efisiensi") for v in frame["efisiensi"]] == [-1.66, 5.80, 0.11,
                                                                             -7.97]
    assert frame["efisiensi_reason"].isna().all()


def test_sentences_say_why_a_sasaran_has_no_efficiency(ctx):
    frame = chapter.per_sasaran(ctx)
    frame.loc[frame["sasaran_id"] == "S3", ["anggaran", "realisasi"]] = 0
    frame = efficiency.efficiency_table(frame, "capaian_used")
    lines = chapter.efficiency_sentences(ctx, frame)
    assert "tidak memiliki anggaran tahun 2024" in lines[2]
    assert "efisiensi anggaran sebesar 5,80" in lines[1]
    assert "dihitung dari sasaran yang memiliki anggaran dan capaian" in \
        chapter.total_sentence(ctx, frame)


def test_several_iku_share_one_sasaran_row(ctx):
    profile = dict(ctx.profile)
    profile["iku"] = [*profile["iku"], {"id": "EXTRA", "sasaran_id": "S1", "unit": "persen",
                                        "text": "Indikator tambahan", "direction": "higher"}]
    other = dataclasses.replace(ctx, dataset=dataclasses.replace(ctx.dataset, profile=profile))
    frame = chapter.per_sasaran(other)
    assert list(frame["sasaran_id"]) == ["S1", "S2", "S3", "S4"]
    assert chapter.total(frame)["anggaran"] == 66_348_353_265
    assert list(frame["n_iku"]) == [2, 1, 1, 1]
    # EXTRA has no target: S1 keeps the capaian of its other IKU.
    assert ctx.policy.round(frame.loc[0, "capaian"], "capaian") == 98.3
    shown = chapter.table_3_4(other, frame)
    assert len(shown) == 5 and shown.loc[1, "no"] == "" and shown.loc[1, "anggaran"] == ""


def test_marks_and_notes_follow_the_audit_of_an_altered_copy(ctx, tmp_path):
    from lkjip_nb.notebook import start
    from tests.conftest import BUNDLED
    from tests.test_audit_support import copy_bundled, edit

    frame = chapter.per_sasaran(ctx)
    assert all("⚠" not in str(v) for v in chapter.table_3_5(ctx, frame)["efisiensi"])
    assert not any("efisiensi" in n.lower() and "tercetak" in n
                   for n in chapter.table_3_5_notes(ctx, frame))
    folder = copy_bundled(tmp_path)
    edit(folder, "allocation_sasaran", {"sasaran_id": "S2"}, efficiency_reported="6.80")
    other = start("efficiency", {"year": 2024, "opd": BUNDLED, "rounding": {},
                                 "data_dir": str(folder.parent)}, style=False)
    frame = chapter.per_sasaran(other)
    cell = str(chapter.table_3_5(other, frame).loc[1, "efisiensi"])
    assert "5,80" in cell and "⚠" in cell and "tercetak 6,80" in cell
    notes = chapter.table_3_5_notes(other, frame)
    assert any(n.startswith("⚠ Tingkat efisiensi sasaran strategis 2 tercetak 6,80") for n in notes)
