"""profile.yaml: one description of its keys drives the checks and docs/data.md; the keys an
agency unlike the bundled one needs (synthetic, units, capaian rules, capaian categories); codes
of its own and empty printed numbers in its tables."""

from __future__ import annotations

import copy as copying
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from lkjip_nb.data import DataValidationError, load_dataset
from lkjip_nb.data.profile import KEYS, check_profile, iku_frame
from lkjip_nb.data.reference import render
from lkjip_nb.yamlsafe import safe_load
from tests.conftest import BUNDLED, DATA, ROOT

AGENCIES = ROOT / "tests" / "fixtures" / "agencies"
DINKES = "dinkes-kab-contoh"
CATEGORIES = {"source": "contoh", "scale": [
    {"category": "Sangat Baik", "above": 90}, {"category": "Baik", "above": 75},
    {"category": "Cukup", "above": 55}, {"category": "Kurang"}]}


@pytest.fixture(scope="module")
def dinkes():
    return load_dataset(AGENCIES, DINKES)


def _profile(root: Path, slug: str) -> dict:
    return safe_load((root / slug / "profile.yaml").read_text(encoding="utf-8"))


@pytest.fixture()
def profiles() -> list[dict]:
    """The bundled and the Dinkes profile, the latter with capaian categories."""
    dinkes = _profile(AGENCIES, DINKES)
    dinkes["capaian_categories"] = copying.deepcopy(CATEGORIES)
    return [_profile(DATA, BUNDLED), dinkes]


def _rules(profile: dict) -> dict[str, str]:
    return {p.column: p.rule for p in check_profile(profile, "p/profile.yaml")}


# --- one description: checks and documentation ----------------------------------------------

def test_both_profiles_are_clean(profiles):
    assert [check_profile(p, "x") for p in profiles] == [[], []]


def _first(node: dict, path: str) -> tuple[dict, str] | None:
    """The mapping holding the first occurrence of ``path`` (``a.b[].c``) and its last key."""
    *parents, last = path.split(".")
    for part in parents:
        name = part.removesuffix("[]")
        node = node.get(name) if isinstance(node, dict) else None
        if part.endswith("[]"):
            node = node[0] if isinstance(node, list) and node else None
        if not isinstance(node, dict):
            return None
    return (node, last) if last in node else None


@pytest.mark.parametrize("key", [k for k in KEYS if k.required], ids=lambda k: k.path)
def test_every_required_key_is_checked(profiles, key):
    tried = 0
    for original in profiles:
        profile = copying.deepcopy(original)
        found = _first(profile, key.path)
        if found is None:
            continue
        node, last = found
        del node[last]
        tried += 1
        missing = {re.sub(r"\[[^]]*\]", "[]", column) for column, rule in _rules(profile).items()
                   if rule == "wajib diisi"}
        assert any(m == key.path or m.startswith(key.path + ".") for m in missing), \
            f"removing {key.path} is not reported ({missing})"
    assert tried, f"{key.path} is in neither profile"


@pytest.mark.parametrize("key", [k for k in KEYS if k.kind == "choice"], ids=lambda k: k.path)
def test_every_choice_key_is_checked(profiles, key):
    profile = copying.deepcopy(profiles[1])
    if key.path.startswith("iku[]."):
        profile["iku"][0][key.path.removeprefix("iku[].")] = "sekitar"
    else:
        profile[key.path] = "sekitar"
    rules = [p.rule for p in check_profile(profile, "x")]
    assert "harus salah satu dari: " + ", ".join(key.choices) in rules


def test_docs_describe_every_profile_key():
    text = render()
    assert "## `profile.yaml` (wajib)" in text
    for key in KEYS:
        assert f"| `{key.path}` |" in text, key.path
    assert "salah satu dari: `inverse_gap`, `inverse_ratio`" in text
    assert (ROOT / "docs" / "data.md").read_text(encoding="utf-8") == text


def test_problems_name_the_entry_and_the_line(tmp_path):
    shutil.copytree(AGENCIES / DINKES, tmp_path / DINKES)
    path = tmp_path / DINKES / "profile.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("    unit: jiwa\n", "    unit: jiwa\n    formul: x\n", 1)
    text = text.replace("capaian_lower: inverse_gap", "capaian_lowr: inverse_gap", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_dataset(tmp_path, DINKES)
    lines = text.splitlines()
    found = {p.column: p for p in info.value.problems}
    assert set(found) == {"iku[KEMATIAN_IBU].formul", "capaian_lowr"}
    for column, problem in found.items():
        assert problem.rule.startswith("kunci tidak dikenal")
        assert lines[problem.row - 1].strip().startswith(column.rsplit(".", 1)[-1].split("[")[0])
    assert "profile.yaml baris" in str(info.value)


# --- the keys of an agency unlike the bundled one -------------------------------------------

def test_dinkes_fixture_validates_clean():
    result = subprocess.run([sys.executable, "-m", "lkjip_nb", "validate", "--data",
                             str(AGENCIES), "--opd", DINKES],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert f"Dataset {DINKES} valid" in result.stdout


def test_synthetic_flag(dinkes, dataset):
    assert dinkes.synthetic is True
    assert dataset.synthetic is False
    assert dinkes.for_year(2023).synthetic is True


def test_capaian_rules_are_resolved_into_the_iku_frame(dinkes, dataset):
    iku = dinkes.iku.set_index("iku_id")
    assert iku["capaian_rule"].to_dict() == {
        "AKI": "inverse_gap", "AKB": "inverse_gap", "KEMATIAN_IBU": "inverse_ratio",
        "STUNTING": "inverse_gap", "JKN": "ratio", "SAKIP": "ratio"}
    assert iku["unit_kind"].to_dict() == {
        "AKI": "rate", "AKB": "rate", "KEMATIAN_IBU": "count", "STUNTING": "percent",
        "JKN": "percent", "SAKIP": "score"}
    assert set(dataset.iku["capaian_rule"]) == {"ratio"}
    assert list(dataset.iku.columns) == ["iku_id", "sasaran_id", "indikator", "unit",
                                         "direction", "grading", "formula", "unit_kind",
                                         "capaian_rule"]


def test_agency_default_for_lower_is_better(profiles):
    profile = profiles[1]
    profile["capaian_lower"] = "inverse_ratio"
    rules = iku_frame(profile).set_index("iku_id")["capaian_rule"].to_dict()
    assert rules["AKI"] == rules["STUNTING"] == rules["KEMATIAN_IBU"] == "inverse_ratio"
    assert rules["JKN"] == "ratio"
    del profile["capaian_lower"]
    assert iku_frame(profile).set_index("iku_id").loc["AKI", "capaian_rule"] == "inverse_gap"


def test_capaian_rule_must_fit_the_direction(profiles):
    profile = profiles[1]
    by_id = {k["id"]: k for k in profile["iku"]}
    by_id["AKI"]["capaian_rule"] = "ratio"
    by_id["JKN"]["capaian_rule"] = "inverse_gap"
    rules = _rules(profile)
    assert set(rules) == {"iku[AKI].capaian_rule", "iku[JKN].capaian_rule"}
    assert "inverse_gap atau inverse_ratio" in rules["iku[AKI].capaian_rule"]
    assert "pakai ratio" in rules["iku[JKN].capaian_rule"]


def test_capaian_categories_are_checked_like_the_other_scales(profiles):
    profile = profiles[1]
    scale = profile["capaian_categories"]["scale"]
    scale[1]["above"] = 95
    del scale[2]["category"]
    scale[3]["above"] = "rendah"
    rules = _rules(profile)
    assert rules == {
        "capaian_categories.scale[Baik].above": "batas harus menurun dari atas ke bawah "
                                                "(kelas di atasnya: 90)",
        "capaian_categories.scale[3].category": "wajib diisi",
        "capaian_categories.scale[Kurang].above": "harus bilangan",
    }
    profile["capaian_categories"] = {"source": "tanpa skala"}
    assert _rules(profile) == {"capaian_categories.scale": "wajib diisi"}


def test_grading_needs_its_scale(profiles):
    profile = profiles[1]
    del profile["sakip_grades"]
    assert "sakip_grades" in _rules(profile)["iku[SAKIP].grading"]


# --- codes the agency assigns, empty printed numbers ------------------------------------------

def test_code_source_user(dinkes):
    assert "user" in set(dinkes.table("programs")["code_source"])
    assert "user" in set(dinkes.table("sub_kegiatan")["code_source"])


def test_empty_no_reported_is_missing_not_text(dinkes):
    frame = dinkes.for_year(2023).table("programs")  # 2023 programs print no number
    assert frame["no_reported"].isna().all()
    assert all(value is None for value in frame["no_reported"])
    full = dinkes.table("programs")
    assert not full["no_reported"].astype("string").isin(["nan", "None", "<NA>"]).any()
    assert pd.isna(full.loc[full["year"] == 2023, "no_reported"]).all()
    assert full.loc[full["year"] == 2022, "no_reported"].tolist() == [
        "I", "II", "III", "IV", "V", "VI", "VII"]
