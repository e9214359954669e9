"""Counts of the register that lower apps need (petugas sizes Pantarlih by voters per TPS)."""

from collections.abc import Iterable

from django.db.models import Count

from .models import Pemilih


def pemilih_ms_per_tps(tps_ids: Iterable[int], pemilihan_id: int) -> dict[int, int]:
    """Eligible (MS) voters per TPS of one election: one GROUP BY over the given TPS."""
    return dict(Pemilih.objects.filter(tps_id__in=list(tps_ids), pemilihan_id=pemilihan_id,
                                       tms_kode="")
                .values_list("tps_id").annotate(n=Count("id")).order_by())
