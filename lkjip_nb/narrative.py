"""Generated narrative: sentences in Bahasa Indonesia that quote numbers from the data."""

from __future__ import annotations

from lkjip_nb.fmt import Formatter


def value_text(fmt: Formatter, value: float | None, unit: str, kind: str = "indeks") -> str:
    """A figure with its unit: '84,61', '90 %', '66,55'."""
    if value is None:
        return "–"
    if unit == "persen":
        return fmt.pct(value, kind)
    return fmt.num(value, kind)


def iku_sentence(fmt: Formatter, year: int, indikator: str, realisasi: float | None,
                 target: float | None, capaian: float | None, unit: str) -> str:
    """'Pada tahun 2024 Indeks Kesalehan Sosial terealisasi 84,61 dari target 86, capaian
    98,3 %.' — or what is missing."""
    if realisasi is None:
        return f"Realisasi {indikator} tahun {year} tidak tersedia dalam dataset."
    real = value_text(fmt, realisasi, unit, "indeks")
    if target is None:
        return f"Pada tahun {year} {indikator} terealisasi {real}; target tahun itu tidak " \
               "tersedia dalam dataset."
    tgt = value_text(fmt, target, unit, "indeks")
    verdict = ("melampaui target" if capaian and capaian > 100 else
               "mencapai target" if capaian is not None and capaian >= 100 else "di bawah target")
    return (f"Pada tahun {year} {indikator} terealisasi {real} dari target {tgt}, capaian "
            f"{fmt.pct(capaian, 'capaian')} ({verdict}).")


def compare_sentence(fmt: Formatter, label: str, this: float, other: float, other_label: str,
                     kind: str = "indeks") -> str:
    """'... lebih tinggi dari Nasional (83,83)'."""
    if this > other:
        rel = "lebih tinggi dari"
    elif this < other:
        rel = "lebih rendah dari"
    else:
        rel = "sama dengan"
    return f"{label} {rel} {other_label} ({fmt.num(other, kind)})"


def join_id(items: list[str]) -> str:
    """'a, b dan c' (Indonesian list)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " dan " + items[-1]
