"""Planning a run: discovery of chapters/years/agencies and parameter checks before kernels."""

from __future__ import annotations

from pathlib import Path

import pytest

from lkjip_nb.errors import ParameterError
from lkjip_nb.runner.discover import (
    find_chapters,
    find_years,
    select_chapters,
    select_opds,
    select_years,
)
from lkjip_nb.runner.plan import build_plan, chapter_parameters

FIX = Path(__file__).parent / "fixtures"
NOTEBOOKS = Path(__file__).parents[1] / "lkjip_nb" / "notebooks"


def test_chapters_are_globbed_and_ordered(tmp_path):
    for name in ("10_audit", "02_indicators", "01_planning", "notes", "3x_bad"):
        (tmp_path / f"{name}.ipynb").write_text("{}")
    chapters = find_chapters(tmp_path)
    assert [(c.order, c.id) for c in chapters] == [(1, "planning"), (2, "indicators"),
                                                  (10, "audit")]
    assert [c.id for c in select_chapters(chapters, ["audit", "01_planning"])] == [
        "planning", "audit"]
    with pytest.raises(ParameterError, match="Bab tidak dikenal: nope"):
        select_chapters(chapters, ["nope"])


def test_years_come_from_params_files():
    years = find_years(FIX / "params")
    assert sorted(years) == [2023, 2024]
    with pytest.raises(ParameterError, match="tahun 2019"):
        select_years(years, [2019])


def test_opd_selection(tmp_path):
    for slug in ("a", "b"):
        (tmp_path / slug).mkdir()
        (tmp_path / slug / "profile.yaml").write_text("agency: {name: X}\n")
    assert select_opds(tmp_path, ["all"]) == ["a", "b"]
    assert select_opds(tmp_path, ["b"]) == ["b"]
    with pytest.raises(ParameterError, match="Pilih OPD"):
        select_opds(tmp_path, None)
    with pytest.raises(ParameterError, match="tidak ditemukan.*zz"):
        select_opds(tmp_path, ["zz"])
    assert select_opds(FIX / "data", None) == ["demo-opd"]


def test_chapter_extras_go_only_to_their_chapter():
    values = {"year": 2024, "opd": "x", "data_dir": "/d", "rounding": {}, "seed": 3,
              "typo": 1}
    chapters = find_chapters(NOTEBOOKS)
    by_id = {c.id: c for c in chapters}
    assert "seed" not in chapter_parameters(values, by_id["planning"], chapters)
    assert chapter_parameters(values, by_id["iks_survey"], chapters)["seed"] == 3
    # left for the check to report
    assert chapter_parameters(values, by_id["planning"], chapters)["typo"] == 1


def test_bad_parameters_are_caught_before_any_kernel(tmp_path):
    (tmp_path / "2024.yaml").write_text("year: 2024\nopd: demo-opd\nrounding: 2\n")
    chapters = find_chapters(FIX / "notebooks")
    jobs, invalid = build_plan(opds=["demo-opd"], years=find_years(tmp_path),
                               chapters=chapters, data_dir=FIX / "data", out_dir=tmp_path)
    assert jobs == []
    assert len(invalid) == len(chapters)
    assert "parameter 'rounding'" in invalid[0][1]


def test_plan_sets_opd_and_absolute_data_dir(tmp_path):
    jobs, invalid = build_plan(opds=["demo-opd"], years=find_years(FIX / "params"),
                               chapters=find_chapters(FIX / "notebooks"),
                               data_dir=FIX / "data", out_dir=tmp_path)
    assert not invalid
    assert len(jobs) == 4
    job = jobs[0]
    assert job.parameters["opd"] == "demo-opd"
    assert Path(job.parameters["data_dir"]).is_absolute()
    assert job.agency == "Dinas Contoh Kabupaten Uji"
    assert job.output(".html") == tmp_path / "demo-opd" / "2023" / "alpha.html"
