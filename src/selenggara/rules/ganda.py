"""Duplicate voters (TMS 2, "ganda"): the parts of duplicate detection that are rules, not
statistics.

The probabilistic model (Splink, in ``selenggara.ganda``) estimates how likely two records are
the same person; what counts as certain, which record a "same person" decision keeps and what a
reviewer is shown to differ are decisions of the commission, kept here as plain functions so
the CLI, the review page, the simulation and the tests apply one definition.

- **Exact cases** (:func:`kunci_pasti`): the same NIK twice, or the same NKK + name + birth
  date (a household typed in twice with one NIK mistyped). They are always reported, with
  probability 1, whatever the model says: a NIK is meant to be unique, and Bawaslu asks about
  these first.
- **Which record stays** (:func:`dipertahankan`): PKPU 7/2024 lists a voter at the TPS of their
  domicile, so the record whose TPS serves its own address (its RT) stays; between two that
  both (or neither) do, the one with an electronic KTP, then the older record.
- **What differs** (:func:`beda`): the Model A fields the review page highlights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .nama import bersihkan

# The jenis of a pair: why it is in the queue.
NIK_SAMA = "NIK_SAMA"
KK_NAMA_TGL = "KK_NAMA_TGL"
PROBABILISTIK = "PROBABILISTIK"
JENIS = (NIK_SAMA, KK_NAMA_TGL, PROBABILISTIK)

# The fields a reviewer compares side by side (Model A order).
KOLOM_BANDING = ("nik", "nkk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
                 "status_kawin", "alamat", "rt", "rw", "tps", "kelurahan")

# The model's threshold: a pair at or above it goes to the review queue.
AMBANG_BAWAAN = 0.9


def nik_sesuai(nik: str | None, tanggal_lahir, jenis_kelamin: str | None) -> bool:
    """Does a NIK's birth part (digits 7-12: day, +40 for women, month, year) agree with the
    record's own birth date and sex? A NIK that does not was typed wrong (or the date was):
    the evidence that tells a mistyped NIK from a neighbour born the same day, whose NIK
    differs from it by one digit of the serial too (NIK = region, birth date, serial)."""
    if not nik or len(nik) != 16 or not nik.isdigit() or not hasattr(tanggal_lahir, "day"):
        return False
    hari = tanggal_lahir.day + (40 if jenis_kelamin == "P" else 0)
    return nik[6:12] == f"{hari:02d}{tanggal_lahir.month:02d}{tanggal_lahir.year % 100:02d}"


def pasangan(a: int, b: int) -> tuple[int, int]:
    """A pair of voter ids in its one order (the smaller first): a decision is remembered per
    pair, whichever record a run happened to see first."""
    if a == b:
        raise ValueError("a record is not a duplicate of itself")
    return (a, b) if a < b else (b, a)


def kunci_pasti(rekam: Mapping) -> list[tuple]:
    """The keys under which two records are certainly duplicates: ``("NIK_SAMA", nik)`` and
    ``("KK_NAMA_TGL", nkk, name, birth date)`` with the name in its comparable form."""
    keys: list[tuple] = []
    nik = (rekam.get("nik") or "").strip()
    if nik:
        keys.append((NIK_SAMA, nik))
    nkk = (rekam.get("nkk") or "").strip()
    nama = bersihkan(rekam.get("nama") or "")
    tgl = rekam.get("tanggal_lahir")
    if nkk and nama and tgl:
        keys.append((KK_NAMA_TGL, nkk, nama, str(tgl)))
    return keys


def jenis_pasti(a: Mapping, b: Mapping) -> str | None:
    """``NIK_SAMA`` / ``KK_NAMA_TGL`` when the two records share an exact key, else None."""
    ka = {k for k in kunci_pasti(a)}
    for k in kunci_pasti(b):
        if k in ka:
            return k[0]
    return None


@dataclass(frozen=True)
class Calon:
    """What :func:`dipertahankan` needs of one record of a pair."""

    id: int
    tps_sesuai_alamat: bool
    """Its TPS is the one that serves its RT (most of that RT's voters are listed there)."""
    ktp_el: bool = False
    sumber_dp4: bool = True


def dipertahankan(a: Calon, b: Calon) -> int:
    """The id of the record a "same person" decision keeps; the other is struck with TMS 2."""
    def kunci(c: Calon) -> tuple:
        # Higher is better; the lower id (the older record) breaks the last tie.
        return (c.tps_sesuai_alamat, c.ktp_el, c.sumber_dp4, -c.id)

    return a.id if kunci(a) >= kunci(b) else b.id


def tps_alamat(anggota_rt: Mapping[int, int]) -> int | None:
    """The TPS that serves an RT: the one holding most of its voters (``{tps_id: voters}``);
    ties go to the lower TPS id so the answer is stable."""
    if not anggota_rt:
        return None
    return max(anggota_rt.items(), key=lambda kv: (kv[1], -kv[0]))[0]


def beda(a: Mapping, b: Mapping, kolom=KOLOM_BANDING) -> set[str]:
    """The fields whose values differ between two records (as shown, after trimming)."""
    def teks(v) -> str:
        return "" if v is None else str(v).strip().upper()

    return {k for k in kolom if teks(a.get(k)) != teks(b.get(k))}
