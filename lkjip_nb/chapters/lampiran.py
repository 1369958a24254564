"""Lampiran: the year's Perjanjian Kinerja (sasaran, indikator, target PK) and the photo
captions of the sub kegiatan (dokumentasi.csv).

The Perjanjian Kinerja table is built here from the ``pk`` targets alone: Tabel 2.4 of Bab II
(:func:`lkjip_nb.chapters.planning.perjanjian_kinerja`) adds Renstra targets, the realisasi of
the year before and the audit's findings, which an attachment does not show.
"""

from __future__ import annotations

import base64
import mimetypes

import pandas as pd
from markupsafe import escape

from lkjip_nb import narrative, present
from lkjip_nb.chapters.common import blank_repeats, run_figures, unit_suffix, value_label
from lkjip_nb.indicators import unit_kind
from lkjip_nb.narrative import AgencyTexts, Caption
from lkjip_nb.present import agency_label, md_text

#: Gradings whose grade is written before the value ('BB (75,3)'), as Bab II writes them.
LABEL_GRADINGS = ("sakip",)


def texts(ctx) -> AgencyTexts:
    """The agency's material the Lampiran shows (photo captions; no required text)."""
    found = narrative.agency_texts(ctx)
    found.check()
    return found


def perjanjian_kinerja(ctx) -> pd.DataFrame:
    """Per IKU: sasaran, indikator and the Perjanjian Kinerja target of the year (None where
    the dataset has none)."""
    ds = ctx.dataset
    targets = ds.table("iku_targets")
    pk = targets[(targets["year"] == ctx.year) & (targets["kind"] == "pk")]
    sas = ds.sasaran.set_index("sasaran_id")
    rows = []
    for k in ds.iku.itertuples():
        hit = pk[pk["iku_id"] == k.iku_id]
        target = float(hit["target"].iloc[0]) if not hit.empty else None
        grade = hit["target_grade"].iloc[0] if not hit.empty else None
        graded = k.grading in LABEL_GRADINGS and isinstance(grade, str) and grade.strip()
        kind = unit_kind(k._asdict(), ctx.profile)
        shown = ("–" if target is None else
                 value_label(ctx, target, k.unit, grade if graded else None)
                 + unit_suffix(kind, k.unit))
        rows.append({"iku_id": k.iku_id, "no": f"{sas.loc[k.sasaran_id, 'no']}.",
                     "sasaran": sas.loc[k.sasaran_id, "sasaran"], "indikator": k.indikator,
                     "target": target, "target_label": shown})
    return pd.DataFrame(rows, columns=["iku_id", "no", "sasaran", "indikator", "target",
                                       "target_label"])


def show_perjanjian_kinerja(ctx) -> pd.DataFrame:
    """The Perjanjian Kinerja of the year as a table (or what is missing)."""
    frame = perjanjian_kinerja(ctx)
    if frame.empty or frame["target"].isna().all():
        present.missing("Target Perjanjian Kinerja", ctx.year)
        return frame
    present.say(f"Perjanjian Kinerja {md_text(agency_label(ctx))} Tahun {ctx.year}: sasaran "
                "strategis, indikator kinerja dan target yang diperjanjikan.")
    present.show_table(blank_repeats(frame), [
        present.Col("no", "No."), present.Col("sasaran", "Sasaran Strategis"),
        present.Col("indikator", "Indikator Kinerja"),
        present.Col("target_label", f"Target {ctx.year}", True)],
        key="lampiran-perjanjian-kinerja",
        title=f"Perjanjian Kinerja Tahun {ctx.year}", source=ctx.source("perjanjian-kinerja"))
    lacking = list(frame.loc[frame["target"].isna(), "indikator"])
    if lacking:
        present.say("Target Perjanjian Kinerja tidak ada dalam dataset untuk: "
                    + "; ".join(md_text(x) for x in lacking) + ".")
    return frame


def _names(ctx) -> dict[str, str]:
    """Sub kegiatan code -> name for the year (none without budget data)."""
    if not ctx.dataset.has("sub_kegiatan"):
        return {}
    sub = ctx.dataset.table("sub_kegiatan")
    return dict(zip(sub["code"].astype(str), sub["name"].astype(str), strict=True))


def _image_html(caption: Caption) -> str:
    """The photo embedded (data: URI), for a caption whose image the dataset holds."""
    kind = mimetypes.guess_type(caption.image.name)[0] or "image/png"
    data = base64.b64encode(caption.image.read_bytes()).decode("ascii")
    return (f'<img class="lkjip-photo" src="data:{kind};base64,{data}" '
            f'alt="{escape(caption.caption)}">')


def dokumentasi(ctx, found: AgencyTexts) -> list[tuple[str, list[Caption]]]:
    """(sub kegiatan heading, its captions) in the order dokumentasi.csv lists them."""
    names = _names(ctx)
    groups: dict[str, list[Caption]] = {}
    for caption in found.captions():
        groups.setdefault(caption.sub_kegiatan, []).append(caption)
    out = []
    for code, captions in groups.items():
        name = names.get(code)
        title = f"Sub Kegiatan {name} ({code})" if name else f"Sub Kegiatan {code}"
        out.append((title, captions))
    return out


def show_dokumentasi(ctx, found: AgencyTexts) -> int:
    """The photo captions per sub kegiatan (the photos too where the dataset has them);
    returns how many captions were shown."""
    groups = dokumentasi(ctx, found)
    if not groups:
        present.say(f"Dataset tidak memuat dokumentasi kegiatan tahun {ctx.year}.")
        return 0
    shown = 0
    for title, captions in groups:
        lines = [f"**{md_text(title)}**", ""]
        for caption in captions:
            if caption.image is not None:
                lines += [_image_html(caption), ""]
            lines.append(f"{caption.no}. {md_text(caption.caption)}")
            shown += 1
        present.say(narrative.agency_block("\n".join(lines)))
    if all(c.image is None for _, cs in groups for c in cs):
        present.say("<small>Foto kegiatan tidak tersedia dalam dataset; yang ditampilkan "
                    "keterangan fotonya.</small>")
    return shown


def key_figures(ctx, pk: pd.DataFrame, captions: int) -> dict:
    """What the notebook records: PK targets and captions shown."""
    return {"pk_targets": int(pk["target"].notna().sum()) if not pk.empty else 0,
            "captions": captions, **run_figures(ctx)}
