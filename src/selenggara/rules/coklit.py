"""What a coklit outcome does to a voter record, as plain data (no validation here).

One definition for the sync (which validates, then applies it), the PPS review (which shows a
conflicting change side by side with the current record) and any report that explains a change.
"""

from __future__ import annotations

from selenggara.rules import kode

SESUAI, UBAH, TMS, BARU, STIKER = "SESUAI", "UBAH", "TMS", "BARU", "STIKER"


def efek(aksi: str, data: dict) -> dict:
    """The fields an outcome sets: ``{"coklit": ..., ...}``.

    - Sesuai: the person is there and eligible, so an earlier TMS mark goes; disability and
      KTP-el may be recorded with it.
    - Ubah: the corrected elements, coklit "UBAH".
    - TMS 1-7: the code; TMS 8 (salah TPS) is a move to ``tps_tujuan`` (``tps_id``), recorded
      as "UBAH" because the voter stays on the list.
    """
    data = data or {}
    if aksi == SESUAI:
        extra = {k: data[k] for k in ("disabilitas", "ktp_el") if k in data}
        return {**extra, "coklit": SESUAI, "tms_kode": ""}
    if aksi == UBAH:
        ubah = data.get("ubah")
        return {**(ubah if isinstance(ubah, dict) else {}), "coklit": UBAH}
    if aksi == TMS:
        kode_tms = str(data.get("kode", ""))
        if kode_tms == kode.TMS_SALAH_TPS:
            return {"tps_id": data.get("tps_tujuan"), "coklit": UBAH}
        return {"tms_kode": kode_tms, "coklit": TMS}
    return {}
