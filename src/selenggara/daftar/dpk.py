"""DPK (daftar pemilih khusus): a resident with a KTP-el of the area who is on no list, recorded
by the KPPS of the TPS where they vote, on polling day between 12:00 and 13:00.

:func:`catat` is the one write. The person is checked against every list of the election,
in this order, and refused with where they are listed (the TPS's label, never the NIK):

1. already a DPK voter (at any TPS);
2. moved by DPTb (they vote at the destination on their A-Surat Pindah Memilih);
3. on the DPT;
4. an eligible voter in the register (added after the DPT: e.g. by a response accepted late).

A register row marked TMS is not a listing: such a person (struck out as moved away, say, but
still living here with a KTP-el of the area) is exactly who the DPK is for. Without the
marital status on the form the age rule is not checked here (a married person under 17 may
vote); KPPS checks the KTP-el in hand.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import get_scope
from selenggara.rules import daftar as aturan
from selenggara.rules.nik import validate_nik
from selenggara.rules.pemilih import baca_tanggal, clean_fields
from selenggara.rules.problem import gettext_noop
from selenggara.web import jam
from selenggara.wilayah.models import TPS

from .models import BarisDaftar, PemilihKhusus, PindahMemilih


def _pemilihan(user, tps: TPS) -> Pemilihan:
    scope = get_scope(user)
    kota_id = tps.kelurahan.induk.induk_id
    if scope.semua:
        qs = Pemilihan.objects.filter(wilayah_id=kota_id)
        if scope.pemilihan_id:
            qs = qs.filter(pk=scope.pemilihan_id)
        p = qs.order_by("-tahun", "-id").first()
        if p is None:
            raise ServiceError.keadaan(_("TPS ini tidak termasuk pemilihan mana pun."),
                                       jenis=Jenis.TIDAK_DITEMUKAN, code="dpk_tanpa_pemilihan")
        return p
    if scope.peran != "KPPS":
        raise ServiceError.satu("", "dpk_bukan_kpps", gettext_noop(
            "Pemilih DPK dicatat oleh KPPS di TPS tempat ia memilih."), jenis=Jenis.DITOLAK)
    if scope.tps_id != tps.pk:
        raise ServiceError.keadaan(_("TPS tidak ditemukan di wilayah Anda."),
                                   jenis=Jenis.TIDAK_DITEMUKAN, code="dpk_tps_lain")
    return Pemilihan.objects.select_related("wilayah").get(pk=scope.pemilihan_id)




def _di(tps: TPS) -> str:
    return f"{tps.label} {tps.kelurahan.nama}"


def _sudah(pemilihan: Pemilihan, nik: str) -> ServiceError | None:
    """Where this NIK is already listed, as a refusal (None: on no list)."""
    dpk = (PemilihKhusus.objects.filter(pemilihan=pemilihan, nik=nik)
           .select_related("tps__kelurahan").first())
    if dpk is not None:
        return ServiceError.satu("nik", "dpk_sudah_dpk", gettext_noop(
            "Orang ini sudah tercatat sebagai pemilih DPK di %(di)s."), jenis=Jenis.KONFLIK,
            di=_di(dpk.tps))
    pindah = (PindahMemilih.objects.filter(pemilihan=pemilihan, pemilih__nik=nik)
              .select_related("tps_tujuan__kelurahan", "tujuan_wilayah").first())
    if pindah is not None:
        tujuan = _di(pindah.tps_tujuan) if pindah.tps_tujuan else pindah.tujuan_wilayah.nama
        return ServiceError.satu("nik", "dpk_sudah_dptb", gettext_noop(
            "Orang ini terdaftar sebagai pemilih pindahan (DPTb) dengan surat %(nomor)s; ia "
            "memilih di %(tujuan)s."), jenis=Jenis.KONFLIK, nomor=pindah.nomor_surat,
            tujuan=tujuan)
    baris = (BarisDaftar.objects.filter(daftar__pemilihan=pemilihan, daftar__tahap="DPT",
                                        nik=nik).select_related("tps__kelurahan").first())
    if baris is not None:
        return ServiceError.satu("nik", "dpk_sudah_dpt", gettext_noop(
            "Orang ini sudah terdaftar dalam DPT di %(di)s (nomor urut %(nomor)s); ia memilih "
            "di TPS itu."), jenis=Jenis.KONFLIK, di=_di(baris.tps), nomor=baris.nomor)
    reg = (Pemilih.objects.filter(pemilihan=pemilihan, nik=nik, tms_kode="")
           .select_related("tps__kelurahan").first())
    if reg is not None:
        return ServiceError.satu("nik", "dpk_sudah_terdaftar", gettext_noop(
            "Orang ini sudah terdaftar sebagai pemilih di %(di)s."), jenis=Jenis.KONFLIK,
            di=_di(reg.tps))
    return None


def catat(user, tps: TPS, *, nik: str, nama: str, jenis_kelamin: str, tanggal_lahir,
          alamat: str, rt: str, rw: str) -> PemilihKhusus:
    """Record a DPK voter at ``tps`` (see the module docstring)."""
    tps = TPS.objects.select_related("kelurahan__induk__induk").get(pk=tps.pk)
    pemilihan = _pemilihan(user, tps)
    sekarang = timezone.localtime(jam.sekarang())
    if sekarang.date() != pemilihan.hari_pemungutan:
        raise ServiceError.satu("waktu", "dpk_bukan_hari_h", gettext_noop(
            "Pemilih DPK hanya dicatat pada hari pemungutan suara (%(tanggal)s)."),
            jenis=Jenis.KONFLIK, tanggal=pemilihan.hari_pemungutan.strftime("%d-%m-%Y"))
    problems = aturan.periksa_jam_dpk(sekarang.hour, sekarang.minute)
    if problems:
        raise ServiceError(problems, jenis=Jenis.KONFLIK)
    nik = "" if nik is None else str(nik)
    clean, problems = clean_fields({"nama": nama, "jenis_kelamin": jenis_kelamin,
                                    "tanggal_lahir": tanggal_lahir, "alamat": alamat,
                                    "rt": rt, "rw": rw})
    tgl = baca_tanggal(tanggal_lahir)
    problems += [p for p in validate_nik(
        nik, tanggal_lahir=tgl, jenis_kelamin=clean.get("jenis_kelamin"),
        reference=pemilihan.hari_pemungutan) if p.is_error]
    if problems:
        raise ServiceError(problems)
    kota = pemilihan.wilayah
    if nik[:4] != kota.kode_polos:
        raise ServiceError.satu("nik", "dpk_ktp_luar", gettext_noop(
            "NIK ini diterbitkan di luar %(wilayah)s. Pemilih DPK harus memiliki KTP-el "
            "wilayah ini; pemilih dari daerah lain memilih dengan surat pindah memilih."),
            wilayah=kota.nama)
    with transaction.atomic():
        appender = Appender()
        galat = _sudah(pemilihan, nik)
        if galat is not None:
            raise galat
        dpk = PemilihKhusus.objects.create(
            pemilihan=pemilihan, tps=tps, nik=nik, nama=clean["nama"],
            jenis_kelamin=clean["jenis_kelamin"], tanggal_lahir=clean["tanggal_lahir"],
            alamat=clean["alamat"], rt=clean["rt"], rw=clean["rw"], dicatat=appender.waktu,
            oleh=user if getattr(user, "pk", None) else None)
        appender.add(AksiAudit.DAFTAR_DPK, user=user, objek=dpk, sesudah={
            "tps": tps.kode, "nik_akhir": nik[-4:], "jenis_kelamin": dpk.jenis_kelamin})
        appender.flush()
    return dpk
