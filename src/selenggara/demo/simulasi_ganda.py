"""The demo's duplicate search: KPU Kota runs it once coklit is over, before the DPHP.

Early on the morning of the PPS final check (25 Jul 2024, 07:00-09:00) the KPU operator runs
the search over the whole kota through the same service as the page's button
(``ganda.pencarian``) and works the queue through ``ganda.keputusan``, as an operator who
checks each pair against the documents would: a planted duplicate (``KebenaranDemo`` GANDA) is
the same person and one record is struck with TMS 2 (the one the rule does not keep); a look-
alike (MIRIP: twins, father and son, a common name) or any other pair is two people. About one
pair in ten among the probabilistic ones is first sent for a field check, and the PPS of the
struck record's kelurahan reports back the same day before the operator decides.

What coklit's Pantarlih already struck as TMS 2 is not in the search at all (the search
reads eligible voters only). The strikes here change how many duplicates the PPS final check
finds later that day; the published DPS figures are met by that check, which closes the gap
per sex from what is left.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time

from django.utils import timezone

from selenggara.ganda import keputusan, pencarian
from selenggara.ganda.models import PasanganGanda, StatusPasangan
from selenggara.petugas.models import Petugas
from selenggara.rules import ganda as aturan
from selenggara.web import jam

from .models import KebenaranDemo
from .simulasi_jadwal import pecahan

HARI = date(2024, 7, 25)
PELUANG_CEK = 0.1


def _waktu(jam_: int, menit: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(HARI, time(jam_, menit)))


def kebenaran_pasangan(pemilihan_id: int) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """The planted duplicate pairs and the planted look-alike pairs, in ``rules.ganda`` order."""
    ganda, mirip = set(), set()
    for kategori, pid, data in KebenaranDemo.objects.filter(
            kategori__in=("GANDA", "MIRIP"), pemilih__pemilihan_id=pemilihan_id).values_list(
            "kategori", "pemilih_id", "data"):
        lain = data.get("pemilih_dipertahankan") or data.get("pemilih_lain")
        if lain and lain != pid:
            (ganda if kategori == "GANDA" else mirip).add(aturan.pasangan(pid, lain))
    return ganda, mirip


def periksa_ganda(pemilihan, kpu_user, seed: int) -> tuple[list[str], Counter]:
    """Run the search and decide every pair; returns the day's lines and the counts."""
    hitung: Counter = Counter()
    with jam.pada(_waktu(7)):
        run = pencarian.cari(kpu_user, pemilihan)
    ganda, _mirip = kebenaran_pasangan(pemilihan.pk)
    pps = {p.wilayah_id: p.user for p in Petugas.objects.filter(
        pemilihan=pemilihan, peran="PPS", aktif=True).select_related("user").order_by("id")}
    antre = list(PasanganGanda.objects.filter(pemilihan=pemilihan, status=StatusPasangan.MENUNGGU)
                 .order_by("-probabilitas", "pemilih_a_id", "pemilih_b_id"))
    for i, x in enumerate(antre):
        menit = 7 * 60 + 30 + i * 80 // max(1, len(antre))  # 07:30-08:50, before the PPS
        with jam.pada(_waktu(menit // 60, menit % 60)):
            sama = (x.pemilih_a_id, x.pemilih_b_id) in ganda
            if (x.jenis == aturan.PROBABILISTIK
                    and pecahan(seed, "ganda-cek", x.pemilih_a_id, x.pemilih_b_id) < PELUANG_CEK):
                keputusan.putuskan(kpu_user, x.pk, keputusan=StatusPasangan.CEK_LAPANGAN,
                                   versi_a=x.versi_a, versi_b=x.versi_b,
                                   catatan="Mohon cek ke rumah: KTP-el dan KK.")
                petugas = pps.get(x.kelurahan_b_id) or pps.get(x.kelurahan_a_id)
                keputusan.catat_lapangan(
                    petugas, x.pk, temuan=StatusPasangan.SAMA if sama else StatusPasangan.BERBEDA,
                    catatan="Ditemui keluarga; dicocokkan dengan KK dan KTP-el.")
                hitung["cek"] += 1
                x.refresh_from_db()
            keputusan.putuskan(kpu_user, x.pk,
                               keputusan=StatusPasangan.SAMA if sama else StatusPasangan.BERBEDA,
                               versi_a=x.versi_a, versi_b=x.versi_b)
            hitung["sama" if sama else "berbeda"] += 1
    baris = [f"KPU mencari data ganda: {run.jumlah_rekam:,} pemilih, "
             f"{run.jumlah_dibandingkan:,} pasangan dibandingkan, {run.jumlah_ditemukan:,} "
             f"pasangan ditemukan ({run.detik:.0f} detik)",
             f"KPU memutuskan {len(antre):,} pasangan: {hitung['sama']:,} orang yang sama "
             f"(dicoret TMS 2), {hitung['berbeda']:,} orang berbeda; {hitung['cek']:,} dicek "
             "ke lapangan lebih dulu"]
    return baris, hitung
