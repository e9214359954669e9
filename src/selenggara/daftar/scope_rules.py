"""How the list-stage rows map to an area and an election, for ``petugas.scope``."""

from django.db.models import Q

from selenggara.petugas.scope import Scope, register, tps_rule
from selenggara.wilayah.models import Tingkat

from .models import BarisDaftar, DaftarTetap, PemilihKhusus, PindahMemilih, Pleno, Tanggapan


def _pleno_q(scope: Scope) -> Q:
    """A plenary of the caller's area, of an area below it, or of the areas above it (a PPS
    reads the KPU's Berita Acara that set the list it works on)."""
    if scope.wilayah_id is None:
        return Q(pk__in=[])
    area = scope.wilayah_id
    return (Q(wilayah_id=area) | Q(wilayah__induk_id=area) | Q(wilayah__induk__induk_id=area)
            | Q(wilayah__pk__in=_atas(scope)))


def _atas(scope: Scope):
    from selenggara.wilayah.models import Wilayah

    w = Wilayah.objects.filter(pk=scope.wilayah_id).values_list("induk_id", "induk__induk_id")
    return [i for pair in w for i in pair if i is not None]


_baris = tps_rule("tps_id", "kelurahan")


def _daftar_q(scope: Scope) -> Q:
    # A set list is the whole kab/kota's: whoever has a role in the election may open it; its
    # rows are filtered by area (BarisDaftar's own rule).
    return Q() if scope.peran or scope.semua else Q(pk__in=[])


register(Pleno, _pleno_q, pemilihan="pemilihan_id")
register(DaftarTetap, _daftar_q, pemilihan="pemilihan_id")
register(BarisDaftar, _baris, pemilihan="daftar__pemilihan_id")
register(Tanggapan, tps_rule("tps_id", "kelurahan"), pemilihan="pemilihan_id")
# A DPTb move is seen from both ends: the origin TPS's officers and the destination's.
_asal, _tujuan = tps_rule("tps_asal_id", "tps_asal__kelurahan"), tps_rule(
    "tps_tujuan_id", "tps_tujuan__kelurahan")
register(PindahMemilih, lambda s: _asal(s) | _tujuan(s), pemilihan="pemilihan_id")
register(PemilihKhusus, tps_rule("tps_id", "tps__kelurahan"), pemilihan="pemilihan_id")

__all__ = ["Tingkat"]
