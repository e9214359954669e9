"""Which kelurahan lists are frozen, for the voter-write guard (``pemilih.services``).

A PPS plenary sets its kelurahan's list (DPHP, later DPSHP); from then until KPU sets the list
for the whole kab/kota (DPS, DPT) nothing may change it, or the list KPU sets would no longer
be the one PPS and PPK read out and signed. Once the DPS is set, fixes belong to the DPSHP and
the kelurahan is open again; once the DPT is set, the list is final: a voter who must vote
elsewhere moves through the DPTb, which keeps them on their DPT.
"""

from __future__ import annotations

from django.db import connection

from selenggara.errors import Jenis, ServiceError
from selenggara.rules.problem import gettext_noop

from .models import DaftarTetap, Pleno


def keadaan(pemilihan_id: int, kelurahan_id: int) -> tuple[set[str], set[str]]:
    """(the PPS plenaries this kelurahan held, the lists KPU set) for one election.

    One plain statement: every voter write asks this once per kelurahan and transaction (each
    e-coklit batch), where compiling two ORM queries cost more than reading the rows."""
    qn = connection.ops.quote_name
    sql = (f"SELECT 1, {qn('tahap')} FROM {qn(Pleno._meta.db_table)} "
           f"WHERE {qn('pemilihan_id')} = %s AND {qn('wilayah_id')} = %s AND {qn('tingkat')} = 4 "
           f"UNION ALL SELECT 2, {qn('tahap')} FROM {qn(DaftarTetap._meta.db_table)} "
           f"WHERE {qn('pemilihan_id')} = %s")
    with connection.cursor() as cursor:
        cursor.execute(sql, [pemilihan_id, kelurahan_id, pemilihan_id])
        rows = cursor.fetchall()
    return {t for k, t in rows if k == 1}, {t for k, t in rows if k == 2}


def terkunci(pemilihan_id: int, kelurahan_id: int) -> ServiceError | None:
    pps, ditetapkan = keadaan(pemilihan_id, kelurahan_id)
    if "DPT" in ditetapkan:
        return ServiceError.satu("tahap", "dpt_final", gettext_noop(
            "DPT sudah ditetapkan KPU: daftar tidak dapat diubah lagi. Pemilih yang harus "
            "memilih di tempat lain dicatat lewat pindah memilih (DPTb)."), jenis=Jenis.KONFLIK)
    if "DPSHP" in pps:
        return ServiceError.satu("tahap", "dpshp_ditetapkan", gettext_noop(
            "DPSHP kelurahan ini sudah ditetapkan dalam pleno PPS; daftar terkunci sampai KPU "
            "menetapkan DPT."), jenis=Jenis.KONFLIK)
    if "DPHP" in pps and "DPS" not in ditetapkan:
        return ServiceError.satu("tahap", "dphp_ditetapkan", gettext_noop(
            "DPHP kelurahan ini sudah ditetapkan dalam pleno PPS; daftar terkunci sampai KPU "
            "menetapkan DPS, lalu perbaikan masuk DPSHP."), jenis=Jenis.KONFLIK)
    return None
