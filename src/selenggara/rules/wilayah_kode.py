"""Kemendagri area codes (kode wilayah) and TPS ids.

Why: every voter, officer and TPS hangs off an area, and KPU systems (Sidalih, Sirekap) use
the undotted form (``3571011001``) while the Kemendagri table uses the dotted form
(``35.71.01.1001``). The importer and the forms validate codes here, once.

Levels (tingkat):

1. provinsi: ``35`` (2 digits, 11..99)
2. kabupaten/kota: ``35.71`` (2 digits; kota from 71 up)
3. kecamatan: ``35.71.01`` (2 digits)
4. kelurahan/desa: ``35.71.01.1001`` (4 digits: 1xxx kelurahan, 2xxx desa, 3xxx desa adat)

The Kemendagri table of 2024 (``data/wilayah/villages.csv``) has 8,496 kelurahan (1xxx),
75,252 desa (2xxx) and 14 desa adat (3xxx, Kabupaten Jayapura); no part is ever ``00`` /
``x000``. A TPS id (PKPU 7/2024 voter lists, Sidalih) is the undotted desa code plus a 3-digit
TPS number: ``3571011001`` + ``001`` = ``3571011001001``.
"""

from __future__ import annotations

PROVINSI = 1
KABKOTA = 2
KECAMATAN = 3
DESA = 4

_PANJANG_BAGIAN = (2, 2, 2, 4)
_PANJANG_TANPA_TITIK = {2: 1, 4: 2, 6: 3, 10: 4}
_NAMA_TINGKAT = {1: "provinsi", 2: "kabupaten/kota", 3: "kecamatan", 4: "kelurahan/desa"}

JENIS_KELURAHAN = "1"
JENIS_DESA = "2"
JENIS_DESA_ADAT = "3"
_JENIS_DESA = {
    JENIS_KELURAHAN: "kelurahan",
    JENIS_DESA: "desa",
    JENIS_DESA_ADAT: "desa adat",
}

NOMOR_TPS_MAKS = 999
_DIGIT = frozenset("0123456789")


class KodeWilayahError(ValueError):
    """A malformed area or TPS code; the message (Indonesian) says what to fix."""


def _angka(s: str) -> bool:
    return bool(s) and all(c in _DIGIT for c in s)


def _bagian(k: object) -> tuple[str, ...]:
    """Split ``k`` (dotted or undotted, surrounding spaces allowed) into checked parts."""
    if not isinstance(k, str):
        raise KodeWilayahError(
            f"Kode wilayah harus berupa teks, bukan {type(k).__name__}. "
            "Tulis kode seperti 35.71.01 atau 357101."
        )
    s = k.strip()
    if "." in s:
        parts = tuple(s.split("."))
        if len(parts) > 4 or any(
            len(p) != n or not _angka(p) for p, n in zip(parts, _PANJANG_BAGIAN, strict=False)
        ):
            raise KodeWilayahError(
                f"Kode wilayah {k!r} tidak dikenali. Gunakan bentuk 35, 35.71, 35.71.01 "
                "atau 35.71.01.1001 (angka saja, dipisah titik)."
            )
    else:
        if not _angka(s) or len(s) not in _PANJANG_TANPA_TITIK:
            raise KodeWilayahError(
                f"Kode wilayah {k!r} tidak dikenali: harus 2, 4, 6 atau 10 digit angka "
                "(mis. 3571011001) atau bentuk bertitik (mis. 35.71.01.1001)."
            )
        parts = (s[:2], s[2:4], s[4:6], s[6:10])[: _PANJANG_TANPA_TITIK[len(s)]]
    if int(parts[0]) < 11:
        raise KodeWilayahError(
            f"Kode provinsi {parts[0]!r} pada {k!r} tidak ada: kode provinsi Kemendagri "
            "dimulai dari 11. Periksa dua digit pertama."
        )
    for nama, p in zip(("kabupaten/kota", "kecamatan"), parts[1:3], strict=False):
        if p == "00":
            raise KodeWilayahError(
                f"Kode {nama} pada {k!r} tidak boleh 00. Periksa kode wilayah pada tabel "
                "Kemendagri."
            )
    if len(parts) == 4:
        desa = parts[3]
        if desa[0] not in _JENIS_DESA or desa[1:] == "000":
            raise KodeWilayahError(
                f"Kode kelurahan/desa {desa!r} pada {k!r} tidak sah: harus 4 digit diawali 1 "
                "(kelurahan), 2 (desa) atau 3 (desa adat), dan tidak berakhiran 000."
            )
    return parts


def normalise_kode(k: str) -> str:
    """Return the dotted Kemendagri form (``"3571011001"`` -> ``"35.71.01.1001"``)."""
    return ".".join(_bagian(k))


def undotted(k: str) -> str:
    """Return the undotted KPU/Sidalih form (``"35.71.01"`` -> ``"357101"``)."""
    return "".join(_bagian(k))


def tingkat_kode(k: str) -> int:
    """Level of a code: 1 provinsi, 2 kab/kota, 3 kecamatan, 4 kelurahan/desa."""
    return len(_bagian(k))


def induk_kode(k: str) -> str | None:
    """Dotted code of the parent area, or ``None`` for a province (it has no parent)."""
    parts = _bagian(k)
    return ".".join(parts[:-1]) if len(parts) > 1 else None


def kode_pada_tingkat(k: str, tingkat: int) -> str:
    """Dotted code of the ancestor (or self) of ``k`` at ``tingkat`` (1..level of ``k``).

    Used for scoping: a voter in ``35.71.01.1001`` belongs to kecamatan
    ``kode_pada_tingkat(k, KECAMATAN)``.
    """
    parts = _bagian(k)
    if not isinstance(tingkat, int) or not 1 <= tingkat <= len(parts):
        raise KodeWilayahError(
            f"Tingkat {tingkat!r} tidak sah untuk kode {k!r} (tingkat {len(parts)}): "
            f"pilih 1 sampai {len(parts)}."
        )
    return ".".join(parts[:tingkat])


def is_dalam_wilayah(k: str, wilayah: str) -> bool:
    """True when area ``k`` is ``wilayah`` itself or lies inside it."""
    a, b = _bagian(k), _bagian(wilayah)
    return len(a) >= len(b) and a[: len(b)] == b


def _bagian_desa(k: str) -> tuple[str, ...]:
    parts = _bagian(k)
    if len(parts) != DESA:
        raise KodeWilayahError(
            f"Kode {k!r} adalah kode {_NAMA_TINGKAT[len(parts)]}, bukan kelurahan/desa. "
            "Gunakan kode 10 digit, mis. 35.71.01.1001."
        )
    return parts


def jenis_desa(k: str) -> str:
    """``"kelurahan"``, ``"desa"`` or ``"desa adat"`` from the first digit of the 4-digit part."""
    return _JENIS_DESA[_bagian_desa(k)[3][0]]


def is_kelurahan(k: str) -> bool:
    """True for a kelurahan (``1xxx``); False for a desa (``2xxx``) or desa adat (``3xxx``).

    Why it matters: kelurahan and desa have different heads (lurah vs kepala desa) on the
    letters PPS writes, and KPU recaps report them separately.
    """
    return _bagian_desa(k)[3][0] == JENIS_KELURAHAN


def is_desa(k: str) -> bool:
    """True for a desa or desa adat (``2xxx`` / ``3xxx``)."""
    return not is_kelurahan(k)


def is_kota(k: str) -> bool:
    """True when the kab/kota part of ``k`` (level >= 2) is a kota (71 and up)."""
    parts = _bagian(k)
    if len(parts) < KABKOTA:
        raise KodeWilayahError(
            f"Kode {k!r} adalah kode provinsi; kabupaten/kota tidak dapat ditentukan. "
            "Gunakan kode minimal 4 digit, mis. 35.71."
        )
    return int(parts[1]) >= 71


def kode_tps(kode_kelurahan: str, nomor: int) -> str:
    """TPS id: undotted desa code + 3-digit number (``"35.71.01.1001", 1`` -> ``"3571011001001"``).

    TPS are numbered 001.. within one kelurahan/desa (PKPU 7/2024); the number is 1..999.
    """
    parts = _bagian_desa(kode_kelurahan)
    if isinstance(nomor, bool) or not isinstance(nomor, int) or not 1 <= nomor <= NOMOR_TPS_MAKS:
        raise KodeWilayahError(
            f"Nomor TPS {nomor!r} tidak sah: harus bilangan bulat 1 sampai {NOMOR_TPS_MAKS}."
        )
    return "".join(parts) + f"{nomor:03d}"


def parse_kode_tps(kode: str) -> tuple[str, int]:
    """Inverse of :func:`kode_tps`: ``"3571011001001"`` -> ``("35.71.01.1001", 1)``."""
    s = kode.strip() if isinstance(kode, str) else kode
    if not isinstance(s, str) or len(s) != 13 or not _angka(s):
        raise KodeWilayahError(
            f"Kode TPS {kode!r} tidak sah: harus 13 digit angka (10 digit kode kelurahan/desa "
            "+ 3 digit nomor TPS), mis. 3571011001001."
        )
    nomor = int(s[10:])
    if nomor == 0:
        raise KodeWilayahError(f"Nomor TPS pada {kode!r} tidak boleh 000: TPS dinomori mulai 001.")
    return normalise_kode(s[:10]), nomor
