"""Resumable photo upload: a phone on a bad signal sends a photo in chunks and resumes from the
offset the server reports, so a dropped connection costs one chunk, not the photo."""

from __future__ import annotations

import os
import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from selenggara.audit import record
from selenggara.audit.aksi import AksiAudit
from selenggara.errors import Jenis, ServiceError

from .models import Foto

MAKS_UKURAN = 5 * 1024 * 1024
MAKS_POTONGAN = 1024 * 1024
TIPE_DIIZINKAN = {"image/jpeg", "image/png", "image/webp"}
_TANDA = {
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/webp": (b"RIFF",),
}


def _cocok(tipe: str, awal: bytes) -> bool:
    """The first bytes must be what the declared type says (a renamed .exe is refused)."""
    if tipe == "image/webp":
        return awal[:4] == b"RIFF" and awal[8:12] == b"WEBP"
    return any(awal.startswith(t) for t in _TANDA[tipe])


def _galat(jenis: Jenis, pesan: str) -> ServiceError:
    return ServiceError.keadaan(pesan, jenis=jenis, code=str(jenis))


def append_chunk(petugas, user, foto_id: uuid.UUID, offset: int, chunk: bytes) -> Foto:
    with transaction.atomic():
        foto = Foto.objects.select_for_update().filter(pk=foto_id, petugas=petugas).first()
        if foto is None:
            raise _galat(Jenis.TIDAK_DITEMUKAN, _("Foto tidak ditemukan; mulai unggahan dengan "
                                                     "POST /foto."))
        if foto.selesai:
            return foto
        if offset != foto.diterima:
            raise _galat(Jenis.KONFLIK, _("Offset %(offset)s salah; server sudah menerima "
                                          "%(diterima)s byte, lanjutkan dari situ.")
                         % {"offset": offset, "diterima": foto.diterima})
        if not chunk:
            raise _galat(Jenis.TIDAK_VALID, _("Potongan kosong; kirim 1 byte sampai 1 MB."))
        if len(chunk) > MAKS_POTONGAN:
            raise _galat(Jenis.TERLALU_BESAR, _("Potongan harus 1 byte sampai 1 MB."))
        if foto.diterima + len(chunk) > foto.ukuran:
            raise _galat(Jenis.TERLALU_BESAR, _("Data melebihi ukuran foto yang diumumkan "
                                                "(%(ukuran)s byte).") % {"ukuran": foto.ukuran})
        if offset == 0 and not _cocok(foto.tipe, chunk[:12]):
            raise _galat(Jenis.TIPE_SALAH, _("Isi berkas bukan %(tipe)s; kirim foto dari kamera.")
                         % {"tipe": foto.tipe})
        path = foto.path
        path.parent.mkdir(parents=True, exist_ok=True)
        # Cut anything past the last acknowledged byte (a chunk written before a crash that
        # never reached the database), then append: the file always equals what was counted.
        with open(path, "ab") as f:
            f.truncate(foto.diterima)
            f.write(chunk)
            f.flush()
            os.fsync(f.fileno())
        foto.diterima += len(chunk)
        foto.selesai = foto.diterima == foto.ukuran
        foto.save(update_fields=["diterima", "selesai"])
        if foto.selesai:
            record(AksiAudit.COKLIT_FOTO_SELESAI, user=user, objek=foto,
                   sesudah={"ukuran": foto.ukuran, "tipe": foto.tipe})
    return foto
