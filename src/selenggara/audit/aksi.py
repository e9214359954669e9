"""Every action the audit log can record, declared once (Zulip's typed ``RealmAuditLog``).

A service passes one of these to ``Appender.add`` / ``record``; a free string is refused, so a
typo cannot create a new kind of record that no report knows about. Values are the strings kept
in ``AuditRecord.aksi``: ``<area>.<verb>``. Add new actions here, grouped by the app that writes
them.
"""

from enum import StrEnum

from django.utils.translation import gettext_lazy as _


class AksiAudit(StrEnum):
    # Django admin (KPU staff)
    ADMIN_TAMBAH = "admin.tambah"
    ADMIN_UBAH = "admin.ubah"
    ADMIN_HAPUS = "admin.hapus"

    # areas and the demo
    WILAYAH_IMPORT = "wilayah.import"
    DEMO_MUAT = "demo.muat"

    # the voter register: a bulk load (DP4 / A-Daftar), one record per batch with the
    # fingerprints of the rows it inserted (pemilih.services.muat_massal)
    PEMILIH_MUAT = "pemilih.muat"

    # --- voter-list import (pemilih.impor) -----------------------------------------------
    # one record per applied import file (counts and the file's SHA-256, never a NIK); one
    # per voter whose data an import changed (through PenulisPemilih)
    PEMILIH_IMPOR = "pemilih.impor"
    PEMILIH_IMPOR_UBAH = "pemilih.impor_ubah"
    # --- end voter-list import -----------------------------------------------------------

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
    COKLIT_FOTO_KEDALUWARSA = "coklit.foto_kedaluwarsa"
    COKLIT_CEK_NIK = "coklit.cek_nik"
    COKLIT_KERTAS = "coklit.kertas"
    # the coklit plan KPU sets for its election (coklit.rencana)
    COKLIT_RENCANA = "coklit.rencana"

    # PPS evaluation of coklit
    PPS_SETUJUI = "pps.setujui"
    PPS_KOREKSI = "pps.koreksi"
    PPS_KEMBALIKAN = "pps.kembalikan"
    PPS_PUTUS_KONFLIK = "pps.putus_konflik"

    # the list stages (daftar): a plenary (and, at KPU, the list it set); a public response
    # and the PPS decision on it; a DPTb move; a DPK voter recorded on polling day
    DAFTAR_PLENO = "daftar.pleno"
    DAFTAR_TANGGAPAN = "daftar.tanggapan"
    DAFTAR_TANGGAPAN_PUTUS = "daftar.tanggapan_putus"
    DAFTAR_PINDAH_MEMILIH = "daftar.pindah_memilih"
    DAFTAR_DPK = "daftar.dpk"
    # a voter added, struck out or moved by PPS/KPU outside coklit and the public responses
    # (the final check before the DPHP, lokasi khusus registrations, fixes before the DPSHP)
    DAFTAR_PERBAIKAN = "daftar.perbaikan"

    # duplicate detection (ganda): a search run finished (counts, never a NIK); a decision on
    # a pair (the strike of the duplicate with TMS 2 is this action too); a decided pair
    # reopened because one of its records changed; a field officer's note on a pair
    GANDA_CARI = "ganda.cari"
    GANDA_PUTUS = "ganda.putus"
    GANDA_BUKA = "ganda.buka"
    GANDA_LAPANGAN = "ganda.lapangan"

    # logins (web.masuk): who tried, from where (hashed), what happened
    MASUK_BERHASIL = "masuk.berhasil"
    MASUK_GAGAL = "masuk.gagal"
    MASUK_DITAHAN = "masuk.ditahan"

    # the audit log itself: an anchor written outside the database (audit.services.jangkar);
    # the old unkeyed chain re-keyed (migration 0002); a register baseline (audit sidik-awal)
    AUDIT_JANGKAR = "audit.jangkar"
    AUDIT_KUNCI_ULANG = "audit.kunci_ulang"
    AUDIT_SIDIK_AWAL = "audit.sidik_awal"

    # officer accounts (Pantarlih, managed by PPS)
    PPS_PANTARLIH_BUAT = "pps.pantarlih_buat"
    PPS_PANTARLIH_BUAT_AKUN = "pps.pantarlih_buat_akun"
    PPS_PANTARLIH_SANDI = "pps.pantarlih_sandi"
    PPS_PANTARLIH_AKTIF = "pps.pantarlih_aktif"
    PPS_PANTARLIH_NONAKTIF = "pps.pantarlih_nonaktif"

    @property
    def label(self) -> str:
        return str(LABEL.get(self, self.value))

    @classmethod
    def coklit(cls, aksi: str) -> "AksiAudit":
        """The record of an applied coklit change of kind ``aksi`` (SESUAI, UBAH, TMS...)."""
        return cls(f"coklit.{aksi.lower()}")


# What a reader of a history sees (the voter page, reports); codes without a label show as is.
LABEL = {
    AksiAudit.ADMIN_TAMBAH: _("ditambah oleh staf KPU"),
    AksiAudit.ADMIN_UBAH: _("diubah oleh staf KPU"),
    AksiAudit.ADMIN_HAPUS: _("dihapus oleh staf KPU"),
    AksiAudit.PEMILIH_IMPOR_UBAH: _("diubah lewat impor daftar pemilih"),  # impor
    AksiAudit.COKLIT_SESUAI: _("coklit: sesuai"),
    AksiAudit.COKLIT_UBAH: _("coklit: ubah data"),
    AksiAudit.COKLIT_TMS: _("coklit: tidak memenuhi syarat"),
    AksiAudit.COKLIT_BARU: _("coklit: pemilih baru"),
    AksiAudit.COKLIT_KONFLIK: _("coklit: konflik, menunggu PPS"),
    AksiAudit.COKLIT_TOLAK: _("coklit: perubahan ditolak"),
    AksiAudit.COKLIT_RENCANA: _("rencana coklit diubah oleh KPU"),
    AksiAudit.PPS_SETUJUI: _("PPS: disetujui"),
    AksiAudit.PPS_KOREKSI: _("PPS: dikoreksi"),
    AksiAudit.PPS_KEMBALIKAN: _("PPS: dikembalikan ke Pantarlih"),
    AksiAudit.PPS_PUTUS_KONFLIK: _("PPS: konflik diputuskan"),
    AksiAudit.DAFTAR_PLENO: _("rapat pleno daftar pemilih"),
    AksiAudit.DAFTAR_TANGGAPAN: _("tanggapan masyarakat diterima"),
    AksiAudit.DAFTAR_TANGGAPAN_PUTUS: _("PPS: tanggapan masyarakat diputuskan"),
    AksiAudit.DAFTAR_PINDAH_MEMILIH: _("pindah memilih (DPTb)"),
    AksiAudit.DAFTAR_DPK: _("pemilih DPK dicatat"),
    AksiAudit.DAFTAR_PERBAIKAN: _("daftar diperbaiki oleh PPS/KPU"),
    AksiAudit.GANDA_CARI: _("pencarian data ganda"),
    AksiAudit.GANDA_PUTUS: _("keputusan data ganda"),
    AksiAudit.GANDA_BUKA: _("pasangan ganda dibuka lagi (data berubah)"),
    AksiAudit.GANDA_LAPANGAN: _("catatan cek lapangan data ganda"),
}
