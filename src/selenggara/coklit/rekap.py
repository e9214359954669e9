"""Counters of the coklit workflow, kept by the sync and the PPS decisions.

Like ``pemilih.rekap`` (the register's counters), each writer adds its changes per TPS to the
TPS's row and to every area above it, today's and the running total, in its own transaction;
pages then read the areas they show. :func:`bangun_ulang` recounts from the change rows,
stickers and paper reports.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate

from selenggara.db import bulk_add
from selenggara.web import jam
from selenggara.wilayah.hierarki import muat_tps, rantai_tps

from .models import (
    KOLOM_REKAP_COKLIT,
    LaporanKertas,
    Perubahan,
    RekapCoklit,
    RekapCoklitHarian,
    Status,
    StikerKK,
    Tinjauan,
)

KOLOM = KOLOM_REKAP_COKLIT


class PenghitungCoklit:
    """Collects coklit counter changes per (election, TPS); :meth:`flush` writes them."""

    def __init__(self, tanggal: date | None = None):
        self.tanggal = tanggal
        self._delta: dict[tuple[int, int, date | None], dict[str, int]] = defaultdict(
            lambda: defaultdict(int))
        self._aktivitas: dict[int, list] = {}

    def tambah(self, pemilihan_id: int, tps_id: int, *, tanggal: date | None = None,
               **hitungan: int) -> None:
        """Count changes for a TPS, on the working day (or ``tanggal``: a paper report
        counts on the day it reports, as a rebuild counts it)."""
        d = self._delta[(pemilihan_id, tps_id, tanggal)]
        for k, v in hitungan.items():
            d[k] += v

    def aktif(self, petugas_id: int, tps_id: int, waktu, *, kiriman: int = 0,
              dikembalikan: int = 0) -> None:
        """A Pantarlih synced (``kiriman`` changes) or got a change back from PPS."""
        lama = self._aktivitas.get(petugas_id)
        if lama is None:
            self._aktivitas[petugas_id] = [tps_id, waktu, kiriman, dikembalikan]
        else:
            lama[1] = max(lama[1], waktu) if waktu and lama[1] else (waktu or lama[1])
            lama[2] += kiriman
            lama[3] += dikembalikan

    def flush(self) -> None:
        tanggal = self.tanggal or jam.hari_ini()
        if self._delta:
            muat_tps({tps for _p, tps, _t in self._delta})
            total: dict[tuple[int, int, int], dict[str, int]] = defaultdict(
                lambda: defaultdict(int))
            harian: dict[tuple[int, int, int, date], dict[str, int]] = defaultdict(
                lambda: defaultdict(int))
            for (pemilihan_id, tps_id, hari), delta in self._delta.items():
                for tingkat, objek in rantai_tps(tps_id):
                    t = total[(pemilihan_id, tingkat, objek)]
                    h = harian[(pemilihan_id, tingkat, objek, hari or tanggal)]
                    for k, v in delta.items():
                        t[k] += v
                        h[k] += v
            bulk_add(RekapCoklit, ("pemilihan", "tingkat", "objek_id"), KOLOM,
                     [(*key, *(d.get(k, 0) for k in KOLOM)) for key, d in total.items()
                      if any(d.values())])
            bulk_add(RekapCoklitHarian, ("pemilihan", "tingkat", "objek_id", "tanggal"), KOLOM,
                     [(*key, *(d.get(k, 0) for k in KOLOM)) for key, d in harian.items()
                      if any(d.values())])
            self._delta.clear()
        if self._aktivitas:
            _catat_aktivitas(self._aktivitas)
            self._aktivitas.clear()


def _catat_aktivitas(rows: dict[int, list]) -> None:
    qn = connection.ops.quote_name
    t = qn("coklit_aktivitaspantarlih")
    sync_time = (f"CASE WHEN excluded.terakhir_sinkron > {t}.terakhir_sinkron "
                 f"THEN excluded.terakhir_sinkron ELSE {t}.terakhir_sinkron END")
    sql = (f"INSERT INTO {t} (petugas_id, tps_id, terakhir_sinkron, kiriman, dikembalikan) "
           "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (petugas_id) DO UPDATE SET "
           f"tps_id = excluded.tps_id, terakhir_sinkron = {sync_time}, "
           f"kiriman = {t}.kiriman + excluded.kiriman, "
           f"dikembalikan = {t}.dikembalikan + excluded.dikembalikan")
    from datetime import datetime as _dt

    from django.utils import timezone

    from selenggara.db import adapt

    # A return from PPS is not a sync: it carries no time, and must not move the last sync.
    lama_sekali = timezone.make_aware(_dt(2000, 1, 1))
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(pid, tps, adapt(w or lama_sekali), k, d)
                                 for pid, (tps, w, k, d) in rows.items()])


def bangun_ulang(pemilihan_id: int, *, tanggal: date | None = None) -> int:
    """Recount the election's coklit counters from the change rows, stickers and paper
    reports, each on its own day."""
    harian: dict[tuple[int, date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KOLOM, 0))
    perubahan = (Perubahan.objects.filter(petugas__pemilihan_id=pemilihan_id)
                 .annotate(hari=TruncDate("diterima")).values("tps_id", "hari").annotate(
                     kiriman=Count("id"),
                     diterapkan=Count("id", filter=Q(status=Status.APPLIED)),
                     konflik=Count("id", filter=Q(status=Status.CONFLICT)),
                     ditolak=Count("id", filter=Q(status=Status.REJECTED)),
                     menunggu=Count("id", filter=Q(tinjauan=Tinjauan.MENUNGGU)),
                     disetujui=Count("id", filter=Q(tinjauan=Tinjauan.DISETUJUI)),
                     dikoreksi=Count("id", filter=Q(tinjauan=Tinjauan.DIKOREKSI)),
                     dikembalikan=Count("id", filter=Q(tinjauan=Tinjauan.DIKEMBALIKAN)),
                     dipertahankan=Count("id", filter=Q(tinjauan=Tinjauan.DITOLAK)))
                 .order_by())
    for r in perubahan:
        tujuan = harian[(r["tps_id"], r["hari"])]
        for k in ("kiriman", "diterapkan", "konflik", "ditolak", "menunggu", "disetujui",
                  "dikoreksi", "dikembalikan", "dipertahankan"):
            tujuan[k] += r[k]
    for r in (StikerKK.objects.filter(petugas__pemilihan_id=pemilihan_id)
              .annotate(hari=TruncDate("waktu")).values("tps_id", "hari")
              .annotate(n=Count("id")).order_by()):
        harian[(r["tps_id"], r["hari"])]["stiker"] += r["n"]
    for r in (LaporanKertas.objects.filter(petugas__pemilihan_id=pemilihan_id)
              .values("tps_id", "tanggal").annotate(n=Sum("jumlah")).order_by()):
        harian[(r["tps_id"], r["tanggal"])]["kertas"] += r["n"]
    muat_tps({tps for tps, _h in harian})
    per_hari: dict[tuple[int, int, date], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(KOLOM, 0))
    total: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KOLOM, 0))
    for (tps_id, hari), c in harian.items():
        for tingkat, objek in rantai_tps(tps_id):
            for k in KOLOM:
                per_hari[(tingkat, objek, hari or tanggal or jam.hari_ini())][k] += c[k]
                total[(tingkat, objek)][k] += c[k]
    with transaction.atomic():
        RekapCoklit.objects.filter(pemilihan_id=pemilihan_id).delete()
        RekapCoklitHarian.objects.filter(pemilihan_id=pemilihan_id).delete()
        bulk_add(RekapCoklit, ("pemilihan", "tingkat", "objek_id"), KOLOM,
                 [(pemilihan_id, t, o, *(c[k] for k in KOLOM)) for (t, o), c in total.items()])
        bulk_add(RekapCoklitHarian, ("pemilihan", "tingkat", "objek_id", "tanggal"), KOLOM,
                 [(pemilihan_id, t, o, h, *(c[k] for k in KOLOM))
                  for (t, o, h), c in per_hari.items()])
    return len(total)


def periksa(pemilihan_id: int) -> list[str]:
    """Where the kept totals differ from a recount (the property test's oracle)."""
    with transaction.atomic():
        sid = transaction.savepoint()
        simpan = {(r.tingkat, r.objek_id): {k: getattr(r, k) for k in KOLOM}
                  for r in RekapCoklit.objects.filter(pemilihan_id=pemilihan_id)}
        bangun_ulang(pemilihan_id)
        hitung = {(r.tingkat, r.objek_id): {k: getattr(r, k) for k in KOLOM}
                  for r in RekapCoklit.objects.filter(pemilihan_id=pemilihan_id)}
        transaction.savepoint_rollback(sid)
    nol = dict.fromkeys(KOLOM, 0)
    return [f"tingkat {key[0]} id {key[1]}: {simpan.get(key, nol)} != {hitung.get(key, nol)}"
            for key in sorted(set(simpan) | set(hitung))
            if simpan.get(key, nol) != hitung.get(key, nol)]
