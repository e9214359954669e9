"""e-coklit sync endpoints (mounted at /api/coklit/)."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from selenggara.audit import record
from selenggara.audit.aksi import AksiAudit
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import get_scope, get_scoped_or_404, scoped, unscoped
from selenggara.rules.jadwal import target_coklit_selesai
from selenggara.rules.nik import mask_nama, mask_nik
from selenggara.wilayah.models import TPS

from . import sync as services
from .foto import MAKS_UKURAN, TIPE_DIIZINKAN, append_chunk
from .models import Foto, Perubahan, Tinjauan

router = Router(tags=["e-coklit"])


def pantarlih(request: HttpRequest) -> Petugas:
    """The caller's Pantarlih record; everyone else is refused (403)."""
    scope = get_scope(request.user)
    if scope.peran != Peran.PANTARLIH or scope.petugas_id is None:
        raise HttpError(403, _("Hanya Pantarlih yang dapat memakai e-coklit."))
    request.scope = scope
    return get_scoped_or_404(Petugas.objects.select_related("pemilihan", "tps__kelurahan"),
                             scope, pk=scope.petugas_id)


class ChangeIn(Schema):
    id: uuid.UUID = Field(description="id yang dibuat perangkat; kunci idempoten")
    aksi: str = Field(description="SESUAI, UBAH, TMS, BARU atau STIKER")
    pemilih_id: int | None = None
    versi: int | None = Field(None, description="versi data pemilih yang diubah di perangkat")
    setelah: uuid.UUID | None = Field(
        None, description="id perubahan sebelumnya atas pemilih yang sama yang belum dijawab")
    data: dict = Field(default_factory=dict)
    waktu_perangkat: datetime | None = None


class SyncIn(Schema):
    perubahan: list[ChangeIn] = Field(max_length=services.MAKS_PER_BATCH)


class AnswerOut(Schema):
    id: uuid.UUID
    status: str = Field(description="applied, already_applied, conflict atau rejected")
    pesan: str
    galat: dict[str, list[str]]
    peringatan: list[str]
    pemilih: dict | None
    versi: int | None


class SyncOut(Schema):
    hasil: list[AnswerOut]


@router.post("/sinkron", response=SyncOut, summary="Kirim sekumpulan perubahan coklit")
def sinkron(request, payload: SyncIn):
    petugas = pantarlih(request)
    changes = [services.Change(**c.model_dump()) for c in payload.perubahan]
    answers = services.sync(petugas, request.user, changes)
    return {"hasil": [a.as_json() for a in answers]}


class TpsOut(Schema):
    id: int
    nomor: int
    nama: str
    kelurahan: str
    kode: str


class KembaliOut(Schema):
    perubahan_id: uuid.UUID
    pemilih_id: int | None
    aksi: str
    catatan: str


class WorklistOut(Schema):
    versi_daftar: int
    lengkap: bool
    tps: TpsOut
    tps_kelurahan: list[TpsOut]
    coklit_mulai: date | None
    coklit_selesai: date | None
    target_selesai: date | None
    pemilih: list[dict]
    keluar: list[int]
    stiker: list[str]
    dikembalikan: list[KembaliOut]


def _tps(t: TPS) -> dict:
    return {"id": t.id, "nomor": t.nomor, "nama": t.nama or f"TPS {t.nomor:03d}",
            "kelurahan": t.kelurahan.nama, "kode": t.kode}


@router.get("/daftar", response=WorklistOut, summary="Unduh daftar kerja TPS (atau perubahannya)")
def daftar(request, sejak: int | None = None):
    """Without ``sejak``: the whole worklist. With it: voters changed after that list version,
    ids of voters moved out of this TPS, and items PPS returned."""
    petugas = pantarlih(request)
    data = services.worklist(petugas, sejak)
    tps = petugas.tps
    coklit = petugas.pemilihan.tahapan.filter(kode="coklit").first()
    # Only what is still waiting at this TPS: a voter re-checked since has its note cleared
    # (every applied change clears catatan_pps), and one moved away is the other TPS's.
    # By the voter's TPS now, not the change's: a returned item follows a voter who moved.
    kembali = (unscoped(Perubahan.objects, "returned items of the voters now at this TPS")
               .filter(tinjauan=Tinjauan.DIKEMBALIKAN, pemilih__tps_id=tps.id)
               .exclude(pemilih__catatan_pps=""))
    return {
        **data,
        "tps": _tps(tps),
        "tps_kelurahan": [_tps(t) for t in unscoped(
            TPS.objects, "a Pantarlih chooses the TPS of a TMS 8 move in its kelurahan")
            .filter(kelurahan_id=tps.kelurahan_id).select_related("kelurahan").order_by("nomor")],
        "coklit_mulai": coklit.mulai if coklit else None,
        "coklit_selesai": coklit.selesai if coklit else None,
        "target_selesai": target_coklit_selesai(coklit.mulai) if coklit else None,
        "dikembalikan": [
            {"perubahan_id": k.client_id, "pemilih_id": k.pemilih_id, "aksi": k.aksi,
             "catatan": k.catatan_pps} for k in kembali.order_by("-ditinjau_pada")[:500]],
    }


class NikIn(Schema):
    nik: str = Field(min_length=16, max_length=16)


class NikOut(Schema):
    terdaftar: bool
    tps: str | None = None
    nama_tersamar: str | None = None
    nik_tersamar: str | None = None


@router.post("/cek-nik", response=NikOut, summary="Apakah NIK sudah terdaftar di kab/kota?")
def cek_nik(request, payload: NikIn):
    """POST, so the NIK never appears in a URL or an access log."""
    petugas = pantarlih(request)
    found = services.nik_terdaftar(payload.nik, petugas.pemilihan_id)
    if found is None:
        return {"terdaftar": False}
    return {"terdaftar": True, "tps": f"TPS {found.tps.nomor:03d} {found.tps.kelurahan.nama}",
            "nama_tersamar": mask_nama(found.nama), "nik_tersamar": mask_nik(found.nik)}


class FotoIn(Schema):
    id: uuid.UUID
    tipe: str
    ukuran: int


class FotoOut(Schema):
    id: uuid.UUID
    diterima: int
    ukuran: int
    selesai: bool


def _foto_out(f: Foto) -> dict:
    return {"id": f.id, "diterima": f.diterima, "ukuran": f.ukuran, "selesai": f.selesai}


@router.post("/foto", response=FotoOut, summary="Mulai (atau lanjutkan) unggahan foto")
def foto_mulai(request, payload: FotoIn):
    petugas = pantarlih(request)
    if payload.tipe not in TIPE_DIIZINKAN:
        raise HttpError(415, _("Jenis berkas %(tipe)s tidak diterima; kirim foto JPEG, PNG atau "
                               "WebP.") % {"tipe": payload.tipe})
    if not 0 < payload.ukuran <= MAKS_UKURAN:
        raise HttpError(413, _("Foto terlalu besar (%(ukuran)s byte); paling besar %(maks)s "
                               "byte. Kecilkan resolusi kamera.")
                        % {"ukuran": payload.ukuran, "maks": MAKS_UKURAN})
    with transaction.atomic():
        uploads = unscoped(Foto.objects, "an upload id is global; its owner is checked below")
        foto, created = uploads.get_or_create(
            pk=payload.id, defaults={"petugas": petugas, "tipe": payload.tipe,
                                     "ukuran": payload.ukuran})
        if foto.petugas_id != petugas.id:
            raise HttpError(404, _("Foto tidak ditemukan."))
        if created:
            record(AksiAudit.COKLIT_FOTO_MULAI, user=request.user, objek=foto,
                   sesudah={"tipe": foto.tipe, "ukuran": foto.ukuran})
    return _foto_out(foto)


@router.get("/foto/{foto_id}", response=FotoOut, summary="Berapa byte foto yang sudah diterima")
def foto_status(request, foto_id: uuid.UUID):
    petugas = pantarlih(request)
    foto = scoped(Foto.objects, request.scope).filter(pk=foto_id, petugas=petugas).first()
    if foto is None:
        raise HttpError(404, _("Foto tidak ditemukan."))
    return _foto_out(foto)


@router.put("/foto/{foto_id}", response=FotoOut, summary="Kirim potongan foto mulai dari offset")
def foto_potongan(request, foto_id: uuid.UUID, offset: int):
    """Body: raw bytes of the chunk. A chunk at the wrong offset gets 409 with the offset the
    server has, so the phone resumes from there."""
    petugas = pantarlih(request)
    foto = append_chunk(petugas, request.user, foto_id, offset, request.body)
    return _foto_out(foto)
