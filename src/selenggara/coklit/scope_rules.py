"""How coklit rows map to an area, for petugas.scope."""

from django.db.models import Q

from selenggara.petugas.scope import Scope, register
from selenggara.wilayah.models import Tingkat

from .models import Perubahan, StikerKK


def _by_tps(scope: Scope) -> Q:
    if scope.tps_id is not None:
        return Q(tps_id=scope.tps_id)
    field = {Tingkat.KABKOTA: "kelurahan__induk__induk_id",
             Tingkat.KECAMATAN: "kelurahan__induk_id",
             Tingkat.KELURAHAN: "kelurahan_id"}.get(scope.tingkat)
    return Q(**{field: scope.wilayah_id}) if field else Q(pk__in=[])


def _stiker(scope: Scope) -> Q:
    if scope.tps_id is not None:
        return Q(tps_id=scope.tps_id)
    field = {Tingkat.KABKOTA: "tps__kelurahan__induk__induk_id",
             Tingkat.KECAMATAN: "tps__kelurahan__induk_id",
             Tingkat.KELURAHAN: "tps__kelurahan_id"}.get(scope.tingkat)
    return Q(**{field: scope.wilayah_id}) if field else Q(pk__in=[])


register(Perubahan, _by_tps)
register(StikerKK, _stiker)
