"""IKS charts in the project style: indices with confidence intervals, marked when synthetic."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

from lkjip_nb.charts import HIGHLIGHT, MUTED, PALETTE, id_axis, wrap
from lkjip_nb.fmt import number

SYNTHETIC_MARK = "DATA SINTETIS"


def mark_synthetic(fig, synthetic: bool) -> None:
    """A watermark across the figure when the data are synthetic."""
    if not synthetic:
        return
    fig.text(0.5, 0.5, SYNTHETIC_MARK, fontsize=40, color="#c00000", alpha=0.12,
             ha="center", va="center", rotation=20, weight="bold", zorder=0)


def _title(title: str, synthetic: bool) -> str:
    return _plain(f"{title} ({SYNTHETIC_MARK.lower()})" if synthetic else title)


def _plain(text: str) -> str:
    """``text`` for a figure as typed: its dollar signs start no math (matplotlib's mathtext).
    Under the project style (``text.parse_math`` off, :data:`lkjip_nb.charts.STYLE`) text is
    drawn as is; otherwise a dollar sign is escaped."""
    if not mpl.rcParams["text.parse_math"]:
        return text
    return text.replace("$", r"\$")


def _xlim(ax, lows: Sequence[float], highs: Sequence[float], extra: Sequence[float] = ()
          ) -> None:
    values = [v for v in [*lows, *highs, *extra] if v == v]
    if values:
        lo, hi = min(values), max(values)
        pad = max((hi - lo) * 0.12, 1.0)
        ax.set_xlim(max(0.0, lo - pad), min(100.0, hi + pad * 2.2))


def interval_bars(labels: Sequence[str], values: Sequence[float], lows: Sequence[float],
                  highs: Sequence[float], title: str, *, synthetic: bool,
                  counts: Sequence[int] | None = None, reference: float | None = None,
                  reference_label: str = "", bold: Sequence[bool] = ()):
    """Horizontal points with CI whiskers per group (top to bottom in the given order)."""
    n = len(labels)
    fig, ax = plt.subplots(figsize=(8, 0.38 * n + 1.5))
    y = np.arange(n)[::-1]
    v = np.asarray(values, dtype=float)
    err = np.vstack([v - np.asarray(lows, float), np.asarray(highs, float) - v])
    colors = [PALETTE[0] if b else PALETTE[5] for b in (bold or [True] * n)]
    ax.errorbar(v, y, xerr=err, fmt="none", ecolor="#7f7f7f", capsize=3, lw=1.2, zorder=2)
    ax.scatter(v, y, color=colors, s=36, zorder=3)
    for yi, vi, hi in zip(y, v, highs, strict=True):
        if vi == vi:
            ax.text(hi if hi == hi else vi, yi, "  " + number(round(vi, 2), 2), va="center",
                    fontsize=8)
    shown = [_plain(f"{wrap(lab, 34)}  (n={c})" if counts is not None else wrap(lab, 34))
             for lab, c in zip(labels, counts if counts is not None else [0] * n, strict=True)]
    ax.set_yticks(y, shown)
    for tick, b in zip(ax.get_yticklabels(), bold or [False] * n, strict=True):
        if b:
            tick.set_fontweight("bold")
    if reference is not None:
        ax.axvline(reference, color=HIGHLIGHT, ls="--", lw=1)
    ax.grid(axis="y", alpha=0)
    _xlim(ax, lows, highs, [reference] if reference is not None else [])
    ax.set_xlabel("Indeks (0-100): titik = estimasi, garis = selang kepercayaan 95 %"
                  + (f", garis merah = {_plain(reference_label)} "
                     f"({number(round(reference, 2), 2)})" if reference is not None else ""))
    id_axis(ax.xaxis)
    ax.set_title(_title(title, synthetic))
    mark_synthetic(fig, synthetic)
    return fig


def overall_vs_target(year: int, value: float, low: float, high: float,
                      target: float | None, published: float | None, *, synthetic: bool):
    """The estimate with its CI beside the target and the published value."""
    fig, ax = plt.subplots(figsize=(8, 2.1))
    ax.errorbar([value], [0], xerr=[[value - low], [high - value]], fmt="o", color=PALETTE[0],
                ecolor=PALETTE[0], capsize=5, ms=8,
                label=f"Hasil hitung {number(round(value, 2), 2)}")
    if target is not None:
        ax.axvline(target, color=HIGHLIGHT, ls="--", label=f"Target {number(target)}")
    if published is not None:
        ax.plot([published], [0], marker="D", color=PALETTE[1], ls="none", ms=8,
                label=f"Dipublikasikan {number(published)}")
    ax.set_yticks([])
    _xlim(ax, [low], [high], [t for t in (target, published) if t is not None])
    id_axis(ax.xaxis)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=3, fontsize=8)
    ax.set_title(_title(f"IKS {year} dengan selang kepercayaan 95 %", synthetic))
    mark_synthetic(fig, synthetic)
    return fig


def trend(years: Sequence[int], values: Sequence[float], lows: Sequence[float],
          highs: Sequence[float], published: Sequence[float | None],
          targets: Sequence[float | None], *, synthetic: bool):
    """Computed IKS with CI band per year, the published values and the targets."""
    fig, ax = plt.subplots(figsize=(7, 3.6))
    ax.fill_between(years, lows, highs, color=MUTED, alpha=0.5, label="Selang kepercayaan 95 %")
    ax.plot(years, values, "o-", color=PALETTE[0], label="Hasil hitung")
    pub = [(y, v) for y, v in zip(years, published, strict=True) if v is not None]
    if pub:
        ax.plot(*zip(*pub, strict=True), "D:", color=PALETTE[1], label="Dipublikasikan")
    tgt = [(y, v) for y, v in zip(years, targets, strict=True) if v is not None]
    if tgt:
        ax.plot(*zip(*tgt, strict=True), "s--", color=HIGHLIGHT, alpha=0.7, label="Target")
    ax.set_xticks(list(years))
    id_axis(ax.yaxis)
    ax.set_ylabel("IKS")
    ax.legend(fontsize=8, loc="best")
    ax.set_title(_title("Tren IKS", synthetic))
    mark_synthetic(fig, synthetic)
    return fig


def sensitivity(values: Sequence[float], base: float, *, synthetic: bool):
    """Distribution of the composite over the weight grid, the base weights marked."""
    fig, ax = plt.subplots(figsize=(7, 3))
    ax.hist(values, bins=20, color=PALETTE[0], alpha=0.8)
    ax.axvline(base, color=HIGHLIGHT, ls="--", label=f"Bobot dasar: {number(round(base, 2), 2)}")
    ax.set_xlabel("IKS komposit")
    ax.set_ylabel("Jumlah kombinasi bobot")
    id_axis(ax.xaxis)
    ax.legend(fontsize=8)
    ax.set_title(_title("IKS pada berbagai kombinasi bobot dimensi", synthetic))
    mark_synthetic(fig, synthetic)
    return fig
