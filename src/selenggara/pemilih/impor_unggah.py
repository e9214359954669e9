"""Uploaded import files kept between the check and the apply (the staged import page).

An upload is copied, bounded, into its own folder under ``SELENGGARA_IMPOR_DIR`` (default
``<data folder>/impor``, mode 0700) with a ``meta.json`` that names the account and election it
belongs to, the plan of the first pass and, once applied, the result. A folder is found only by
its random token **and** the same account and election; the file and the spool are removed as
soon as the import is applied, every folder after :data:`UMUR_MAKS`.
"""

from __future__ import annotations

import json
import re
import secrets
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from selenggara.errors import Jenis, ServiceError

from . import impor

UMUR_MAKS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def folder_induk() -> Path:
    f = getattr(settings, "SELENGGARA_IMPOR_DIR", None) or Path(settings.DATA_DIR) / "impor"
    f = Path(f)
    f.mkdir(mode=0o700, parents=True, exist_ok=True)
    return f


@dataclass
class Unggahan:
    token: str
    folder: Path
    meta: dict

    @property
    def berkas(self) -> Path:
        return self.folder / "berkas"

    @property
    def encoding(self) -> str | None:
        return self.meta.get("encoding") or None

    @property
    def rencana(self) -> impor.Rencana | None:
        r = self.meta.get("rencana")
        return impor.Rencana.dari_json(r) if r else None

    @rencana.setter
    def rencana(self, r: impor.Rencana) -> None:
        self.meta["rencana"] = r.ke_json()

    @property
    def hasil(self) -> impor.Hasil | None:
        h = self.meta.get("hasil")
        return impor.Hasil(**h) if h else None

    @hasil.setter
    def hasil(self, h: impor.Hasil) -> None:
        self.meta["hasil"] = asdict(h)

    def simpan(self) -> None:
        tmp = self.folder / "meta.json.tmp"
        tmp.write_text(json.dumps(self.meta, ensure_ascii=False, default=str), encoding="utf-8")
        tmp.replace(self.folder / "meta.json")

    def selesai(self) -> None:
        """After the apply: the file and the spool go, the page keeps only the counts."""
        self.berkas.unlink(missing_ok=True)
        for p in self.folder.glob("spool*"):
            p.unlink(missing_ok=True)


def simpan_unggahan(upload, *, user, pemilihan_id: int, encoding: str | None,
                    maks_ukuran: int) -> Unggahan:
    """Copy ``upload`` (a Django ``UploadedFile``) into a new folder, refusing it beyond
    ``maks_ukuran`` bytes while copying (nothing more is read)."""
    bersihkan_lama()
    token = secrets.token_urlsafe(24)
    folder = folder_induk() / token
    folder.mkdir(mode=0o700)
    u = Unggahan(token, folder, {"user_id": user.pk, "pemilihan_id": pemilihan_id,
                                 "nama": str(upload.name)[:200], "encoding": encoding or "",
                                 "dibuat": time.time()})
    n = 0
    try:
        with open(u.berkas, "wb") as out:
            for chunk in upload.chunks():
                n += len(chunk)
                if n > maks_ukuran:
                    mb = 1024 * 1024
                    raise ServiceError.satu(
                        "berkas", "terlalu_besar", impor.PESAN_UNGGAH["terlalu_besar"],
                        jenis=Jenis.TERLALU_BESAR, maks=f"{maks_ukuran / mb:,.0f}")
                out.write(chunk)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    u.simpan()
    return u


def muat_unggahan(token: str, *, user, pemilihan_id: int | None) -> Unggahan | None:
    """The upload of ``token`` when it belongs to this account and election, else None."""
    if not _TOKEN.match(token or ""):
        return None
    folder = folder_induk() / token
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user.pk or meta.get("pemilihan_id") != pemilihan_id:
        return None
    return Unggahan(token, folder, meta)


def hapus(u: Unggahan) -> None:
    shutil.rmtree(u.folder, ignore_errors=True)


def bersihkan_lama(umur: int = UMUR_MAKS) -> int:
    """Remove upload folders older than ``umur`` seconds; returns how many."""
    n = 0
    batas = time.time() - umur
    for f in folder_induk().iterdir():
        try:
            if f.is_dir() and f.stat().st_mtime < batas:
                shutil.rmtree(f, ignore_errors=True)
                n += 1
        except OSError:
            continue
    return n
