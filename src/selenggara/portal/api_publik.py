"""Public JSON endpoints (no account): ``POST /api/publik/cek-dpt``, the same lookup as the
``/cek-dpt/`` form with the same limits and answers (``portal.cek_dpt``).

Body ``{"nik": "3571..."}``; answer ``{"terdaftar", "keadaan", "pesan", "hasil"}`` with
``hasil`` the masked registration or null. A malformed NIK and an unknown one get the same
answer (200, ``keadaan`` "tidak_ditemukan"); too many lookups answer 429 with ``Retry-After``
in the API's error shape ``{"detail", "jenis", "galat"}``.
"""

from __future__ import annotations

from django.http import JsonResponse
from ninja import Router, Schema

from selenggara.web.api_skema import galat

from . import cek_dpt as cek

router = Router(auth=None, tags=["publik"])


class CekDPTKeluar(Schema):
    terdaftar: bool
    keadaan: str
    pesan: str
    hasil: dict | None = None


class CekDPTMasuk(Schema):
    # Any scalar is accepted and looked up as text: a number or a string with letters gets the
    # "not found" answer, not a validation error that would tell it apart from an unknown NIK.
    nik: str | int | float | None = None


@router.post("/cek-dpt", auth=None, summary="Cek DPT: di mana NIK terdaftar",
             response={200: CekDPTKeluar, **galat(400, 422, 429)})
def cek_dpt(request, data: CekDPTMasuk):
    jawaban = cek.cek(request, data.nik)
    if jawaban.status == 429:
        response = JsonResponse({"detail": jawaban.pesan, "jenis": "terlalu_banyak",
                                 "galat": {}}, status=429)
        response["Retry-After"] = str(jawaban.coba_lagi_detik)
    else:
        response = JsonResponse(jawaban.as_dict(), status=jawaban.status)
    response["Cache-Control"] = "no-store"
    return response
