"""A reviewer's decision on one probable duplicate pair, applied in one transaction.

- **Sama** (the same person): one record is struck with TMS 2 through the voter writer
  (``PenulisPemilih``: versioned, counted, audited, refused while the list is locked for a
  plenary), keeping the one :func:`rules.ganda.dipertahankan` chooses (the record whose TPS
  serves its address) unless the reviewer chose the other. The pair and the strike are one
  transaction: a strike refused leaves the pair undecided.
- **Berbeda** (different people): remembered, never asked again while both records stay as
  they are.
- **Cek lapangan**: the pair goes to the Pantarlih (during coklit) and the PPS of each
  record's TPS; what they find on the ground (:func:`catat_lapangan`) brings it back to the
  reviewers' queue with the note.

Who decides: KPU for its whole area, PPS for pairs touching its kelurahan. A PPS may strike
only a record of its own kelurahan: for a pair across two kelurahan, the other PPS or KPU
strikes the other one. A pair outside the caller's area is not found (404). A decision taken
on versions of the records that are no longer current is refused (409) and the pair is
scored again against the records as they are now, so the reviewer sees what changed.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.daftar.tanggapan import teks_polos
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import PenulisPemilih
from selenggara.petugas.scope import get_scope, get_scoped_or_404
from selenggara.rules import ganda as aturan
from selenggara.rules import kode
from selenggara.rules.problem import gettext_noop

from .models import PasanganGanda, StatusPasangan

PERAN_PUTUS = frozenset({"KPU", "PPS"})
PERAN_LAPANGAN = frozenset({"PANTARLIH", "PPS", "KPU"})
MAKS_CATATAN = 500


def _peran(user) -> str:
    scope = get_scope(user)
    return "KPU" if scope.semua else (scope.peran or "")


def calon(p: Pemilih) -> aturan.Calon:
    """What ``rules.ganda.dipertahankan`` needs of a record: does its TPS serve its RT (the
    TPS holding most of that RT's eligible voters)?"""
    per_tps = dict(Pemilih.objects.filter(
        pemilihan_id=p.pemilihan_id, kelurahan_id=p.kelurahan_id, rw=p.rw, rt=p.rt, tms_kode="")
        .order_by().values("tps_id").annotate(n=Count("id")).values_list("tps_id", "n"))
    return aturan.Calon(id=p.pk, tps_sesuai_alamat=aturan.tps_alamat(per_tps) == p.tps_id,
                        ktp_el=p.ktp_el == "S", sumber_dp4=p.sumber == "DP4")


def usulan_coret(a: Pemilih, b: Pemilih) -> int:
    """The id of the record a "same person" decision would strike by default."""
    tetap = aturan.dipertahankan(calon(a), calon(b))
    return b.pk if tetap == a.pk else a.pk


def putuskan(user, pasangan_id: int, *, keputusan: str, versi_a: int, versi_b: int,
             coret: int | None = None, catatan: str = "") -> PasanganGanda:
    """Decide one pair (see the module docstring). ``versi_a``/``versi_b``: the records'
    versions the reviewer saw; ``coret``: the record to strike for ``SAMA`` (default: the one
    the rule does not keep)."""
    if _peran(user) not in PERAN_PUTUS:
        raise ServiceError.satu("", "ganda_bukan_peran", gettext_noop(
            "Pasangan data ganda diputuskan oleh KPU atau PPS."), jenis=Jenis.DITOLAK)
    if keputusan not in (StatusPasangan.SAMA, StatusPasangan.BERBEDA,
                         StatusPasangan.CEK_LAPANGAN):
        raise ServiceError.satu("keputusan", "keputusan_ganda", gettext_noop(
            "Pilih keputusan: orang yang sama, orang berbeda, atau perlu cek lapangan."))
    catatan, masalah = teks_polos(catatan, field="catatan", maks=MAKS_CATATAN)
    if masalah:
        raise ServiceError(masalah)
    basi = False
    with transaction.atomic():
        appender = Appender()
        # of=self: the scope's joins reach nullable rows, which PostgreSQL will not lock.
        x = get_scoped_or_404(PasanganGanda.objects.select_for_update(of=("self",)), user,
                              pk=pasangan_id)
        a, b = (Pemilih.objects.select_for_update(of=("self",)).select_related("kelurahan")
                .get(pk=x.pemilih_a_id), Pemilih.objects.select_for_update(of=("self",))
                .select_related("kelurahan").get(pk=x.pemilih_b_id))
        if x.status not in (StatusPasangan.MENUNGGU, StatusPasangan.CEK_LAPANGAN):
            raise ServiceError.keadaan(
                _("Pasangan ini sudah diputuskan (%(status)s). Muat ulang antrean.")
                % {"status": x.get_status_display()}, code="ganda_sudah_diputuskan")
        if (a.versi, b.versi) != (int(versi_a), int(versi_b)) or (a.versi, b.versi) != (
                x.versi_a, x.versi_b):
            basi = True
        elif keputusan == StatusPasangan.SAMA:
            _sama(user, x, a, b, coret, catatan, appender)
        else:
            _tandai(user, x, keputusan, catatan, appender)
        if not basi:
            appender.flush()
    if basi:
        # Score the pair again as the records are now (its own transaction); the reviewer
        # decides on what is there, not on what was.
        from .tandai import nilai_ulang

        nilai_ulang(x)
        raise ServiceError.keadaan(
            _("Data salah satu pemilih berubah sejak pasangan ini ditampilkan; pasangan sudah "
              "dinilai ulang. Muat ulang halaman, periksa lagi, lalu putuskan."),
            code="ganda_versi_basi")
    return x


def _sama(user, x: PasanganGanda, a: Pemilih, b: Pemilih, coret: int | None, catatan: str,
          appender: Appender) -> None:
    if a.tms_kode or b.tms_kode:
        raise ServiceError.keadaan(_("Salah satu pemilih sudah TMS; pasangan ini tidak perlu "
                                     "diputuskan lagi."), code="ganda_sudah_tms")
    coret = int(coret) if coret not in (None, "") else usulan_coret(a, b)
    if coret not in (a.pk, b.pk):
        raise ServiceError.satu("coret", "coret_bukan_pasangan", gettext_noop(
            "Pilih salah satu dari dua pemilih pasangan ini untuk dicoret."))
    p, tetap = (a, b) if coret == a.pk else (b, a)
    scope = get_scope(user)
    if not scope.semua and scope.peran == "PPS" and p.kelurahan_id != scope.wilayah_id:
        raise ServiceError.satu("coret", "coret_luar_kelurahan", gettext_noop(
            "Pemilih yang dicoret terdaftar di kelurahan %(kelurahan)s: pencoretannya oleh PPS "
            "kelurahan itu atau KPU. Anda dapat mencoret pemilih di kelurahan Anda atau "
            "menandai perlu cek lapangan."), jenis=Jenis.DITOLAK, kelurahan=p.kelurahan.nama)
    penulis = PenulisPemilih(appender)
    penulis.ubah(p, {"tms_kode": kode.TMS_GANDA}, aksi=AksiAudit.GANDA_PUTUS, user=user,
                 catatan={"pasangan": x.pk, "dipertahankan": tetap.pk})
    penulis.flush()
    sebelum = {"status": x.status}
    x.status, x.dicoret_id = StatusPasangan.SAMA, p.pk
    x.versi_a, x.versi_b = a.versi, b.versi
    _simpan(user, x, catatan, appender, sebelum, {"dipertahankan": tetap.pk,
                                                 "dicoret": p.pk})


def _tandai(user, x: PasanganGanda, keputusan: str, catatan: str, appender: Appender) -> None:
    sebelum = {"status": x.status}
    x.status = keputusan
    _simpan(user, x, catatan, appender, sebelum, {})


def _simpan(user, x: PasanganGanda, catatan: str, appender: Appender, sebelum: dict,
            lain: dict) -> None:
    x.catatan = catatan or x.catatan
    x.diputuskan, x.diputuskan_oleh = appender.waktu, user if getattr(user, "pk", None) else None
    x.save(update_fields=["status", "dicoret", "versi_a", "versi_b", "catatan", "diputuskan",
                          "diputuskan_oleh"])
    appender.add(AksiAudit.GANDA_PUTUS, user=user, objek=x, sebelum=sebelum,
                 sesudah={"status": x.status, "pemilih": [x.pemilih_a_id, x.pemilih_b_id],
                          **lain})


def catat_lapangan(user, pasangan_id: int, *, temuan: str, catatan: str) -> PasanganGanda:
    """The Pantarlih or PPS of one record's TPS reports the field check: ``temuan`` is
    ``SAMA`` or ``BERBEDA`` as seen at the door, with a note (who they met, what documents).
    The pair goes back to the reviewers' queue with it; they decide."""
    if _peran(user) not in PERAN_LAPANGAN:
        raise ServiceError.satu("", "ganda_lapangan_peran", gettext_noop(
            "Hasil cek lapangan dicatat oleh Pantarlih atau PPS."), jenis=Jenis.DITOLAK)
    if temuan not in (StatusPasangan.SAMA, StatusPasangan.BERBEDA):
        raise ServiceError.satu("temuan", "temuan_ganda", gettext_noop(
            "Pilih hasil cek: orang yang sama atau orang berbeda."))
    catatan, masalah = teks_polos(catatan, field="catatan", maks=MAKS_CATATAN, wajib=True,
                                  minimal=5)
    if masalah:
        raise ServiceError(masalah)
    with transaction.atomic():
        appender = Appender()
        # of=self: the scope's joins reach nullable rows, which PostgreSQL will not lock.
        x = get_scoped_or_404(PasanganGanda.objects.select_for_update(of=("self",)), user,
                              pk=pasangan_id)
        if x.status != StatusPasangan.CEK_LAPANGAN:
            raise ServiceError.keadaan(_("Pasangan ini tidak (lagi) menunggu cek lapangan."),
                                       code="ganda_bukan_cek")
        label = _("orang yang sama") if temuan == StatusPasangan.SAMA else _("orang berbeda")
        x.status = StatusPasangan.MENUNGGU
        x.catatan = (_("Cek lapangan: %(temuan)s. %(catatan)s")
                     % {"temuan": label, "catatan": catatan})[:MAKS_CATATAN]
        x.save(update_fields=["status", "catatan"])
        appender.add(AksiAudit.GANDA_LAPANGAN, user=user, objek=x,
                     sebelum={"status": StatusPasangan.CEK_LAPANGAN},
                     sesudah={"status": x.status, "temuan": temuan})
        appender.flush()
    return x
