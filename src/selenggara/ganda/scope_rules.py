"""How ganda rows map to an area and an election, for petugas.scope.

A pair belongs to both records' kelurahan: the PPS of either sees it (a pair across kelurahan
goes to both PPS and to KPU), a PPK sees the pairs touching its kecamatan. A search run is
KPU's (it covers the kab/kota); an officer below sees the runs of areas that contain theirs.
"""

from django.db.models import Q

from selenggara.petugas.scope import register
from selenggara.wilayah.models import Tingkat, Wilayah

from .models import PasanganGanda, PencarianGanda


def _pasangan(scope) -> Q:
    if scope.tps_id is not None:
        return Q(pemilih_a__tps_id=scope.tps_id) | Q(pemilih_b__tps_id=scope.tps_id)
    area = scope.wilayah_id
    if scope.tingkat == Tingkat.KELURAHAN:
        return Q(kelurahan_a_id=area) | Q(kelurahan_b_id=area)
    if scope.tingkat == Tingkat.KECAMATAN:
        return Q(kelurahan_a__induk_id=area) | Q(kelurahan_b__induk_id=area)
    if scope.tingkat == Tingkat.KABKOTA:
        return Q(kelurahan_a__induk__induk_id=area) | Q(kelurahan_b__induk__induk_id=area)
    return Q(pk__in=[])


def _pencarian(scope) -> Q:
    area = scope.wilayah_id
    if area is None:
        return Q(pk__in=[])
    # The run's area is the officer's own or contains it (KPU's run over the kab/kota is seen
    # by its PPK and PPS), or lies inside it (a KPU account sees a kecamatan's run).

    naik = Wilayah.objects.filter(pk=area).values_list("induk_id", "induk__induk_id").first()
    atas = [x for x in (naik or ()) if x]
    return (Q(wilayah_id=area) | Q(wilayah_id__in=atas) | Q(wilayah__induk_id=area)
            | Q(wilayah__induk__induk_id=area))


register(PasanganGanda, _pasangan, pemilihan="pemilihan_id")
register(PencarianGanda, _pencarian, pemilihan="pemilihan_id")
