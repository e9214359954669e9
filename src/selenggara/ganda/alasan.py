"""The reviewer's wording of a pair's reasons.

A pair stores its reasons as data (``[{"kolom", "tingkat", "bobot"}]``: the comparison, the
level code of ``ganda.model`` and the match weight it contributed); this module turns them
into sentences in the reviewer's language, for the page, the CSV and the spreadsheet, so the
wording can change (or be translated) without re-running a search.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

TINGKAT = {
    "nik:sama": gettext_lazy("NIK sama"),
    "nik:salah_ketik": gettext_lazy(
        "NIK beda satu-dua angka dan tidak cocok dengan tanggal lahirnya (salah ketik); "
        "tanggal lahir sama"),
    "nik:urut": gettext_lazy("tanggal lahir sama; NIK beda satu-dua angka (wilayah atau nomor "
                             "urut)"),
    "nik:beda1_tgl": gettext_lazy("NIK beda satu angka; tanggal lahir berbeda"),
    "nama:sama": gettext_lazy("nama sama (setelah gelar dan ejaan lama diseragamkan)"),
    "nama:rapat": gettext_lazy("nama sama bila spasi diabaikan"),
    "nama:fonetik": gettext_lazy("nama berbunyi sama (kunci fonetik)"),
    "nama:mirip": gettext_lazy("nama sangat mirip"),
    "nama:agak": gettext_lazy("nama agak mirip"),
    "nama:beda": gettext_lazy("nama berbeda"),
    "tgl:sama": gettext_lazy("tanggal lahir sama"),
    "tgl:tertukar": gettext_lazy("tanggal dan bulan lahir tertukar"),
    "tgl:satu_angka": gettext_lazy("tanggal lahir beda satu angka"),
    "tgl:tahun": gettext_lazy("tahun lahir sama"),
    "tgl:beda": gettext_lazy("tanggal lahir berbeda"),
    "jk:sama": gettext_lazy("jenis kelamin sama"),
    "jk:beda": gettext_lazy("jenis kelamin berbeda"),
    "tempat:sama": gettext_lazy("tempat lahir sama"),
    "tempat:mirip": gettext_lazy("tempat lahir ditulis berbeda tetapi mirip"),
    "tempat:beda": gettext_lazy("tempat lahir berbeda"),
    "nkk:sama": gettext_lazy("satu Kartu Keluarga (NKK sama)"),
    "nkk:beda": gettext_lazy("Kartu Keluarga berbeda"),
    "alamat:rt": gettext_lazy("RT/RW sama, Kartu Keluarga berbeda"),
    "alamat:kelurahan": gettext_lazy("kelurahan sama, RT berbeda"),
    "alamat:kecamatan": gettext_lazy("kecamatan sama, kelurahan berbeda"),
    "alamat:beda": gettext_lazy("kecamatan berbeda"),
    "pasti:nik_sama": gettext_lazy("NIK sama (pasti ganda)"),
    "pasti:kk_nama_tgl": gettext_lazy("NKK, nama dan tanggal lahir sama (pasti ganda)"),
}


def kalimat(alasan: list[dict], *, semua: bool = False) -> list[str]:
    """The reasons as phrases, strongest evidence first. By default only the fields that
    count for the match (positive weight) or are exact; ``semua`` lists the ones against
    too."""
    def bobot(a):
        return a.get("bobot") if a.get("bobot") is not None else 99.0

    out = []
    for a in sorted(alasan, key=bobot, reverse=True):
        t = a.get("tingkat", "")
        if not t or t.endswith(":kosong"):
            continue
        if not semua and a.get("bobot") is not None and a["bobot"] <= 0:
            continue
        out.append(str(TINGKAT.get(t, t)))
    return out


def ringkas(alasan: list[dict]) -> str:
    """One line for a table cell or a CSV column."""
    return "; ".join(kalimat(alasan)) or _("tidak ada kecocokan yang menonjol")
