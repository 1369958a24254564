"""Small hand-made codebook and microdata shared by the IKS tests."""

from __future__ import annotations

import numpy as np
import pandas as pd

from lkjip_nb.iks.codebook import Codebook, codebook_from_dict


def tiny_codebook_dict(convention: str = "range", min_share: float = 0.5,
                       weights: tuple[float, float] = (1, 3)) -> dict:
    """Two dimensions: A (W1) = a1 {x1, x2 reversed} + a2 {x3}; B (W2) = b1 {x4, x5}."""
    return {
        "name": "tiny",
        "columns": {"respondent_id": "rid", "year": "tahun"},
        "design": {"weight": "w", "stratum": "s", "cluster": "c"},
        "scale": {"min": 1, "max": 5, "convention": convention,
                  "labels": {1: "satu", 2: "dua", 3: "tiga", 4: "empat", 5: "lima"}},
        "missing": {"codes": {8: "Tidak tahu", 9: "Tidak menjawab"},
                    "min_answered_share": min_share},
        "weights": {"W1": weights[0], "W2": weights[1]},
        "weights_note": "uji",
        "domains": [
            {"key": "kec", "column": "kec", "label": "Kecamatan", "values": ["Utara", "Selatan"]},
            {"key": "usia", "column": "usia", "label": "Usia", "numeric": {"min": 17, "max": 99},
             "breaks": [40]},
        ],
        "dimensions": [
            {"id": "A", "name": "Dimensi A", "weight": "W1", "subdimensions": [
                {"id": "a1", "name": "Sub a1", "items": [
                    {"id": "x1", "text": "butir 1"}, {"id": "x2", "text": "butir 2",
                                                      "reversed": True}]},
                {"id": "a2", "name": "Sub a2", "items": [{"id": "x3", "text": "butir 3"}]},
            ]},
            {"id": "B", "name": "Dimensi B", "weight": "W2", "subdimensions": [
                {"id": "b1", "name": "Sub b1", "items": [
                    {"id": "x4", "text": "butir 4"}, {"id": "x5", "text": "butir 5"}]},
            ]},
        ],
    }


def tiny_codebook(**kwargs) -> Codebook:
    return codebook_from_dict(tiny_codebook_dict(**kwargs), source="tiny")


def tiny_frame() -> pd.DataFrame:
    """Four respondents; see test_iks_scoring for the hand computation."""
    nan = np.nan
    return pd.DataFrame({
        "rid": ["r1", "r2", "r3", "r4"],
        "tahun": [2024] * 4,
        "kec": ["Utara", "Utara", "Selatan", "Selatan"],
        "usia": [30, 45, 50, 62],
        "w": [1.0, 2.0, 3.0, 4.0],
        "s": ["S1", "S1", "S2", "S2"],
        "c": ["c1", "c2", "c3", "c4"],
        "x1": [5, 9, 4, 3],
        "x2": [2, 5, 8, 3],
        "x3": [3, 1, 8, 3],
        "x4": [4, nan, 2, 9],
        "x5": [5, 3, 2, nan],
    })
