"""The difference between two lists of an area: a set list (DPS) against a later one (DPT), or
a set list against the register now.

Three SQL queries, each a join on ``pemilih_id`` streamed a chunk at a time (no list is held
in memory): records **added** (in the later list, not in the earlier one), **removed** (in the
earlier list only, with the register's TMS code now, or ``pindah`` when the voter is still
eligible but listed in another area) and **changed** (in both, and which fields differ). A
record that moved to another area of the same list shows as removed here and added there.

:func:`selisih` is the iterator a report reads; :func:`ke_xlsx` and :func:`ke_csv` write it.
NIK and NKK are masked in the report (``rules.nik.mask_nik``): the diff is for checking what
changed, not for copying the list.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection

from selenggara.laporan.xlsx import ke_bytes
from selenggara.pemilih.models import Pemilih
from selenggara.rules import kode
from selenggara.rules.nik import mask_nik
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .models import BarisDaftar, DaftarTetap

# Fields compared (the list record without its area columns, which follow the TPS).
BANDING = ("tps_id", "nkk", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
           "status_kawin", "alamat", "rt", "rw", "disabilitas", "ktp_el")
LABEL = {"tps_id": "TPS", "nkk": "NKK", "nik": "NIK", "nama": "Nama",
         "jenis_kelamin": "Jenis kelamin", "tempat_lahir": "Tempat lahir",
         "tanggal_lahir": "Tanggal lahir", "status_kawin": "Status kawin", "alamat": "Alamat",
         "rt": "RT", "rw": "RW", "disabilitas": "Disabilitas", "ktp_el": "KTP-el"}
RAHASIA = {"nik", "nkk"}
JENIS = {"baru": "Baru", "hapus": "Dicoret", "ubah": "Diubah"}
CHUNK = 2000


@dataclass
class BarisSelisih:
    jenis: str  # baru | hapus | ubah
    pemilih_id: int
    nama: str
    nik: str  # masked
    jenis_kelamin: str
    tps: str  # the TPS label (of the later list; of the earlier one for a removed record)
    kelurahan: str
    tms_kode: str = ""  # removed: the register's code now ("pindah": listed elsewhere)
    ubah: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)

    @property
    def keterangan(self) -> str:
        if self.jenis == "hapus":
            if self.tms_kode == "pindah":
                return "Pindah ke wilayah lain"
            label = dict(kode.TMS_KODE).get(self.tms_kode)
            return f"TMS {self.tms_kode} {label}" if label else "Tidak ada di daftar"
        if self.jenis == "ubah":
            return "; ".join(f"{LABEL[f]}: {a} -> {b}" for f, a, b in self.ubah)
        return ""


def _sumber(daftar: DaftarTetap | None, pemilihan_id: int) -> tuple[str, list]:
    """A list as a SQL source with ``pemilih_id`` and the compared and area columns."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in (*BANDING, "kelurahan_id", "kecamatan_id"))
    if daftar is not None:
        return (f"(SELECT pemilih_id, urutan, {cols} FROM {qn(BarisDaftar._meta.db_table)} "
                "WHERE daftar_id = %s)", [daftar.pk])
    # The register now: its eligible voters, in the list order's first keys.
    return (f"(SELECT id AS pemilih_id, 0 AS urutan, {cols} FROM {qn(Pemilih._meta.db_table)} "
            "WHERE pemilihan_id = %s AND tms_kode = '')", [pemilihan_id])


def _area(alias: str, wilayah: Wilayah | None) -> tuple[str, list]:
    if wilayah is None or wilayah.tingkat == Tingkat.KABKOTA:
        return "1 = 1", []
    if wilayah.tingkat == Tingkat.KECAMATAN:
        return f"{alias}.kecamatan_id = %s", [wilayah.pk]
    return f"{alias}.kelurahan_id = %s", [wilayah.pk]


def _tps_label(nomor, nama) -> str:
    return f"TPS {int(nomor):03d}" + (f" {nama}" if nama else "")


def _teks(f: str, v, tps: dict) -> str:
    if v is None:
        return ""
    if f in RAHASIA:
        return mask_nik(str(v))
    if f == "tps_id":
        return tps.get(v, str(v))
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return str(v)


def _aliran(sql: str, params: list) -> Iterator[tuple]:
    with connection.chunked_cursor() as cur:
        cur.execute(sql, params)
        while True:
            rows = cur.fetchmany(CHUNK)
            if not rows:
                return
            yield from rows


def _label_tps(ids) -> dict:
    return {t.pk: _tps_label(t.nomor, t.nama) for t in TPS.objects.filter(pk__in=ids)}


def selisih(lama: DaftarTetap, baru: DaftarTetap | None = None, wilayah: Wilayah | None = None
            ) -> Iterator[BarisSelisih]:
    """Records added, removed and changed from ``lama`` to ``baru`` (None: the register now),
    within ``wilayah`` (None: the whole list), in that order, each in list order."""
    qn = connection.ops.quote_name
    pid = lama.pemilihan_id
    src_a, par_a = _sumber(lama, pid)
    src_b, par_b = _sumber(baru, pid)
    area_a, ap_a = _area("a", wilayah)
    area_b, ap_b = _area("b", wilayah)
    t_tps, t_wil, t_pem = (qn(TPS._meta.db_table), qn(Wilayah._meta.db_table),
                           qn(Pemilih._meta.db_table))
    label_tps: dict = {}

    def tps_dari(ids) -> dict:
        kurang = {i for i in ids if i not in label_tps}
        if kurang:
            label_tps.update(_label_tps(kurang))
        return label_tps

    # Added: in the later list (in the area), not in the earlier one's area part.
    sql = (f"SELECT b.pemilih_id, b.nama, b.nik, b.jenis_kelamin, t.nomor, t.nama, w.nama "
           f"FROM {src_b} b JOIN {t_tps} t ON t.id = b.tps_id "
           f"JOIN {t_wil} w ON w.id = b.kelurahan_id "
           f"WHERE {area_b} AND NOT EXISTS (SELECT 1 FROM {src_a} a "
           f"WHERE a.pemilih_id = b.pemilih_id AND {area_a}) "
           f"ORDER BY w.kode, t.nomor, b.nkk, b.nik, b.pemilih_id")
    for r in _aliran(sql, [*par_b, *ap_b, *par_a, *ap_a]):
        yield BarisSelisih("baru", r[0], r[1], mask_nik(r[2]), r[3], _tps_label(r[4], r[5]), r[6])
    # Removed: in the earlier list's area part, not in the later one's; the register's code.
    sql = (f"SELECT a.pemilih_id, a.nama, a.nik, a.jenis_kelamin, t.nomor, t.nama, w.nama, "
           f"p.tms_kode FROM {src_a} a JOIN {t_tps} t ON t.id = a.tps_id "
           f"JOIN {t_wil} w ON w.id = a.kelurahan_id "
           f"LEFT JOIN {t_pem} p ON p.id = a.pemilih_id "
           f"WHERE {area_a} AND NOT EXISTS (SELECT 1 FROM {src_b} b "
           f"WHERE b.pemilih_id = a.pemilih_id AND {area_b}) ORDER BY a.urutan")
    for r in _aliran(sql, [*par_a, *ap_a, *par_b, *ap_b]):
        kode_tms = r[7] or ("pindah" if r[7] == "" else "")
        yield BarisSelisih("hapus", r[0], r[1], mask_nik(r[2]), r[3], _tps_label(r[4], r[5]),
                           r[6], tms_kode=kode_tms)
    # Changed: in both, some compared field differs.
    beda = " OR ".join(f"a.{qn(c)} <> b.{qn(c)}" for c in BANDING)
    pilih = ", ".join(f"a.{qn(c)}, b.{qn(c)}" for c in BANDING)
    sql = (f"SELECT a.pemilih_id, b.nama, b.nik, b.jenis_kelamin, t.nomor, t.nama, w.nama, "
           f"{pilih} FROM {src_a} a JOIN {src_b} b ON b.pemilih_id = a.pemilih_id "
           f"JOIN {t_tps} t ON t.id = b.tps_id JOIN {t_wil} w ON w.id = b.kelurahan_id "
           f"WHERE {area_a} AND {area_b} AND ({beda}) ORDER BY a.urutan, a.pemilih_id")
    for r in _aliran(sql, [*par_a, *par_b, *ap_a, *ap_b]):
        nilai = r[7:]
        pasangan = [(f, nilai[2 * i], nilai[2 * i + 1]) for i, f in enumerate(BANDING)
                    if nilai[2 * i] != nilai[2 * i + 1]]
        tps = tps_dari([a for f, a, b in pasangan if f == "tps_id"]
                       + [b for f, a, b in pasangan if f == "tps_id"])
        yield BarisSelisih("ubah", r[0], r[1], mask_nik(r[2]), r[3], _tps_label(r[4], r[5]),
                           r[6], ubah=[(f, _teks(f, a, tps), _teks(f, b, tps))
                                       for f, a, b in pasangan])


def ringkas(baris) -> dict:
    """Counts per kind (and removed per TMS code), for a summary line."""
    out = {"baru": 0, "hapus": 0, "ubah": 0, "tms": {}}
    for b in baris:
        out[b.jenis] += 1
        if b.jenis == "hapus":
            out["tms"][b.tms_kode] = out["tms"].get(b.tms_kode, 0) + 1
    return out


KOLOM = ("Jenis", "Kelurahan", "TPS", "Nama", "NIK", "L/P", "Keterangan")


def _nilai(b: BarisSelisih) -> list:
    return [JENIS[b.jenis], b.kelurahan, b.tps, b.nama, b.nik, b.jenis_kelamin, b.keterangan]


def judul(lama: DaftarTetap, baru: DaftarTetap | None, wilayah: Wilayah | None) -> str:
    nama_baru = baru.tahap if baru is not None else "daftar pemilih saat ini"
    area = f" · {wilayah.nama}" if wilayah is not None else ""
    return f"Selisih {lama.tahap} dan {nama_baru}{area}"


def ke_xlsx(lama: DaftarTetap, baru: DaftarTetap | None = None,
            wilayah: Wilayah | None = None) -> bytes:
    """The diff as a workbook (write-only mode: rows go straight to the file)."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Selisih")
    tulis_aman = _penulis_ws(ws)
    tulis_aman([judul(lama, baru, wilayah)])
    tulis_aman(list(KOLOM))
    for b in selisih(lama, baru, wilayah):
        tulis_aman(_nilai(b))
    return ke_bytes(wb)


def _penulis_ws(ws):
    """``laporan.xlsx.tulis`` for a write-only sheet (no cell access after append): the same
    escaping of text that a spreadsheet would run as a formula."""
    from selenggara.laporan.xlsx import aman

    def tulis_baris(nilai):
        ws.append([aman(v) for v in nilai])

    return tulis_baris


def ke_csv(lama: DaftarTetap, baru: DaftarTetap | None = None,
           wilayah: Wilayah | None = None) -> bytes:
    from selenggara.laporan.csv import PenulisCSV

    buf = io.StringIO()
    w = PenulisCSV(buf)
    w.tulis([judul(lama, baru, wilayah)])
    w.tulis(list(KOLOM))
    for b in selisih(lama, baru, wilayah):
        w.tulis(_nilai(b))
    return buf.getvalue().encode("utf-8")


__all__ = ["BarisSelisih", "ke_csv", "ke_xlsx", "ringkas", "selisih"]
