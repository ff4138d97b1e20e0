"""The statistics of evaluation: pure NumPy/SciPy, no Django.

Arrays in, dataclasses out. The data contract (``PanelData``, ``ScaleSpec``) is filled
either by the evaluation selectors from the database or by ``panel_csv`` from a file;
``analyse_panel`` turns it into a ``PanelReport`` whose ``to_dict()`` is the JSON of the
report. docs/statistics.md says what is computed and which R function each part matches.
"""

from .adjust import holm
from .attrition import WelchT, standardised_difference, welch_t
from .paired import PairedT, Wilcoxon, paired_t, psignrank, wilcoxon_signed_rank
from .panel import PanelData, ScaleSpec
from .reliability import cronbach_alpha
from .report import (
    Attrition,
    AttritionScale,
    PanelReport,
    ScaleResult,
    analyse_panel,
    report_text,
)

__all__ = [
    "Attrition",
    "AttritionScale",
    "PairedT",
    "PanelData",
    "PanelReport",
    "ScaleResult",
    "ScaleSpec",
    "WelchT",
    "Wilcoxon",
    "analyse_panel",
    "cronbach_alpha",
    "holm",
    "paired_t",
    "psignrank",
    "report_text",
    "standardised_difference",
    "welch_t",
    "wilcoxon_signed_rank",
]
