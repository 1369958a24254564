"""One matplotlib style for every chart, and the chart types the chapters use."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

from lkjip_nb.fmt import number

PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7f6000", "#7030a0", "#2e75b6", "#a5a5a5"]
HIGHLIGHT = "#c00000"
MUTED = "#9dc3e6"

STYLE = {
    "figure.figsize": (8, 4.2),
    "figure.dpi": 110,
    "savefig.dpi": 150,
    "font.size": 10,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    # Titles sit just above the axes. The default (None) works the position out again on every
    # layout pass and draw, from the y-axis' tight bbox, to dodge tick labels on top and a y
    # offset text; no chart has either (values use id_axis), and it costs ~8 % of drawing.
    "axes.titley": 1.0,
    # Labels and titles are data (program, region, party names): a "$" in them is a dollar
    # sign, never the start of matplotlib mathtext. No chart draws math.
    "text.parse_math": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "legend.frameon": False,
    "figure.constrained_layout.use": True,
}


def apply_style() -> None:
    """Use the project style for every later figure."""
    plt.rcParams.update(STYLE)


def tick_formatter(label: Callable[[float], str]) -> FuncFormatter:
    """A tick formatter calling the pure ``label`` once per distinct tick value.

    Matplotlib formats every tick again on each layout pass, tight-bbox pass and draw; the
    labels go through Babel, so each is worked out once and remembered (0.0 and -0.0 apart:
    they compare equal but print as "0" and "-0").
    """
    seen: dict[tuple[float, bool], str] = {}

    def fmt(value: float, _pos: int | None = None) -> str:
        key = (value, math.copysign(1.0, value) < 0)
        text = seen.get(key)
        if text is None:
            text = seen[key] = label(value)
        return text

    return FuncFormatter(fmt)


def id_axis(axis, decimals: int | None = None, suffix: str = "") -> None:
    """Indonesian tick labels (1.000.000; 99,5) on an axis."""
    axis.set_major_formatter(tick_formatter(lambda v: number(v, decimals) + suffix))


def short_money(value: float) -> str:
    """Rp in readable units: 1,1 M / 60,7 M / 350 jt."""
    if abs(value) >= 1e12:
        return number(value / 1e12, 1) + " T"
    if abs(value) >= 1e9:
        return number(value / 1e9, 1) + " M"
    if abs(value) >= 1e6:
        return number(value / 1e6, 1) + " jt"
    return number(value, 0)


def wrap(label: str, width: int = 38) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label


def target_vs_realisasi(labels: Sequence[str], targets: Sequence[float],
                        realisasi: Sequence[float], title: str, ylabel: str = ""):
    """Grouped bars: target beside realisasi per item."""
    fig, ax = plt.subplots()
    x = range(len(labels))
    w = 0.38
    ax.bar([i - w / 2 for i in x], targets, w, label="Target", color=MUTED)
    ax.bar([i + w / 2 for i in x], realisasi, w, label="Realisasi", color=PALETTE[0])
    ax.set_xticks(list(x), [wrap(label, 18) for label in labels])
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    id_axis(ax.yaxis)
    ax.legend()
    return fig


def trajectory(years: Sequence[int], targets: Sequence[float | None],
               realisasi: Sequence[float | None], title: str, ylabel: str = ""):
    """Renstra target path against realisations over the years."""
    fig, ax = plt.subplots(figsize=(6, 3.4))
    ty = [(y, t) for y, t in zip(years, targets, strict=True) if t is not None]
    ry = [(y, r) for y, r in zip(years, realisasi, strict=True) if r is not None]
    if ty:
        ax.plot(*zip(*ty, strict=True), "o--", color=MUTED, label="Target")
    if ry:
        ax.plot(*zip(*ry, strict=True), "o-", color=PALETTE[0], label="Realisasi")
    ax.set_xticks(list(years))
    ax.set_title(title)
    ax.set_ylabel(ylabel)
    id_axis(ax.yaxis)
    ax.legend()
    return fig


def ranked_bars(labels: Sequence[str], values: Sequence[float], title: str,
                highlight: Sequence[bool] = (), reference: Sequence[bool] = (),
                xlabel: str = "", decimals: int = 2):
    """Horizontal bars sorted by value; the agency highlighted, a national value hatched."""
    items = sorted(zip(labels, values, highlight or [False] * len(labels),
                       reference or [False] * len(labels), strict=True), key=lambda t: t[1])
    fig, ax = plt.subplots(figsize=(7, 0.5 * len(items) + 1.2))
    for i, (_, v, hi, ref) in enumerate(items):
        ax.barh(i, v, color=HIGHLIGHT if hi else PALETTE[0] if not ref else MUTED,
                hatch="//" if ref else None)
        ax.text(v, i, " " + number(v, decimals), va="center")
    ax.set_yticks(range(len(items)), [t[0] for t in items])
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    ax.set_xlim(0, max(values) * 1.15 if values else 1)
    id_axis(ax.xaxis)
    return fig


#: Largest / smallest positive value beyond which bars use a logarithmic axis.
LOG_SPREAD = 200


def spread(values: Sequence[float]) -> float:
    """Largest over smallest positive value (1 with fewer than two positive values)."""
    positive = [v for v in values if v > 0]
    return max(positive) / min(positive) if len(positive) > 1 else 1.0


def needs_log_scale(values: Sequence[float]) -> bool:
    """Whether bars of ``values`` need a logarithmic axis to all be readable."""
    return spread(values) > LOG_SPREAD


def budget_bars(labels: Sequence[str], anggaran: Sequence[float], realisasi: Sequence[float],
                title: str):
    """Horizontal bars of anggaran and realisasi per item (log scale when spans are wide)."""
    fig, ax = plt.subplots(figsize=(8, 0.6 * len(labels) + 1.4))
    y = range(len(labels))
    ax.barh([i + 0.2 for i in y], anggaran, 0.4, label="Anggaran", color=MUTED)
    ax.barh([i - 0.2 for i in y], realisasi, 0.4, label="Realisasi", color=PALETTE[0])
    ax.set_yticks(list(y), [wrap(label, 45) for label in labels])
    ax.invert_yaxis()
    if needs_log_scale(anggaran):
        ax.set_xscale("log")
        ax.set_xlabel("Rupiah (skala logaritmik)")
    ax.xaxis.set_major_formatter(tick_formatter(short_money))
    ax.set_title(title)
    ax.legend(loc="lower right")
    return fig


def share_bars(labels: Sequence[str], values: Sequence[float], title: str):
    """One stacked horizontal bar of shares (composition), labelled in percent."""
    total = sum(values)
    fig, ax = plt.subplots(figsize=(8, 1.9))
    left = 0.0
    for i, (label, v) in enumerate(zip(labels, values, strict=True)):
        share = v / total * 100 if total else 0
        ax.barh(0, share, left=left, color=PALETTE[i % len(PALETTE)], label=f"{label} "
                f"({number(share, 2)} %)")
        left += share
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.set_title(title)
    id_axis(ax.xaxis, 0, " %")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.35), ncol=2, fontsize=8)
    return fig


def scatter_labelled(x: Sequence[float], y: Sequence[float], labels: Sequence[str], title: str,
                     xlabel: str, ylabel: str):
    """Points with labels and the diagonal (x = y)."""
    fig, ax = plt.subplots(figsize=(6, 4.2))
    ax.scatter(x, y, s=60, color=PALETTE[0], zorder=3)
    for xi, yi, label in zip(x, y, labels, strict=True):
        ax.annotate(label, (xi, yi), textcoords="offset points", xytext=(6, 4))
    lo = min(min(x), min(y)) - 2
    hi = max(max(x), max(y)) + 2
    ax.plot([lo, hi], [lo, hi], ":", color="grey", label="capaian = penyerapan")
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_title(title)
    id_axis(ax.xaxis)
    id_axis(ax.yaxis)
    ax.legend(loc="lower right")
    return fig
