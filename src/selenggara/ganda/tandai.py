"""New probable duplicates flagged the moment records arrive (a coklit batch, a list import,
a list-stage decision): the incoming records are scored against the list with the model of
the last finished search, and the pairs at or above its threshold join the review queue.

The candidates are what the model's blocking rules would put beside the incoming records and
the register can find by index: the same NIK, the same NKK, the same birth date, and the whole
kelurahan of each incoming record (for the name-key blocks). Scoring a few thousand records
takes well under a second, once per committed write, after the commit (``pemilih.kait``).
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.models import Q

from selenggara.audit.services import Appender
from selenggara.pemilih.models import Pemilih

from . import fitur, mesin
from .models import PasanganGanda, PencarianGanda, StatusPencarian
from .pencarian import simpan

log = logging.getLogger(__name__)
MAKS_BARU = 20_000  # more at once is a list load: a whole search is the tool for it
_SQL_ADA = (f"SELECT 1 FROM {PencarianGanda._meta.db_table} WHERE pemilihan_id = %s "
            f"AND status = %s LIMIT 1")


def model_terakhir(pemilihan_id: int) -> PencarianGanda | None:
    # Asked after every committed voter write (each e-coklit batch): most elections have no
    # finished search for most of coklit, and one plain statement says so cheaply.
    with connection.cursor() as cursor:
        cursor.execute(_SQL_ADA, [pemilihan_id, StatusPencarian.SELESAI])
        if cursor.fetchone() is None:
            return None
    return (PencarianGanda.objects.filter(pemilihan_id=pemilihan_id,
                                          status=StatusPencarian.SELESAI)
            .exclude(model={}).order_by("-selesai", "-id").first())


def tandai_rekam_baru(pemilihan_id: int, ids: list[int]) -> int:
    """Score ``ids`` against the list; returns how many pairs entered the queue."""
    if not ids or len(ids) > MAKS_BARU:
        return 0
    run = model_terakhir(pemilihan_id)
    if run is None:
        return 0
    baru = list(fitur.baca(pemilihan_id, ids=ids))
    if not baru:
        return 0
    niks = {r[1] for r in baru}
    nkks = {r[2] for r in baru}
    tgls = {r[6] for r in baru}
    kels = {r[8] for r in baru}
    calon_ids = set(Pemilih.objects.filter(pemilihan_id=pemilihan_id, tms_kode="").filter(
        Q(nik__in=niks) | Q(nkk__in=nkks) | Q(tanggal_lahir__in=tgls) | Q(kelurahan_id__in=kels)
    ).values_list("pk", flat=True))
    rows = list(fitur.baca(pemilihan_id, ids=calon_ids | set(ids)))
    tabel = fitur.tabel(rows)
    hasil = mesin.jalankan(tabel, mesin="duckdb", model=run.model, ambang=run.ambang,
                           hitung_dibandingkan=False)
    masuk = set(ids)
    pasangan = [p for p in hasil.pasangan if p.a in masuk or p.b in masuk]
    versi = {r[0]: r[12] for r in rows}
    kel = {r[0]: r[8] for r in rows}
    with transaction.atomic():
        appender = Appender()
        n = simpan(run, pasangan, versi, kel, appender=appender, hanya_rekam=masuk)
        appender.flush()
    if n:
        log.info("ganda: %s new probable duplicate pair(s) for %s incoming record(s)", n,
                 len(ids))
    return n


def nilai_ulang(x) -> None:
    """Score a pair again after one of its records changed (a decision on stale versions was
    refused): its probability and reasons as the records are now, the pair dropped if one was
    struck or they no longer match. A pair still standing carries the current versions."""
    ids = [x.pemilih_a_id, x.pemilih_b_id]
    tandai_rekam_baru(x.pemilihan_id, ids)
    versi = dict(Pemilih.objects.filter(pk__in=ids).values_list("pk", "versi"))
    PasanganGanda.objects.filter(pk=x.pk).update(versi_a=versi.get(ids[0], x.versi_a),
                                                 versi_b=versi.get(ids[1], x.versi_b))
