"""The table the linkage model reads: one row per eligible voter, with the comparable forms.

The register is read with a raw cursor in batches (a million voters never become model
instances) and the comparable forms of ``rules.nama`` are computed once per distinct name or
birthplace (names repeat: a city of 222k voters has about 60k distinct names), into a pyarrow
table that DuckDB reads without a copy and Spark takes as a DataFrame.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache

import pyarrow as pa
from django.db import connection

from selenggara.pemilih.models import Pemilih
from selenggara.rules import ganda as aturan_ganda
from selenggara.rules import nama as aturan_nama

_KOLOM_DB = ("id", "nik", "nkk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
             "kecamatan_id", "kelurahan_id", "tps_id", "rw", "rt", "versi")
BATCH = 20_000


@lru_cache(maxsize=500_000)
def _nama(n: str) -> tuple[str, str, str, str]:
    bersih = aturan_nama.bersihkan(n)
    fon = aturan_nama.kunci_fonetik(n)
    return bersih, aturan_nama.rapat(n), fon, fon.split(" ", 1)[0]


@lru_cache(maxsize=50_000)
def _tempat(t: str) -> str:
    return aturan_nama.bersihkan_tempat(t)


def baca(pemilihan_id: int, *, wilayah=None, ids: Iterable[int] | None = None,
         kecuali_tms: bool = True) -> Iterator[tuple]:
    """The register's rows (``_KOLOM_DB`` order), eligible voters only by default, of one
    election, optionally of one area (a Wilayah: its kecamatan or kelurahan or all) or of
    given ids."""
    qs = Pemilih.objects.filter(pemilihan_id=pemilihan_id)
    if kecuali_tms:
        qs = qs.filter(tms_kode="")
    if wilayah is not None and wilayah.tingkat == 3:
        qs = qs.filter(kecamatan_id=wilayah.pk)
    elif wilayah is not None and wilayah.tingkat == 4:
        qs = qs.filter(kelurahan_id=wilayah.pk)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    sql, params = qs.order_by("id").values_list(*_KOLOM_DB).query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute(sql, params)
        while True:
            rows = cur.fetchmany(BATCH)
            if not rows:
                return
            yield from rows


def tabel(rows: Iterable[tuple], *, mentah: bool = False) -> pa.Table:
    """The feature table of ``rows`` (``_KOLOM_DB`` order). ``mentah`` adds the raw columns the
    baseline model compares (``tempat_mentah``, ``nama_depan_mentah``)."""
    kol: dict[str, list] = {k: [] for k in (
        "unique_id", "nik", "nik_awal", "nkk", "nama", "nama_bersih", "nama_rapat", "fonetik",
        "fonetik_depan", "jk", "tgl", "nik_sesuai", "thn", "tempat", "kec", "kel", "tps",
        "rt_rw", "versi")}
    if mentah:
        kol["tempat_mentah"] = []
        kol["nama_depan_mentah"] = []
    for (pk, nik, nkk, nama, jk, tempat, tgl, kec, kel, tps, rw, rt, versi) in rows:
        bersih, rapat, fon, depan = _nama(nama or "")
        tgl_s = tgl.isoformat() if hasattr(tgl, "isoformat") else str(tgl or "")
        kol["unique_id"].append(pk)
        kol["nik"].append(nik or None)
        kol["nik_awal"].append(nik[:12] if nik else None)
        kol["nkk"].append(nkk or None)
        kol["nama"].append(nama)
        kol["nama_bersih"].append(bersih or None)
        kol["nama_rapat"].append(rapat or None)
        kol["fonetik"].append(fon or None)
        kol["fonetik_depan"].append(depan or None)
        kol["jk"].append(jk or None)
        kol["tgl"].append(tgl_s or None)
        kol["nik_sesuai"].append("Y" if aturan_ganda.nik_sesuai(nik, tgl, jk) else "N")
        kol["thn"].append(tgl_s[:4] or None)
        kol["tempat"].append(_tempat(tempat or "") or None)
        kol["kec"].append(kec)
        kol["kel"].append(kel)
        kol["tps"].append(tps)
        kol["rt_rw"].append(f"{kel}/{rw}/{rt}")
        kol["versi"].append(versi)
        if mentah:
            kol["tempat_mentah"].append(tempat or None)
            kol["nama_depan_mentah"].append((nama or "").split(" ", 1)[0].upper() or None)
    skema = {"unique_id": pa.int64(), "kec": pa.int64(), "kel": pa.int64(), "tps": pa.int64(),
             "versi": pa.int64()}
    return pa.table({k: pa.array(v, type=skema.get(k, pa.string())) for k, v in kol.items()})
