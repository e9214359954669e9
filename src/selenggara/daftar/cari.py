"""Where a NIK is registered: the lookup behind cek DPT (``/cek-dpt/`` and its JSON twin).

The answer comes from the list KPU set last (the DPT once it is set, the DPS before), never
from the register being edited: the public checks the published list. A DPTb move
(:class:`~selenggara.daftar.models.PindahMemilih`) is laid over it, so a voter who moved sees
the TPS they will vote at.

What the answer holds is what a stranger who typed somebody's NIK may learn: the name partly
masked (``rules.nik.mask_nama``), the last four digits of the NIK (``mask_nik_tail``, never the
region-prefix mask of the DPS pages: the two together would reveal ten digits), the TPS, its
address, kelurahan and kecamatan. Never the birth date, the NKK or the address of the voter.

Cost: one indexed read of the list header, one of ``BarisDaftar (daftar, nik)`` with its TPS and
areas joined by primary key, and, when found, one of the DPTb table by its unique
``(pemilihan, pemilih)``: flat in the size of the list.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from selenggara.pemilihan.models import Pemilihan
from selenggara.rules.nik import NIK_PANJANG, bersihkan_nik, mask_nama, mask_nik_tail

from .models import BarisDaftar, DaftarTetap, PindahMemilih, TahapPleno

# Longest input looked at: anything longer cannot be a NIK once spaces and dots are gone, and
# cleaning a megabyte of text must not cost more than cleaning a NIK.
MAKS_MASUKAN = 64


class DaftarBelumTerbit(Exception):
    """No list (DPS or DPT) has been set for the election yet."""


@dataclass(frozen=True)
class HasilCari:
    daftar: str  # "DPS" or "DPT"
    nama: str  # masked (mask_nama)
    nik: str  # mask_nik_tail: ************1234
    tps: str  # "TPS 003", "TPS 901 Lapas Kelas IIA Kediri"
    alamat_tps: str
    kelurahan: str
    kecamatan: str
    kabkota: str
    # A DPTb move: the voter votes at the destination, not at the TPS above.
    pindah: bool = False
    tps_asal: str = ""
    kelurahan_asal: str = ""
    tujuan_keterangan: str = ""  # outside this kab/kota: where they go

    def as_dict(self) -> dict:
        return asdict(self)


def nik_bersih(masukan: object) -> str:
    """What a person typed, as a NIK: spaces, dots, hyphens and a leading apostrophe removed.
    Anything else (letters, a wrong length) stays as it is and simply matches no row."""
    teks = masukan if isinstance(masukan, str) else ("" if masukan is None else str(masukan))
    return bersihkan_nik(teks[:MAKS_MASUKAN])


def daftar_terbaru(pemilihan: Pemilihan) -> DaftarTetap | None:
    """The DPT when it is set, else the DPS, else None."""
    return (DaftarTetap.objects.filter(pemilihan=pemilihan,
                                       tahap__in=[TahapPleno.DPT, TahapPleno.DPS])
            .order_by("-tahap").first())  # "DPT" > "DPS"


def cari_nik(pemilihan: Pemilihan, nik: object, *, daftar: DaftarTetap | None = None
             ) -> HasilCari | None:
    """The registration of ``nik`` in the latest set list, or None when it is not there.

    A malformed NIK (letters, 15 digits...) takes the same path as an unknown one: the same
    indexed query runs and finds nothing, so neither the answer nor its timing tells a
    malformed input from a well-formed NIK that is not listed.
    Raises :class:`DaftarBelumTerbit` before KPU has set any list.
    """
    daftar = daftar or daftar_terbaru(pemilihan)
    if daftar is None:
        raise DaftarBelumTerbit
    kunci = nik_bersih(nik)[:NIK_PANJANG + 1]
    rows = list(BarisDaftar.objects.filter(daftar=daftar, nik=kunci)
                .select_related("tps", "kelurahan", "kecamatan", "kecamatan__induk")
                .only("pemilih_id", "nik", "nama", "tps__nomor", "tps__nama", "tps__alamat",
                      "kelurahan__nama", "kecamatan__nama", "kecamatan__induk__nama")
                .order_by()[:1])
    # No ORDER BY: with one the planner may walk the (daftar, urutan) index instead of the
    # (daftar, nik) one. A NIK listed twice (a duplicate not yet struck) answers either row.
    baris = rows[0] if rows else None
    if baris is None or len(kunci) != NIK_PANJANG:
        return None
    hasil = {
        "daftar": daftar.tahap, "nama": mask_nama(baris.nama), "nik": mask_nik_tail(baris.nik),
        "tps": baris.tps.label, "alamat_tps": baris.tps.alamat,
        "kelurahan": baris.kelurahan.nama, "kecamatan": baris.kecamatan.nama,
        "kabkota": baris.kecamatan.induk.nama if baris.kecamatan.induk_id else "",
    }
    pindah = (PindahMemilih.objects.filter(pemilihan_id=daftar.pemilihan_id,
                                           pemilih_id=baris.pemilih_id)
              .select_related("tps_tujuan__kelurahan__induk__induk", "tujuan_wilayah").first())
    if pindah is not None:
        asal = {"pindah": True, "tps_asal": hasil["tps"], "kelurahan_asal": hasil["kelurahan"]}
        if pindah.tps_tujuan_id is not None:
            t = pindah.tps_tujuan
            kec = t.kelurahan.induk
            hasil.update(tps=t.label, alamat_tps=t.alamat, kelurahan=t.kelurahan.nama,
                         kecamatan=kec.nama if kec else "",
                         kabkota=kec.induk.nama if kec and kec.induk_id else "")
        else:
            hasil.update(tps="", alamat_tps="", kelurahan="", kecamatan="",
                         kabkota=pindah.tujuan_wilayah.nama,
                         tujuan_keterangan=pindah.tujuan_keterangan)
        hasil.update(asal)
    return HasilCari(**hasil)
