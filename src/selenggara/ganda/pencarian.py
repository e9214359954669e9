"""A duplicate search: start it (one at a time), run it, store what it found with memory.

- :func:`mulai` records a run for an election and an area (the kab/kota by default). A second
  run while one is queued or running is refused with the first one's progress (``KONFLIK``);
  the database's partial unique constraint makes that true between processes too. A run whose
  worker died (no progress for :data:`BASI` minutes) no longer blocks.
- :func:`jalankan` reads the area's eligible voters (``ganda.fitur``), trains and applies the
  model (``ganda.mesin``) and stores the pairs (:func:`simpan`), reporting its progress on the
  run's row as it goes (the KPU page polls it).
- :func:`simpan` is the memory: a pair decided before is not asked again while both records
  are as they were when it was decided; if one changed since, the pair is reopened (audited).
  Pending pairs that the new run no longer finds leave the queue.
"""

from __future__ import annotations

import logging
import resource
import threading
from datetime import timedelta

from django.db import IntegrityError, close_old_connections, transaction
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.rules import ganda as aturan
from selenggara.web import jam
from selenggara.wilayah.models import Wilayah

from . import fitur, mesin
from .models import PasanganGanda, PencarianGanda, StatusPasangan, StatusPencarian

log = logging.getLogger(__name__)
BASI = 15  # minutes without progress after which a run counts as dead
SEED = 2024


def berjalan(pemilihan_id: int) -> PencarianGanda | None:
    return (PencarianGanda.objects.filter(
        pemilihan_id=pemilihan_id, status__in=[StatusPencarian.ANTRE, StatusPencarian.BERJALAN])
        .order_by("-dimulai").first())


def _matikan_basi(pemilihan_id: int) -> None:
    """A run whose worker died holds the one-at-a-time slot forever otherwise."""
    batas = jam.sekarang() - timedelta(minutes=BASI)
    for p in PencarianGanda.objects.filter(pemilihan_id=pemilihan_id,
                                           status__in=["ANTRE", "BERJALAN"]):
        if (p.selesai or p.dimulai) < batas:
            PencarianGanda.objects.filter(pk=p.pk).update(
                status=StatusPencarian.GAGAL, galat="Proses berhenti tanpa kabar (dianggap mati).")


def mulai(user, pemilihan, *, wilayah: Wilayah | None = None, mesin_: str = "duckdb",
          ambang: float = aturan.AMBANG_BAWAAN) -> PencarianGanda:
    if mesin_ not in mesin.MESIN:
        raise ServiceError.satu("mesin", "mesin_ganda", "Mesin %(mesin)s tidak dikenal; pilih "
                                "duckdb atau spark.", mesin=mesin_)
    if not 0.5 <= ambang < 1:
        raise ServiceError.satu("ambang", "ambang_ganda", "Ambang probabilitas harus antara "
                                "0,5 dan 1 (misalnya 0,9).")
    wilayah = wilayah or pemilihan.wilayah
    akar = pemilihan.wilayah
    if not (wilayah.kode == akar.kode or wilayah.kode.startswith(akar.kode + ".")):
        raise ServiceError.satu("wilayah", "wilayah_ganda", "Wilayah %(kode)s tidak termasuk "
                                "%(akar)s.", kode=wilayah.kode, akar=akar.nama)
    _matikan_basi(pemilihan.pk)
    try:
        with transaction.atomic():
            appender = Appender()
            lain = berjalan(pemilihan.pk)
            if lain is not None:
                raise _sedang_berjalan(lain)
            p = PencarianGanda.objects.create(
                pemilihan=pemilihan, wilayah=wilayah, mesin=mesin_, ambang=ambang,
                dimulai=appender.waktu, oleh=user if getattr(user, "pk", None) else None,
                langkah=_("Menunggu giliran"))
            appender.add(AksiAudit.GANDA_CARI, user=user, objek=p, sesudah={
                "status": p.status, "wilayah": wilayah.kode, "mesin": mesin_})
            appender.flush()
    except IntegrityError:
        lain = berjalan(pemilihan.pk)
        raise _sedang_berjalan(lain) from None
    return p


def _sedang_berjalan(lain: PencarianGanda | None) -> ServiceError:
    if lain is None:
        return ServiceError.keadaan(_("Pencarian data ganda lain sedang berjalan. Tunggu sampai "
                                      "selesai, lalu coba lagi."), code="ganda_berjalan")
    return ServiceError.keadaan(
        _("Pencarian data ganda #%(id)s sedang berjalan (%(progres)s%%: %(langkah)s). Tunggu "
          "sampai selesai, lalu lihat hasilnya.")
        % {"id": lain.pk, "progres": lain.progres, "langkah": lain.langkah},
        code="ganda_berjalan", jenis=Jenis.KONFLIK)


def _kabar(p: PencarianGanda, langkah: str, persen: int) -> None:
    """Progress for the page that polls it: its own tiny write, outside the run's work."""
    p.langkah, p.progres = langkah, persen
    PencarianGanda.objects.filter(pk=p.pk).update(langkah=langkah, progres=persen,
                                                  selesai=jam.sekarang())


_LANGKAH = {"prior": "Memperkirakan peluang dasar", "u": "Memperkirakan u (sampel acak)",
            "em": "Melatih model (EM)", "prediksi": "Membandingkan pasangan calon"}


def jalankan(pencarian: PencarianGanda | int) -> PencarianGanda:
    """Do the run (in the caller's thread). Any failure marks the run GAGAL with the reason."""
    p = PencarianGanda.objects.select_related("wilayah", "pemilihan").get(
        pk=getattr(pencarian, "pk", pencarian))
    if p.status != StatusPencarian.ANTRE:
        raise ServiceError.keadaan(_("Pencarian #%(id)s sudah %(status)s.")
                                   % {"id": p.pk, "status": p.get_status_display()})
    PencarianGanda.objects.filter(pk=p.pk).update(status=StatusPencarian.BERJALAN)
    p.status = StatusPencarian.BERJALAN
    try:
        _kabar(p, _("Membaca daftar pemilih"), 5)
        rows = fitur.baca(p.pemilihan_id, wilayah=None if p.wilayah.tingkat <= 2 else p.wilayah)
        tabel = fitur.tabel(rows)
        _kabar(p, _("Menyiapkan %(n)s rekam") % {"n": f"{tabel.num_rows:,}".replace(",", ".")},
               20)
        hasil = mesin.jalankan(tabel, mesin=p.mesin, seed=SEED, ambang=p.ambang,
                               langkah=lambda k, persen: _kabar(p, _(_LANGKAH.get(k, k)), persen))
        _kabar(p, _("Menyimpan pasangan"), 90)
        versi = dict(zip(tabel.column("unique_id").to_pylist(),
                         tabel.column("versi").to_pylist(), strict=True))
        kel = dict(zip(tabel.column("unique_id").to_pylist(),
                       tabel.column("kel").to_pylist(), strict=True))
        with transaction.atomic():
            appender = Appender()
            baru = simpan(p, hasil.pasangan, versi, kel, appender=appender)
            p.status, p.progres, p.langkah = StatusPencarian.SELESAI, 100, _("Selesai")
            p.jumlah_rekam, p.jumlah_dibandingkan = tabel.num_rows, hasil.dibandingkan
            p.jumlah_ditemukan, p.jumlah_baru = len(hasil.pasangan), baru
            p.model, p.detik, p.selesai = hasil.model, round(hasil.detik, 2), appender.waktu
            p.memori_mb = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
            p.save()
            appender.add(AksiAudit.GANDA_CARI, user=p.oleh, objek=p, sesudah={
                "status": p.status, "rekam": p.jumlah_rekam, "dibandingkan": p.jumlah_dibandingkan,
                "ditemukan": p.jumlah_ditemukan, "baru": baru, "detik": p.detik})
            appender.flush()
    except Exception as e:
        log.exception("duplicate search %s failed", p.pk)
        PencarianGanda.objects.filter(pk=p.pk).update(
            status=StatusPencarian.GAGAL, galat=str(e)[:2000], selesai=jam.sekarang())
        p.status, p.galat = StatusPencarian.GAGAL, str(e)[:2000]
        raise
    return p


def jalankan_di_latar(p: PencarianGanda) -> threading.Thread:
    """The KPU page's background job: the run in a thread of the web process, so the page
    answers at once and polls the run's progress. (A worker that dies leaves the run to
    :func:`_matikan_basi`.)"""
    def kerja():
        close_old_connections()
        try:
            jalankan(p.pk)
        except Exception:  # recorded on the run as GAGAL
            pass
        finally:
            close_old_connections()

    t = threading.Thread(target=kerja, name=f"ganda-{p.pk}", daemon=True)
    t.start()
    return t


def simpan(p: PencarianGanda, pasangan: list[mesin.Pasangan], versi: dict[int, int],
           kel: dict[int, int], *, appender: Appender, hanya_rekam: set[int] | None = None) -> int:
    """Store the pairs of a run; returns how many entered the queue (new or reopened).

    ``hanya_rekam``: a scoring of some records only (``ganda.tandai``): pending pairs that
    involve none of them are not this run's to drop."""
    ada = {(x.pemilih_a_id, x.pemilih_b_id): x for x in PasanganGanda.objects.filter(
        pemilihan_id=p.pemilihan_id)}
    waktu = appender.waktu
    dilihat: set[tuple[int, int]] = set()
    baru_obj, ubah_obj = [], []
    masuk = 0
    for ps in pasangan:
        key = (ps.a, ps.b)
        dilihat.add(key)
        va, vb = versi[ps.a], versi[ps.b]
        x = ada.get(key)
        if x is None:
            baru_obj.append(PasanganGanda(
                pemilihan_id=p.pemilihan_id, pemilih_a_id=ps.a, pemilih_b_id=ps.b,
                kelurahan_a_id=kel[ps.a], kelurahan_b_id=kel[ps.b], pencarian=p,
                jenis=ps.jenis, probabilitas=ps.probabilitas, bobot=ps.bobot, alasan=ps.alasan,
                versi_a=va, versi_b=vb, ditemukan=waktu))
            masuk += 1
            continue
        diputus = x.status not in (StatusPasangan.MENUNGGU, StatusPasangan.CEK_LAPANGAN)
        if diputus and (x.versi_a, x.versi_b) == (va, vb):
            # Decided, and neither record changed since: remembered, not asked again. The
            # run's score is kept beside the decision (the run's output lists the pair).
            x.pencarian, x.probabilitas, x.bobot, x.alasan = (
                p, ps.probabilitas, ps.bobot, ps.alasan)
            ubah_obj.append(x)
            continue
        if diputus:
            appender.add(AksiAudit.GANDA_BUKA, objek=x, sebelum={
                "status": x.status, "versi": [x.versi_a, x.versi_b]}, sesudah={
                "status": StatusPasangan.MENUNGGU, "versi": [va, vb]})
            x.status, x.diputuskan, x.diputuskan_oleh, x.dicoret = (
                StatusPasangan.MENUNGGU, None, None, None)
            masuk += 1
        x.pencarian, x.jenis, x.probabilitas, x.bobot, x.alasan = (
            p, ps.jenis, ps.probabilitas, ps.bobot, ps.alasan)
        x.versi_a, x.versi_b = va, vb
        x.kelurahan_a_id, x.kelurahan_b_id = kel[ps.a], kel[ps.b]
        ubah_obj.append(x)
    PasanganGanda.objects.bulk_create(baru_obj, batch_size=2000)
    PasanganGanda.objects.bulk_update(
        ubah_obj, ["pencarian", "jenis", "probabilitas", "bobot", "alasan", "versi_a", "versi_b",
                   "kelurahan_a", "kelurahan_b", "status", "diputuskan", "diputuskan_oleh",
                   "dicoret"], batch_size=2000)
    # Pending pairs this run no longer finds leave the queue: those it looked at (both records
    # in its table; for a scoring of some records, one of them among those) and those with a
    # record struck out since (the question is moot).
    dalam = set(versi)
    tunggu = {k: x for k, x in ada.items() if k not in dilihat
              and x.status == StatusPasangan.MENUNGGU}
    tercoret = set(Pemilih.objects.filter(
        pk__in={i for k in tunggu for i in k}).exclude(tms_kode="").values_list("pk", flat=True))
    basi = [x.pk for k, x in tunggu.items()
            if k[0] in tercoret or k[1] in tercoret
            or (k[0] in dalam and k[1] in dalam
                and (hanya_rekam is None or k[0] in hanya_rekam or k[1] in hanya_rekam))]
    if basi:
        PasanganGanda.objects.filter(pk__in=basi).delete()
    return masuk


def cari(user, pemilihan, *, wilayah: Wilayah | None = None, mesin_: str = "duckdb",
         ambang: float = aturan.AMBANG_BAWAAN) -> PencarianGanda:
    """Start and run in this thread (the CLI, the simulation)."""
    if not Pemilih.objects.filter(pemilihan=pemilihan, tms_kode="").exists():
        raise ServiceError.keadaan(_("Daftar pemilih %(nama)s kosong: muat atau impor daftar "
                                     "pemilih dulu, lalu cari data ganda.")
                                   % {"nama": pemilihan.wilayah.nama}, jenis=Jenis.TIDAK_VALID,
                                   code="daftar_kosong")
    p = mulai(user, pemilihan, wilayah=wilayah, mesin_=mesin_, ambang=ambang)
    return jalankan(p)
