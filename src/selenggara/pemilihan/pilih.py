"""Which election a console command works on: the one asked for, or the only one there is.

Every ``selenggara`` command that reads one election takes ``--pemilihan ID``; with a single
election in the database the option may be left out, with several the command lists them and
asks. ``kode`` narrows the choice to the elections whose area holds that area code.
"""

from __future__ import annotations

from django.core.management.base import CommandError

from .models import Pemilihan


def pemilihan_perintah(pk: int | None, kode: str | None = None) -> Pemilihan:
    qs = Pemilihan.objects.select_related("wilayah").order_by("pk")
    if pk is not None:
        p = qs.filter(pk=pk).first()
        if p is None:
            raise CommandError(f"Pemilihan {pk} tidak ada.")
        return p
    semua = list(qs[:21])
    if kode:  # the election(s) whose area holds the one asked for
        semua = [p for p in semua
                 if kode == p.wilayah.kode or kode.startswith(p.wilayah.kode + ".")]
        if not semua:
            raise CommandError(f"Tidak ada pemilihan untuk wilayah {kode}.")
    if len(semua) == 1:
        return semua[0]
    if not semua:
        raise CommandError("Belum ada pemilihan di basis data.")
    daftar = "\n".join(f"  {p.pk}: {p.nama} ({p.wilayah.nama})" for p in semua[:20])
    raise CommandError(f"Basis data berisi lebih dari satu pemilihan; pilih dengan "
                       f"--pemilihan ID:\n{daftar}")
