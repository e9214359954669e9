"""What a phone may send, bounded the same way on SQLite and PostgreSQL.

A value the database cannot store must be refused before it reaches the database, and refused
the same way on both: PostgreSQL rejects a NUL byte in text, a lone surrogate, an ``integer``
above 2^31-1 and NaN in ``jsonb``, while SQLite stores most of these and overflows on integers
above 2^63-1. So every number has a range that fits the column it goes to, every string a
length and no control characters or invalid Unicode, the device time a sane range, and the
JSON ``data`` a size and a depth.

A batch is parsed in two steps (:func:`kiriman`): its envelope (a list of objects, each with a
valid UUID ``id``) or the whole request is refused with 422; then each change on its own
against :class:`ChangeIn`, so one bad change is answered ``rejected`` with its reasons per
field and the rest of the batch goes on (a refused batch would be re-sent by the phone forever
and block every later change).
"""

from __future__ import annotations

import json
import math
import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    PlainValidator,
    Strict,
    TypeAdapter,
    create_model,
)
from pydantic import ValidationError as PydanticValidationError
from pydantic_core import PydanticCustomError

from selenggara.rules.problem import gettext_noop

from .models import Aksi

MAKS_INT = 2**31 - 1  # PostgreSQL integer (versi, versi_dasar, ukuran, diterima)
MAKS_BIGINT = 2**63 - 1  # PostgreSQL bigint (ids, rev); SQLite's INTEGER too
MAKS_ANGKA = 1e9  # |a float| in data (GPS degrees, accuracy in metres)
WAKTU_PALING_AWAL = datetime(2000, 1, 1, tzinfo=UTC)
WAKTU_PALING_AKHIR = datetime(2100, 1, 1, tzinfo=UTC)
MAKS_TEKS = 255  # any string in data; the rules give their own, tighter limits per field
MAKS_TEKS_KHUSUS = {"dokumen": 200}  # a document number or a short description
MAKS_KUNCI = 24  # keys per object (a voter has 12 data elements)
MAKS_PANJANG_KUNCI = 40
MAKS_BUTIR = 24  # items per list
MAKS_KEDALAMAN = 3  # data -> ubah / pemilih -> value
MAKS_DATA_BYTE = 4096  # compact UTF-8 JSON of data; a full new voter is about 600 bytes
MAKS_DATA_DITOLAK_BYTE = 1024  # what a rejected change keeps of its data
MAKS_PER_BATCH = 200

_TIDAK_BOLEH = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

# pydantic error type -> Indonesian message (parameters from the error's ctx).
_PESAN = {
    "missing": gettext_noop("Wajib diisi."),
    "int_type": gettext_noop("Harus bilangan bulat."),
    "int_parsing": gettext_noop("Harus bilangan bulat."),
    "int_from_float": gettext_noop("Harus bilangan bulat."),
    "greater_than_equal": gettext_noop("Paling kecil %(ge)s."),
    "greater_than": gettext_noop("Harus lebih dari %(gt)s."),
    "less_than_equal": gettext_noop("Paling besar %(le)s."),
    "less_than": gettext_noop("Harus kurang dari %(lt)s."),
    "string_type": gettext_noop("Harus teks."),
    "string_too_long": gettext_noop("Paling panjang %(max_length)s karakter."),
    "string_too_short": gettext_noop("Paling sedikit %(min_length)s karakter."),
    "string_pattern_mismatch": gettext_noop("Bentuk isian tidak sesuai."),
    "uuid_type": gettext_noop("Harus UUID, mis. 1b4e28ba-2fa1-11d2-883f-0016d3cca427."),
    "uuid_parsing": gettext_noop("Harus UUID, mis. 1b4e28ba-2fa1-11d2-883f-0016d3cca427."),
    "uuid_version": gettext_noop("Harus UUID, mis. 1b4e28ba-2fa1-11d2-883f-0016d3cca427."),
    "datetime_type": gettext_noop(
        "Harus tanggal dan jam ISO 8601 dengan zona waktu, mis. 2024-07-01T09:30:00+07:00."),
    "datetime_parsing": gettext_noop(
        "Harus tanggal dan jam ISO 8601 dengan zona waktu, mis. 2024-07-01T09:30:00+07:00."),
    "datetime_from_date_parsing": gettext_noop(
        "Harus tanggal dan jam ISO 8601 dengan zona waktu, mis. 2024-07-01T09:30:00+07:00."),
    "datetime_object_invalid": gettext_noop(
        "Harus tanggal dan jam ISO 8601 dengan zona waktu, mis. 2024-07-01T09:30:00+07:00."),
    "timezone_aware": gettext_noop(
        "Sertakan zona waktu, mis. 2024-07-01T09:30:00+07:00."),
    "dict_type": gettext_noop("Harus objek JSON."),
    "model_type": gettext_noop("Harus objek JSON."),
    "model_attributes_type": gettext_noop("Harus objek JSON."),
    "list_type": gettext_noop("Harus daftar (array) JSON."),
    "too_long": gettext_noop("Paling banyak %(max_length)s butir."),
    "too_short": gettext_noop("Paling sedikit %(min_length)s butir."),
    "bool_type": gettext_noop("Harus true atau false."),
    "bool_parsing": gettext_noop("Harus true atau false."),
    "float_type": gettext_noop("Harus angka."),
    "float_parsing": gettext_noop("Harus angka."),
    "finite_number": gettext_noop("Harus angka terhingga."),
    "json_invalid": gettext_noop("Bukan JSON yang sah."),
}
_PESAN_KOLOM = {
    ("nik", "string_pattern_mismatch"): gettext_noop("NIK harus 16 digit angka 0-9."),
    ("nik", "string_too_long"): gettext_noop("NIK harus 16 digit angka 0-9."),
    ("nik", "string_too_short"): gettext_noop("NIK harus 16 digit angka 0-9."),
}
_SUMBER = frozenset({"body", "query", "path", "header", "cookie", "form", "file"})


# -- strings and JSON data ---------------------------------------------------------------------
def cacat_teks(nilai: str, maks: int = MAKS_TEKS) -> str | None:
    """Why ``nilai`` cannot be stored (translated), or None."""
    if len(nilai) > maks:
        return _("Terlalu panjang (%(panjang)s karakter, paling banyak %(maks)s).") % {
            "panjang": len(nilai), "maks": maks}
    m = _TIDAK_BOLEH.search(nilai)
    if m is None:
        return None
    if "\ud800" <= m.group() <= "\udfff":
        return _("Berisi karakter Unicode yang tidak sah; ketik ulang isian ini.")
    return _("Berisi karakter kendali (kode %(kode)s) yang tidak boleh ada; ketik ulang "
             "isian ini.") % {"kode": f"U+{ord(m.group()):04X}"}


def periksa_data(data: dict) -> dict[str, list[str]]:
    """Problems of a change's ``data``, by the name of the field they are in (the last key on
    the way, so ``data.ubah.alamat`` is ``alamat``, as the phone's form names it)."""
    galat: dict[str, list[str]] = {}

    def tambah(nama: str, pesan: str) -> None:
        daftar = galat.setdefault(nama, [])
        if pesan not in daftar and len(daftar) < 3:
            daftar.append(pesan)

    # Iterative, depth-first: a hostile document cannot exhaust the stack.
    tumpukan: list[tuple[Any, int, str, str]] = [(data, 1, "data", "")]
    while tumpukan:
        nilai, dalam, nama, kunci_ini = tumpukan.pop()
        if isinstance(nilai, dict):
            if dalam > MAKS_KEDALAMAN:
                tambah(nama, _("Terlalu bersarang (paling dalam %(maks)s tingkat).")
                       % {"maks": MAKS_KEDALAMAN})
                continue
            if len(nilai) > MAKS_KUNCI:
                tambah(nama, _("Terlalu banyak isian (%(n)s, paling banyak %(maks)s).")
                       % {"n": len(nilai), "maks": MAKS_KUNCI})
                continue
            for k, v in nilai.items():
                salah = cacat_teks(k, MAKS_PANJANG_KUNCI)
                if salah:
                    tambah(nama, _("Nama isian tidak sah: %(alasan)s") % {"alasan": salah})
                    continue
                tumpukan.append((v, dalam + 1, k, k))
        elif isinstance(nilai, list):
            if dalam > MAKS_KEDALAMAN:
                tambah(nama, _("Terlalu bersarang (paling dalam %(maks)s tingkat).")
                       % {"maks": MAKS_KEDALAMAN})
                continue
            if len(nilai) > MAKS_BUTIR:
                tambah(nama, _("Terlalu banyak butir (%(n)s, paling banyak %(maks)s).")
                       % {"n": len(nilai), "maks": MAKS_BUTIR})
                continue
            tumpukan.extend((v, dalam + 1, nama, kunci_ini) for v in nilai)
        elif isinstance(nilai, str):
            salah = cacat_teks(nilai, MAKS_TEKS_KHUSUS.get(kunci_ini, MAKS_TEKS))
            if salah:
                tambah(nama, salah)
        elif isinstance(nilai, bool) or nilai is None:
            pass
        elif isinstance(nilai, int):
            if not -MAKS_INT <= nilai <= MAKS_INT:
                tambah(nama, _("Angka di luar jangkauan (-%(maks)s sampai %(maks)s).")
                       % {"maks": MAKS_INT})
        elif isinstance(nilai, float):
            if not math.isfinite(nilai) or abs(nilai) > MAKS_ANGKA:
                tambah(nama, _("Angka tidak sah atau di luar jangkauan."))
        else:
            tambah(nama, _("Jenis nilai tidak dikenal."))
    if not galat:
        ukuran = ukuran_json(data)
        if ukuran > MAKS_DATA_BYTE:
            tambah("data", _("Data perubahan terlalu besar (%(ukuran)s byte, paling banyak "
                             "%(maks)s); kirim hanya isian yang berubah.")
                   % {"ukuran": ukuran, "maks": MAKS_DATA_BYTE})
    return galat


def ukuran_json(nilai) -> int:
    """Bytes of ``nilai`` as compact UTF-8 JSON (what the database keeps, give or take)."""
    return len(json.dumps(nilai, ensure_ascii=False, separators=(",", ":")).encode())


def data_ditolak(data: dict) -> dict:
    """What a rejected change keeps of its ``data``: all of it when small, otherwise only its
    top-level keys and its size (junk is not worth keeping for ever)."""
    ukuran = ukuran_json(data)
    if ukuran <= MAKS_DATA_DITOLAK_BYTE:
        return data
    return {"_dipotong": True, "_ukuran": ukuran, "_kunci": sorted(data)[:MAKS_KUNCI]}


def _data(nilai: dict) -> dict:
    galat = periksa_data(nilai)
    if galat:
        raise PydanticCustomError("data_tidak_valid", "{pesan}", {
            "pesan": _("Data perubahan tidak dapat disimpan."), "galat": galat})
    return nilai


def _waktu(nilai: datetime | None) -> datetime | None:
    if nilai is None:
        return None
    # Compare the wall-clock year first: converting 0001-01-01T00:00+14:00 to UTC overflows.
    if not (WAKTU_PALING_AWAL.year - 1 <= nilai.year <= WAKTU_PALING_AKHIR.year) or not (
            WAKTU_PALING_AWAL <= nilai < WAKTU_PALING_AKHIR):
        raise PydanticCustomError("waktu_di_luar", "{pesan}", {"pesan": _(
            "Waktu perangkat di luar tahun 2000-2099; periksa tanggal dan jam ponsel.")})
    return nilai


# -- the change schema --------------------------------------------------------------------------
Bulat = Annotated[int, Strict()]


class ChangeIn(Schema):
    """One change as the phone sends it; every value bounded to what both databases store."""

    id: uuid.UUID = Field(description="id yang dibuat perangkat; kunci idempoten")
    aksi: Literal["SESUAI", "UBAH", "TMS", "BARU", "STIKER", "KERTAS"] = Field(
        description="SESUAI, UBAH, TMS, BARU, STIKER atau KERTAS (laporan harian di kertas: "
                    "data.tanggal, data.jumlah)")
    pemilih_id: Annotated[Bulat, Field(ge=1, le=MAKS_BIGINT)] | None = None
    versi: Annotated[Bulat, Field(ge=1, le=MAKS_INT)] | None = Field(
        None, description="versi data pemilih yang diubah di perangkat")
    setelah: uuid.UUID | None = Field(
        None, description="id perubahan sebelumnya atas pemilih yang sama yang belum dijawab")
    data: Annotated[dict[str, Any], AfterValidator(_data)] = Field(
        default_factory=dict,
        description=f"isi perubahan; JSON paling besar {MAKS_DATA_BYTE} byte, paling dalam "
                    f"{MAKS_KEDALAMAN} tingkat, teks paling panjang {MAKS_TEKS} karakter "
                    f"(dokumen {MAKS_TEKS_KHUSUS['dokumen']}) tanpa karakter kendali, "
                    f"bilangan bulat paling besar {MAKS_INT}")
    waktu_perangkat: Annotated[AwareDatetime | None, AfterValidator(_waktu)] = Field(
        None, description="waktu di ponsel saat dicatat, dengan zona waktu, tahun 2000-2099")


assert set(ChangeIn.model_fields["aksi"].annotation.__args__) == set(Aksi.values)

# The same fields and validators as a plain pydantic model, for the service's own check of
# changes built in Python (``coklit.sync``): ninja's ``Schema`` wraps every validation in a
# root validator that reads Django objects, which costs more than the check itself when a
# simulation or a script sends hundreds of thousands of changes.
ChangeBatas: type[BaseModel] = create_model(
    "ChangeBatas", __base__=BaseModel,
    **{name: (f.annotation, f) for name, f in ChangeIn.model_fields.items()})

_UUID = TypeAdapter(uuid.UUID)


class Kiriman:
    """One item of a batch whose envelope is usable: a JSON object with a valid UUID ``id``."""

    __slots__ = ("id", "isi")

    def __init__(self, id: uuid.UUID, isi: dict):
        self.id, self.isi = id, isi

    def periksa(self) -> tuple[ChangeIn | None, dict[str, list[str]]]:
        """The change validated against :class:`ChangeIn`, or its problems by field."""
        try:
            return ChangeIn.model_validate(self.isi), {}
        except PydanticValidationError as exc:
            return None, galat_pydantic(exc.errors())


def _kiriman(nilai) -> Kiriman:
    if not isinstance(nilai, dict):
        raise PydanticCustomError("kiriman", "{pesan}", {"pesan": _(
            "Setiap perubahan harus objek JSON.")})
    raw = nilai.get("id")
    try:
        if not isinstance(raw, str) or len(raw) > 45:
            raise ValueError
        id_ = _UUID.validate_python(raw)
    except (ValueError, PydanticValidationError):
        raise PydanticCustomError("kiriman_id", "{pesan}", {"pesan": _(
            "Setiap perubahan harus punya id UUID; perangkat harus membuatnya.")}) from None
    return Kiriman(id_, nilai)


# Validated as an envelope item, documented as the strict ChangeIn.
ChangeKiriman = Annotated[Kiriman, PlainValidator(_kiriman, json_schema_input_type=ChangeIn)]


class SyncIn(Schema):
    perubahan: list[ChangeKiriman] = Field(max_length=MAKS_PER_BATCH)


# -- pydantic errors as {field: [messages]} -----------------------------------------------------
def nama_kolom(loc) -> str:
    """``("body", "payload", "perubahan", 0, "id")`` -> ``perubahan.0.id``."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in _SUMBER:
        sumber = parts.pop(0)
        if sumber == "body" and parts and parts[0] == "payload":
            parts.pop(0)
    return ".".join(parts)


def galat_pydantic(errors, *, akar: str = "") -> dict[str, list[str]]:
    """pydantic's (or django-ninja's) error list in the API's ``galat`` shape, in Indonesian."""
    galat: dict[str, list[str]] = {}
    for e in errors:
        ctx = e.get("ctx") or {}
        nama = nama_kolom(e.get("loc", ())) or akar
        if isinstance(ctx.get("galat"), dict):
            for k, pesan in ctx["galat"].items():
                galat.setdefault(str(k), []).extend(pesan)
            continue
        galat.setdefault(nama, []).append(pesan_pydantic(e, nama))
    return galat


def pesan_pydantic(e: dict, nama: str = "") -> str:
    tipe, ctx = e.get("type", ""), e.get("ctx") or {}
    khusus = _PESAN_KOLOM.get((nama.rsplit(".", 1)[-1], tipe))
    if khusus:
        return _(khusus)
    if "pesan" in ctx:
        return str(ctx["pesan"])
    if tipe == "literal_error":
        pilihan = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return _("Pilih salah satu dari: %(aksi)s.") % {"aksi": ", ".join(pilihan)}
    if tipe in _PESAN:
        try:
            return _(_PESAN[tipe]) % {k: v for k, v in ctx.items()}
        except (KeyError, TypeError, ValueError):
            return _(_PESAN[tipe]).split("%")[0].strip() or _("Isian tidak valid.")
    if tipe in ("value_error", "assertion_error"):
        return str(e.get("msg", "")).removeprefix("Value error, ").removeprefix(
            "Assertion failed, ")
    return _("Isian tidak valid.")
