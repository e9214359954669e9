"""Every action the audit log can record, declared once (Zulip's typed ``RealmAuditLog``).

A service passes one of these to ``Appender.add`` / ``record``; a free string is refused, so a
typo cannot create a new kind of record that no report knows about. Values are the strings kept
in ``AuditRecord.aksi``: ``<area>.<verb>``. Add new actions here, grouped by the app that writes
them.
"""

from enum import StrEnum


class AksiAudit(StrEnum):
    # Django admin (KPU staff)
    ADMIN_TAMBAH = "admin.tambah"
    ADMIN_UBAH = "admin.ubah"
    ADMIN_HAPUS = "admin.hapus"

    # areas and the demo
    WILAYAH_IMPORT = "wilayah.import"
    DEMO_MUAT = "demo.muat"

    # e-coklit sync (a Pantarlih's phone)
    COKLIT_SESUAI = "coklit.sesuai"
    COKLIT_UBAH = "coklit.ubah"
    COKLIT_TMS = "coklit.tms"
    COKLIT_BARU = "coklit.baru"
    COKLIT_STIKER = "coklit.stiker"
    COKLIT_KONFLIK = "coklit.konflik"
    COKLIT_TOLAK = "coklit.tolak"
    COKLIT_FOTO_MULAI = "coklit.foto_mulai"
    COKLIT_FOTO_SELESAI = "coklit.foto_selesai"

    # PPS evaluation of coklit
    PPS_SETUJUI = "pps.setujui"
    PPS_KOREKSI = "pps.koreksi"
    PPS_KEMBALIKAN = "pps.kembalikan"
    PPS_PUTUS_KONFLIK = "pps.putus_konflik"

    # officer accounts (Pantarlih, managed by PPS)
    PPS_PANTARLIH_BUAT = "pps.pantarlih_buat"
    PPS_PANTARLIH_BUAT_AKUN = "pps.pantarlih_buat_akun"
    PPS_PANTARLIH_SANDI = "pps.pantarlih_sandi"
    PPS_PANTARLIH_AKTIF = "pps.pantarlih_aktif"
    PPS_PANTARLIH_NONAKTIF = "pps.pantarlih_nonaktif"

    @classmethod
    def coklit(cls, aksi: str) -> "AksiAudit":
        """The record of an applied coklit change of kind ``aksi`` (SESUAI, UBAH, TMS...)."""
        return cls(f"coklit.{aksi.lower()}")
