"""The API's one error shape, for the OpenAPI document of every router (the shape itself is
produced once, in ``selenggara/api.py``)."""

from __future__ import annotations

from ninja import Field, Schema


class GalatOut(Schema):
    """Every error answer: one line, its kind, and the messages per field."""

    detail: str = Field(description="satu kalimat untuk ditampilkan")
    jenis: str = Field(description="tidak_valid, belum_masuk, ditolak, tidak_ditemukan, konflik, "
                                   "terlalu_besar, terlalu_banyak, tipe_salah, galat_server")
    galat: dict[str, list[str]] = Field(description="pesan per isian (\"\" = tanpa isian)")


def galat(*status: int) -> dict[int, type[GalatOut]]:
    """The error statuses of an operation, documented with :class:`GalatOut`."""
    return {s: GalatOut for s in status}
