"""PPS in the demo simulation: evaluating e-coklit in weeks 3-4 (DOMAIN.md).

From the first day of week 3 (8 Jul 2024) to the last day of coklit, Monday to Saturday, each
kelurahan's PPS holds one session in office hours and works through its review queue, oldest
first, so that the queue is empty on the last day (:func:`selenggara.demo.simulasi.kuota`). A
session calls the services of :mod:`selenggara.coklit.keputusan` as the PPS pages do:

- a **conflict** (two Pantarlih checked the same voter): ``putus_konflik`` "terapkan" when the
  later one brought a finding (TMS, Ubah) on a voter the earlier one marked Sesuai, else
  "pertahankan";
- an **Ubah with a typo** (the name differs from the true one): ``koreksi`` with the true name;
- a few % **returned** with a note (``kembalikan``; until five days before the end, never a TMS
  8 move, never a voter returned before), more often a TMS 4 (moved) or TMS 2 (duplicate) than
  an Ubah; the Pantarlih re-checks it 1-3 days later (``simulasi._ulang_tertunda``);
- everything else **approved** in one ``setujui_banyak`` per session.
"""

from __future__ import annotations

from datetime import datetime

from selenggara.coklit import keputusan
from selenggara.coklit.models import Perubahan, Status, Tinjauan
from selenggara.demo.simulasi_jadwal import Kalender, pecahan
from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.rules import kode
from selenggara.web import jam

HARI_MULAI_EVALUASI = 15  # day 15 = the first day of week 3 (8 Jul 2024)
HARI_TERAKHIR_KEMBALI = 5  # no returns in the last five days: the re-check must come back

PELUANG_KEMBALI = {
    kode.TMS_MENINGGAL: 0.04, kode.TMS_PINDAH_DOMISILI: 0.06, kode.TMS_GANDA: 0.05,
    kode.TMS_DI_BAWAH_UMUR: 0.03, kode.TMS_TNI: 0.03, kode.TMS_POLRI: 0.03,
    kode.TMS_SALAH_TPS: 0.0, "UBAH": 0.02, "BARU": 0.03,
}
CATATAN = {
    kode.TMS_MENINGGAL: "Bukti kematian belum jelas: minta surat keterangan kematian dari "
                        "kelurahan atau RT, lalu coklit ulang.",
    kode.TMS_PINDAH_DOMISILI: "Pastikan pemilih benar-benar sudah pindah domisili (tanyakan "
                              "keluarga atau ketua RT), lalu coklit ulang.",
    kode.TMS_GANDA: "Periksa lagi: pastikan ini orang yang sama dengan pemilih yang "
                    "dipertahankan (NIK, nama, tanggal lahir, KK) sebelum ditandai ganda.",
    "UBAH": "Cocokkan lagi perbaikan data dengan KTP-el/KK pemilih, lalu coklit ulang.",
    "BARU": "Periksa KTP-el/KK pemilih baru ini dan pastikan berdomisili di wilayah TPS ini.",
}
CATATAN_LAIN = "Periksa lagi dokumen pendukung TMS ini, lalu coklit ulang."


def hari_kerja(kal: Kalender, hari: int) -> bool:
    """PPS evaluate from week 3 to the last day of coklit, Monday to Saturday."""
    return (HARI_MULAI_EVALUASI <= hari <= kal.jumlah_hari
            and kal.tanggal(hari).weekday() != 6)


def _sisa_hari_kerja(kal: Kalender, hari: int) -> int:
    return sum(1 for h in range(hari, kal.jumlah_hari + 1) if hari_kerja(kal, h))


def _jenis(row: dict) -> str:
    if row["aksi"] == "TMS":
        return str((row["data"] or {}).get("kode", ""))
    return row["aksi"]


def _salah_ketik(benar: dict | None, sesudah: dict | None) -> dict:
    """The true values of the elements an Ubah set differently (PPS's correction), or {}."""
    if not benar or not sesudah:
        return {}

    def teks(v) -> str:
        return " ".join(str(v).split()).upper()

    return {k: v for k, v in benar.items() if k in sesudah and teks(sesudah[k]) != teks(v)}


def sesi(dunia, kel, hari: int, waktu: datetime, hasil) -> None:
    """One PPS session of kelurahan ``kel`` at ``waktu``."""
    from selenggara.demo.simulasi import kuota

    if not kel.pps:
        return
    antre = list(Perubahan.objects.filter(kelurahan_id=kel.id, tinjauan=Tinjauan.MENUNGGU)
                 .order_by("id").values("id", "client_id", "aksi", "status", "pemilih_id",
                                        "tps_id", "data", "sesudah"))
    if not antre:
        return
    kal = dunia.kal
    antre = antre[:kuota(len(antre), _sisa_hari_kerja(kal, hari))]
    user = kel.pps[hari % len(kel.pps)]
    pernah = set(Perubahan.objects.filter(kelurahan_id=kel.id,
                                          tinjauan=Tinjauan.DIKEMBALIKAN)
                 .values_list("pemilih_id", flat=True))
    konflik = [r["pemilih_id"] for r in antre if r["status"] == Status.CONFLICT]
    pemilih = {pk: (c, t) for pk, c, t in Pemilih.objects.filter(pk__in=konflik)
               .values_list("id", "coklit", "tps_id")}
    boleh_kembali = hari <= kal.jumlah_hari - HARI_TERAKHIR_KEMBALI
    setuju: list[int] = []
    with jam.pada(waktu):
        for r in antre:
            if r["status"] == Status.CONFLICT:
                coklit, tps_id = pemilih.get(r["pemilih_id"], ("", None))
                terapkan = r["aksi"] != "SESUAI" and coklit == "SESUAI" and tps_id == r["tps_id"]
                try:
                    if terapkan:
                        keputusan.putus_konflik(user, r["id"], keputusan.TERAPKAN,
                                                "Temuan Pantarlih diterapkan setelah dicek.")
                        hasil.keputusan["konflik_terapkan"] += 1
                        continue
                except ServiceError:
                    pass
                keputusan.putus_konflik(user, r["id"], keputusan.PERTAHANKAN,
                                        "Pemilih sudah dicoklit; data yang ada dipertahankan.")
                hasil.keputusan["konflik_pertahankan"] += 1
                continue
            jenis = _jenis(r)
            benar = _salah_ketik(dunia.benar.get(r["pemilih_id"]), r["sesudah"]) if (
                r["aksi"] == "UBAH") else {}
            if benar:
                keputusan.koreksi(user, r["id"], benar)
                hasil.keputusan["koreksi"] += 1
                continue
            if (boleh_kembali and r["pemilih_id"] not in pernah and pecahan(
                    dunia.seed, "kembali", str(r["client_id"])) < PELUANG_KEMBALI.get(jenis, 0)):
                keputusan.kembalikan(user, r["id"], CATATAN.get(jenis, CATATAN_LAIN))
                pernah.add(r["pemilih_id"])
                hasil.keputusan["kembalikan"] += 1
                continue
            setuju.append(r["id"])
        for awal in range(0, len(setuju), keputusan.MAKS_SETUJUI_BANYAK):
            keputusan.setujui_banyak(user, setuju[awal:awal + keputusan.MAKS_SETUJUI_BANYAK])
        hasil.keputusan["setujui"] += len(setuju)
