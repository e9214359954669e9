"""Coklit's condition for the DPHP plenary of a kelurahan: PPS has settled its review queue.

The DPHP is the list coklit produced as PPS approved it; a change still waiting for PPS (or
returned to a Pantarlih and not yet checked again) would either be lost or slip into the list
unreviewed, so the plenary waits for it (``daftar.pleno.pasang_prasyarat``).
"""

from __future__ import annotations

from selenggara.errors import masalah
from selenggara.rules.problem import Problem, gettext_noop
from selenggara.wilayah.models import Tingkat

from .models import Perubahan, Tinjauan


def antrean_kosong(pemilihan_id: int, tahap: str, tingkat: int, wilayah) -> list[Problem]:
    if tahap != "DPHP" or tingkat != Tingkat.KELURAHAN:
        return []
    terbuka = Perubahan.objects.filter(kelurahan_id=wilayah.pk,
                                       petugas__pemilihan_id=pemilihan_id)
    menunggu = terbuka.filter(tinjauan=Tinjauan.MENUNGGU).count()
    # A returned item is open while the voter still carries the PPS note (any change applied
    # to the voter since, a re-check by the Pantarlih, clears it).
    kembali = (terbuka.filter(tinjauan=Tinjauan.DIKEMBALIKAN).exclude(pemilih__catatan_pps="")
               .values("pemilih_id").distinct().count())
    problems = []
    if menunggu:
        problems.append(masalah("tahap", "coklit_menunggu_pps", gettext_noop(
            "%(n)s hasil coklit di %(wilayah)s masih menunggu tinjauan PPS; selesaikan antrean "
            "sebelum pleno DPHP."), n=menunggu, wilayah=wilayah.nama))
    if kembali:
        problems.append(masalah("tahap", "coklit_dikembalikan", gettext_noop(
            "%(n)s hasil coklit di %(wilayah)s dikembalikan ke Pantarlih dan belum dicek ulang; "
            "tunggu hasilnya atau putuskan sendiri sebelum pleno DPHP."), n=kembali,
            wilayah=wilayah.nama))
    return problems
