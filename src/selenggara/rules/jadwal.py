"""Stage-calendar arithmetic used by coklit monitoring.

KPU Kota Kediri planned coklit (four weeks, 24 Jun - 24 Jul 2024) so that Pantarlih finish
every voter by the end of week 2 and PPS evaluate in weeks 3-4 (the source article). The
number of weeks is a parameter: other KPU offices plan differently.
"""

from __future__ import annotations

from datetime import date, timedelta

MINGGU_TARGET_COKLIT = 2


def target_coklit_selesai(mulai: date, minggu: int = MINGGU_TARGET_COKLIT) -> date:
    """The last day of week ``minggu`` counted from the first coklit day."""
    return mulai + timedelta(days=7 * minggu - 1)

