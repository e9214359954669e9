"""Elections."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from selenggara.pemilihan.models import Pemilihan
from tests.wilayah.factories import KabKotaFactory

HARI_PEMUNGUTAN = date(2024, 11, 27)


class PemilihanFactory(DjangoModelFactory):
    """The 2024 Pilkada of one kab/kota (a fresh one unless ``wilayah`` is given)."""

    class Meta:
        model = Pemilihan

    wilayah = factory.SubFactory(KabKotaFactory)
    tahun = 2024
    nama = factory.LazyAttribute(lambda o: f"Pemilihan Serentak {o.tahun} {o.wilayah.nama}")
    hari_pemungutan = HARI_PEMUNGUTAN
