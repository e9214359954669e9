"""``cek-nik``: is this NIK already on the list anywhere in the kab/kota?

A Pantarlih asks when recording a new voter, so a newcomer can be told from a duplicate. Each
answer says where a NIK is listed and a masked name, so the lookup is an oracle for who is a
registered voter: it is limited per account and per client address (``web.batas``, shared by
every server process), and every lookup is audited (who, found or not, and only the first 6
digits of the NIK: the region, never the person).

The limits are far above the real job: a TPS gains a few dozen new voters over the whole
coklit, and each is checked once or twice.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from selenggara.audit import record
from selenggara.audit.aksi import AksiAudit
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.rules.problem import gettext_noop
from selenggara.web import batas

from .sync import nik_terdaftar

POLA_NIK = re.compile(r"[0-9]{16}")
JAM, HARI = 3600, 86400
MAKS_AKUN_JAM = 30
MAKS_AKUN_HARI = 100
MAKS_ALAMAT_JAM = 300  # one address may be a carrier's NAT shared by many phones


def _batas(user, alamat: str) -> list[tuple[str, int, str, batas.Hasil]]:
    akun = str(user.pk)
    return [
        ("akun", MAKS_AKUN_JAM, _("per jam"),
         batas.hitung(batas.kunci("cek-nik-akun-jam", akun), n=MAKS_AKUN_JAM, detik=JAM)),
        ("akun", MAKS_AKUN_HARI, _("per hari"),
         batas.hitung(batas.kunci("cek-nik-akun-hari", akun), n=MAKS_AKUN_HARI, detik=HARI)),
        ("alamat", MAKS_ALAMAT_JAM, _("per jam"),
         batas.hitung(batas.kunci("cek-nik-alamat", alamat or "-"), n=MAKS_ALAMAT_JAM,
                      detik=JAM)),
    ]


def periksa(petugas, user, nik: str, *, alamat: str) -> Pemilih | None:
    """The eligible voter of the officer's election listed with ``nik``, or None.

    Counted before the lookup and outside any transaction, so a refused request holds no lock
    and a failed one still counts."""
    if not isinstance(nik, str) or not POLA_NIK.fullmatch(nik):
        raise ServiceError.satu("nik", "nik_bentuk", gettext_noop("NIK harus 16 digit angka 0-9."))
    hasil = _batas(user, alamat)
    ditolak = [(siapa, n, per, h) for siapa, n, per, h in hasil if not h.boleh]
    if ditolak:
        siapa, n, per, h = max(ditolak, key=lambda x: x[3].sisa_detik)
        if any(x[3].jumlah == x[1] + 1 for x in ditolak):
            # The first refusal of a window is recorded; the flood after it is not.
            record(AksiAudit.COKLIT_CEK_NIK, user=user, objek_tipe="pemilih.pemilih",
                   sesudah={"nik_awal": nik[:6], "ditahan": siapa, "jumlah": h.jumlah})
        dari = _("akun ini") if siapa == "akun" else _("alamat jaringan ini")
        exc = ServiceError.keadaan(
            _("Terlalu banyak pemeriksaan NIK dari %(dari)s (paling banyak %(n)s %(per)s). "
              "Coba lagi dalam %(menit)s menit; sementara itu catat pemilih baru seperti biasa, "
              "server memeriksa NIK-nya saat sinkronisasi.")
            % {"dari": dari, "n": n, "per": per, "menit": h.sisa_menit},
            jenis=Jenis.TERLALU_BANYAK, code="cek_nik_batas")
        exc.coba_lagi_detik = h.sisa_detik
        raise exc
    found = nik_terdaftar(nik, petugas.pemilihan_id)
    record(AksiAudit.COKLIT_CEK_NIK, user=user, objek_tipe="pemilih.pemilih",
           objek_id=found.pk if found is not None else "",
           sesudah={"nik_awal": nik[:6], "terdaftar": found is not None})
    return found
