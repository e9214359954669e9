"""e-coklit sync endpoints (mounted at /api/coklit/).

Every error is answered as JSON ``{"detail", "jenis", "galat"}`` (:class:`GalatOut`, installed
in ``selenggara/api.py``) and each operation documents the statuses it can answer.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import get_scope, get_scoped_or_404, scoped, unscoped
from selenggara.rules.jadwal import target_coklit_selesai
from selenggara.rules.nik import mask_nama, mask_nik
from selenggara.web import jam
from selenggara.web.alamat import alamat_klien as _alamat_klien
from selenggara.web.api_skema import GalatOut, galat
from selenggara.wilayah.models import TPS

from . import cek_nik as nik_service
from . import foto as foto_service
from . import sync as services
from .models import Foto, Perubahan, Tinjauan
from .validasi import MAKS_BIGINT, MAKS_INT, ChangeIn, SyncIn

router = Router(tags=["e-coklit"])

__all__ = ["ChangeIn", "GalatOut", "SyncIn", "galat", "router"]


def alamat_klien(request: HttpRequest) -> str:
    """The client's address for the per-address limits (behind a configured reverse proxy,
    the real client: ``web.alamat``)."""
    return _alamat_klien(request)


def pantarlih(request: HttpRequest) -> Petugas:
    """The caller's Pantarlih record; everyone else is refused (403)."""
    scope = get_scope(request.user)
    if scope.peran != Peran.PANTARLIH or scope.petugas_id is None:
        raise HttpError(403, _("Hanya Pantarlih yang dapat memakai e-coklit."))
    request.scope = scope
    return get_scoped_or_404(Petugas.objects.select_related("pemilihan", "tps__kelurahan"),
                             scope, pk=scope.petugas_id)


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


@router.post("/sinkron", response={200: SyncOut, **galat(400, 401, 403, 413, 422)},
             summary="Kirim sekumpulan perubahan coklit")
def sinkron(request, payload: SyncIn):
    """One answer per change, in order. A change that breaks a rule or a limit (a number out
    of range, a control character, data too large) is answered ``rejected`` with its reasons
    per field, and the rest of the batch goes on. Only a batch whose envelope is unusable (not
    a list of objects, a change without a UUID ``id``, more than 200 changes) is refused as a
    whole (422)."""
    petugas = pantarlih(request)
    changes: list[services.Change | services.Ditolak] = []
    for kiriman in payload.perubahan:
        change, masalah = kiriman.periksa()
        changes.append(services.Change(**change.model_dump()) if change is not None
                       else services.Ditolak(kiriman.id, masalah))
    answers = services.sync(petugas, request.user, changes, sudah_diperiksa=True)
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
    sekarang: datetime = Field(description="waktu kerja server (simulasi bila diatur)")
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


@router.get("/daftar", response={200: WorklistOut, **galat(401, 403, 404, 422)},
            summary="Unduh daftar kerja TPS (atau perubahannya)")
def daftar(request, sejak: Annotated[int | None, Query(ge=0, le=MAKS_BIGINT)] = None):
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
        "sekarang": jam.sekarang(),
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
    nik: str = Field(min_length=16, max_length=16, pattern="^[0-9]{16}$",
                     description="16 digit angka ASCII")


class NikOut(Schema):
    terdaftar: bool
    tps: str | None = None
    nama_tersamar: str | None = None
    nik_tersamar: str | None = None


@router.post("/cek-nik", response={200: NikOut, **galat(400, 401, 403, 413, 422, 429)},
             summary="Apakah NIK sudah terdaftar di kab/kota?")
def cek_nik(request, payload: NikIn):
    """POST, so the NIK never appears in a URL or an access log. Limited per account and per
    client address (429 with ``Retry-After``); every lookup is audited."""
    petugas = pantarlih(request)
    found = nik_service.periksa(petugas, request.user, payload.nik,
                                alamat=alamat_klien(request))
    if found is None:
        return {"terdaftar": False}
    return {"terdaftar": True, "tps": f"TPS {found.tps.nomor:03d} {found.tps.kelurahan.nama}",
            "nama_tersamar": mask_nama(found.nama), "nik_tersamar": mask_nik(found.nik)}


class FotoIn(Schema):
    id: uuid.UUID
    # Documented as the accepted types; any other string is answered 415 (not 422), so the
    # field app can tell "wrong file type" from a broken request.
    tipe: str = Field(max_length=100, description="image/jpeg, image/png atau image/webp; "
                      "jenis lain dijawab 415",
                      json_schema_extra={"enum": sorted(foto_service.TIPE_DIIZINKAN)})
    ukuran: int = Field(ge=1, description=f"byte; paling besar {foto_service.MAKS_UKURAN}")


class FotoOut(Schema):
    id: uuid.UUID
    diterima: int
    ukuran: int
    selesai: bool


def _foto_out(f: Foto) -> dict:
    return {"id": f.id, "diterima": f.diterima, "ukuran": f.ukuran, "selesai": f.selesai}


@router.post("/foto", response={200: FotoOut, **galat(400, 401, 403, 404, 413, 415, 422, 429)},
             summary="Mulai (atau lanjutkan) unggahan foto")
def foto_mulai(request, payload: FotoIn):
    """Per account: at most 400 photos and 300 MB in total, and 10 unfinished uploads at once
    (413/429 say which limit and what to do). An upload unfinished after 48 hours is removed."""
    petugas = pantarlih(request)
    foto = foto_service.mulai(petugas, request.user, payload.id, payload.tipe, payload.ukuran)
    return _foto_out(foto)


@router.get("/foto/{foto_id}", response={200: FotoOut, **galat(401, 403, 404, 422)},
            summary="Berapa byte foto yang sudah diterima")
def foto_status(request, foto_id: uuid.UUID):
    petugas = pantarlih(request)
    foto = scoped(Foto.objects, request.scope).filter(pk=foto_id, petugas=petugas).first()
    if foto is None:
        raise HttpError(404, _("Foto tidak ditemukan."))
    return _foto_out(foto)


@router.put("/foto/{foto_id}",
            response={200: FotoOut, **galat(401, 403, 404, 409, 413, 415, 422)},
            summary="Kirim potongan foto mulai dari offset",
            openapi_extra={"requestBody": {"required": True, "content": {
                "application/octet-stream": {"schema": {"type": "string", "format": "binary"}}}}})
def foto_potongan(request, foto_id: uuid.UUID,
                  offset: Annotated[int, Query(ge=0, le=MAKS_INT)]):
    """Body: raw bytes of the chunk. A chunk at the wrong offset gets 409 with the offset the
    server has, so the phone resumes from there."""
    petugas = pantarlih(request)
    foto = foto_service.append_chunk(petugas, request.user, foto_id, offset, request.body)
    return _foto_out(foto)
