"""Areas and TPS. A factory's kode follows its parent's (``35.71`` → ``35.71.01`` →
``35.71.01.1001``) and the level follows the kode, as in Kemendagri's list."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from selenggara.wilayah.models import TPS, Tingkat, Wilayah

_TINGKAT_MENURUT_PANJANG = {2: Tingkat.PROVINSI, 5: Tingkat.KABKOTA, 8: Tingkat.KECAMATAN}


def tingkat_kode(kode: str) -> int:
    """The level of a dotted code: 2 characters a province, 5 a kab/kota, 8 a kecamatan."""
    return _TINGKAT_MENURUT_PANJANG.get(len(kode), Tingkat.KELURAHAN)


def _kode(induk: Wilayah | None, n: int) -> str:
    if induk is None:
        return f"{90 + n % 10}"  # provinces 90-99: outside the real 11-94 of the fixtures
    if induk.tingkat == Tingkat.KECAMATAN:
        return f"{induk.kode}.{2001 + n % 7999}"
    return f"{induk.kode}.{1 + n % 99:02d}"


class WilayahFactory(DjangoModelFactory):
    """An area; without ``induk`` a province. Pass ``kode`` to name a real one."""

    class Meta:
        model = Wilayah

    induk = None
    kode = factory.LazyAttributeSequence(lambda o, n: _kode(o.induk, n))
    nama = factory.Sequence(lambda n: f"Wilayah {n}")
    tingkat = factory.LazyAttribute(lambda o: tingkat_kode(o.kode))


class ProvinsiFactory(WilayahFactory):
    pass


class KabKotaFactory(WilayahFactory):
    induk = factory.SubFactory(ProvinsiFactory)
    nama = factory.Sequence(lambda n: f"Kota Uji {n}")


class KecamatanFactory(WilayahFactory):
    induk = factory.SubFactory(KabKotaFactory)
    nama = factory.Sequence(lambda n: f"Kecamatan Uji {n}")


class KelurahanFactory(WilayahFactory):
    induk = factory.SubFactory(KecamatanFactory)
    nama = factory.Sequence(lambda n: f"Kelurahan Uji {n}")


class TPSFactory(DjangoModelFactory):
    """A regular TPS; without ``kelurahan`` one in a fresh area chain."""

    class Meta:
        model = TPS

    kelurahan = factory.SubFactory(KelurahanFactory)
    nomor = factory.Sequence(lambda n: 1 + n % 899)
    jenis = "REGULER"
    alamat = factory.LazyAttribute(lambda o: f"Jl. Contoh No. {o.nomor}, {o.kelurahan.nama}")
    nama = ""
