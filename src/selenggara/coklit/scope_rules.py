"""How coklit rows map to an area and an election, for petugas.scope."""

from selenggara.petugas.scope import register, tps_rule

from .models import Foto, Perubahan, StikerKK

register(Perubahan, tps_rule("tps_id", "kelurahan"), pemilihan="petugas__pemilihan_id")
register(StikerKK, tps_rule("tps_id", "tps__kelurahan"), pemilihan="petugas__pemilihan_id")
# A photo belongs to the TPS of the officer who took it.
register(Foto, tps_rule("petugas__tps_id", "petugas__tps__kelurahan"),
         pemilihan="petugas__pemilihan_id")
