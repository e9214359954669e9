"""How coklit rows map to an area and an election, for petugas.scope."""

from django.db.models import Q

from selenggara.pemilih.scope_rules import rekap_q
from selenggara.petugas.scope import register, tps_rule

from .models import (
    AktivitasPantarlih,
    Foto,
    LaporanKertas,
    Perubahan,
    RekapCoklit,
    RekapCoklitHarian,
    RencanaCoklit,
    StikerKK,
)

register(Perubahan, tps_rule("tps_id", "kelurahan"), pemilihan="petugas__pemilihan_id")
register(StikerKK, tps_rule("tps_id", "tps__kelurahan"), pemilihan="petugas__pemilihan_id")
# A photo belongs to the TPS of the officer who took it.
register(Foto, tps_rule("petugas__tps_id", "petugas__tps__kelurahan"),
         pemilihan="petugas__pemilihan_id")
# Paper reports and sync activity belong to the Pantarlih's TPS (the row keeps it).
register(LaporanKertas, tps_rule("tps_id", "tps__kelurahan"), pemilihan="petugas__pemilihan_id")
register(AktivitasPantarlih, tps_rule("tps_id", "tps__kelurahan"),
         pemilihan="petugas__pemilihan_id")

# The same rule as the register's counters: a TPS row or an area row the caller sees.
register(RekapCoklit, rekap_q, pemilihan="pemilihan_id")
register(RekapCoklitHarian, rekap_q, pemilihan="pemilihan_id")
# The plan belongs to the election only: everyone who monitors it reads the same plan.
register(RencanaCoklit, lambda scope: Q(), pemilihan="pemilihan_id")
