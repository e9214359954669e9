"""Resumable photo upload: a phone on a bad signal sends a photo in chunks and resumes from the
offset the server reports, so a dropped connection costs one chunk, not the photo.

Storage is bounded per account, sized for the real job: a TPS has up to 600 voters in about
170 households, each with one sticker photo, plus the evidence photos of TMS 1, 6 and 7 (a few
dozen). The field app shrinks photos to 1,600 pixels (about 200-500 KB; an original of up to
1.5 MB is kept as is). So an account may hold :data:`MAKS_FOTO_AKUN` photos and
:data:`MAKS_BYTE_AKUN` bytes (counted by the size each upload declares, finished or not, so
declared-but-empty uploads reserve their space), and at most :data:`MAKS_TERTUNDA` unfinished
uploads at once (a phone sends one photo at a time). An upload still unfinished
:data:`KEDALUWARSA_JAM` hours after it started is abandoned: its row and partial file are
removed and audited (``selenggara coklit bersihkan``, and for the account's own uploads
whenever it starts a new one).
"""

from __future__ import annotations

import logging
import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.audit import record
from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError
from selenggara.rules.problem import gettext_noop

from .models import Foto

log = logging.getLogger(__name__)

MAKS_UKURAN = 5 * 1024 * 1024
MAKS_POTONGAN = 1024 * 1024
MAKS_FOTO_AKUN = 400  # 170 sticker photos + TMS evidence + retakes, with room to spare
MAKS_BYTE_AKUN = 300 * 1024 * 1024  # 200 photos at the 1.5 MB an unshrunk original may have
MAKS_TERTUNDA = 10
KEDALUWARSA_JAM = 48
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


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):.0f}"


def mulai(petugas, user, foto_id: uuid.UUID, tipe: str, ukuran: int) -> Foto:
    """Start an upload (or return the one already started under this id, to resume it)."""
    if tipe not in TIPE_DIIZINKAN:
        raise ServiceError.satu(
            "tipe", "tipe_salah", gettext_noop("Kirim foto JPEG, PNG atau WebP."),
            jenis=Jenis.TIPE_SALAH, pesan=_("Jenis berkas %(tipe)s tidak diterima; kirim foto "
                                            "JPEG, PNG atau WebP.") % {"tipe": tipe[:100]})
    if not 0 < ukuran <= MAKS_UKURAN:
        raise ServiceError.satu(
            "ukuran", "foto_terlalu_besar", gettext_noop("Paling besar %(maks)s byte."),
            jenis=Jenis.TERLALU_BESAR, maks=MAKS_UKURAN,
            pesan=_("Foto terlalu besar (%(ukuran)s byte); paling besar %(maks)s byte. "
                    "Kecilkan resolusi kamera.") % {"ukuran": ukuran, "maks": MAKS_UKURAN})
    ada = Foto.objects.filter(pk=foto_id).first()
    if ada is None:
        # Only when something new would be stored: a resumed upload never pays for this.
        kedaluwarsa(petugas=petugas)
    with transaction.atomic():
        # The chain head's lock, taken first, queues every start of this account (and every
        # other auditing writer): the quota counts below cannot be raced past.
        appender = Appender()
        foto = Foto.objects.filter(pk=foto_id).first()
        if foto is not None:
            if foto.petugas_id != petugas.id:
                raise _galat(Jenis.TIDAK_DITEMUKAN, _("Foto tidak ditemukan."))
            return foto
        _cek_kuota(petugas, ukuran)
        foto = Foto.objects.create(pk=foto_id, petugas=petugas, tipe=tipe, ukuran=ukuran)
        appender.add(AksiAudit.COKLIT_FOTO_MULAI, user=user, objek=foto,
                     sesudah={"tipe": foto.tipe, "ukuran": foto.ukuran})
        appender.flush()
    return foto


def _cek_kuota(petugas, ukuran: int) -> None:
    milik = Foto.objects.filter(petugas=petugas).aggregate(
        n=Count("id"), byte=Sum("ukuran"), tertunda=Count("id", filter=Q(selesai=False)))
    n, byte, tertunda = milik["n"], milik["byte"] or 0, milik["tertunda"]
    if tertunda >= MAKS_TERTUNDA:
        tertua = (Foto.objects.filter(petugas=petugas, selesai=False).order_by("dibuat")
                  .values_list("dibuat", flat=True).first())
        sisa = tertua + timedelta(hours=KEDALUWARSA_JAM) - timezone.now() if tertua else None
        exc = _galat(Jenis.TERLALU_BANYAK, _(
            "Ada %(n)s unggahan foto yang belum selesai (paling banyak %(maks)s sekaligus). "
            "Sinkronkan lagi saat sinyal bagus agar unggahan itu selesai; unggahan yang tidak "
            "selesai dalam %(jam)s jam dihapus sendiri.")
            % {"n": tertunda, "maks": MAKS_TERTUNDA, "jam": KEDALUWARSA_JAM})
        exc.coba_lagi_detik = max(60, int(sisa.total_seconds())) if sisa else 3600
        raise exc
    if n >= MAKS_FOTO_AKUN:
        raise _galat(Jenis.TERLALU_BANYAK, _(
            "Batas foto akun ini tercapai: %(n)s dari %(maks)s foto untuk satu masa coklit. "
            "Foto baru tidak diterima lagi; catat tanpa foto, dan hubungi PPS bila masih ada "
            "bukti yang wajib difoto.") % {"n": n, "maks": MAKS_FOTO_AKUN})
    if byte + ukuran > MAKS_BYTE_AKUN:
        raise _galat(Jenis.TERLALU_BESAR, _(
            "Ruang foto akun ini tidak cukup: terpakai %(terpakai)s MB dari %(maks)s MB, foto "
            "ini %(ukuran)s KB. Kecilkan resolusi kamera, catat tanpa foto, atau hubungi PPS.")
            % {"terpakai": _mb(byte), "maks": _mb(MAKS_BYTE_AKUN),
               "ukuran": (ukuran + 1023) // 1024})


def kedaluwarsa(*, petugas=None, sekarang=None) -> int:
    """Remove uploads still unfinished :data:`KEDALUWARSA_JAM` hours after they started (of
    one account, or of all): rows now, partial files once the deletion is committed. Each is
    audited. Returns how many."""
    batas = (sekarang or timezone.now()) - timedelta(hours=KEDALUWARSA_JAM)
    qs = Foto.objects.filter(selesai=False, dibuat__lt=batas)
    if petugas is not None:
        qs = qs.filter(petugas=petugas)
    if not qs.exists():
        return 0  # the usual case: no lock taken
    with transaction.atomic():
        appender = Appender()
        # Locked and read again: an upload finished a moment ago is not removed.
        rows = list(qs.select_for_update().order_by("dibuat"))
        for f in rows:
            appender.add(AksiAudit.COKLIT_FOTO_KEDALUWARSA, objek=f, sesudah={
                "petugas": f.petugas_id, "tipe": f.tipe, "ukuran": f.ukuran,
                "diterima": f.diterima, "dibuat": f.dibuat.isoformat()})
        paths = [f.path for f in rows]
        Foto.objects.filter(pk__in=[f.pk for f in rows]).delete()
        appender.flush()
        transaction.on_commit(lambda: _hapus(paths))
    return len(rows)


def _hapus(paths) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            log.warning("berkas foto %s tidak dapat dihapus", path.name, exc_info=True)


def berkas_yatim(*, sekarang=None) -> int:
    """Remove partial files left without a row (a crash between the deletion and the file
    removal), once older than the expiry. Returns how many."""
    folder = settings.MEDIA_ROOT / "coklit"
    if not folder.is_dir():
        return 0
    batas = (sekarang or timezone.now()) - timedelta(hours=KEDALUWARSA_JAM)
    calon = {}
    for path in folder.glob("*.bin"):
        try:
            if path.stat().st_mtime < batas.timestamp():
                calon[uuid.UUID(path.stem)] = path
        except (OSError, ValueError):
            continue
    if not calon:
        return 0
    ada = set(Foto.objects.filter(pk__in=list(calon)).values_list("pk", flat=True))
    yatim = [p for k, p in calon.items() if k not in ada]
    _hapus(yatim)
    return len(yatim)


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
