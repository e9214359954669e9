"""How coklit rows map to an area, for petugas.scope."""

from selenggara.petugas.scope import register, tps_rule

from .models import Perubahan, StikerKK

register(Perubahan, tps_rule("tps_id", "kelurahan"))
register(StikerKK, tps_rule("tps_id", "tps__kelurahan"))
