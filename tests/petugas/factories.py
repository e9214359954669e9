"""Accounts and officers. Every account shares one hash of :data:`PASSWORD`."""

from __future__ import annotations

from datetime import date

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from factory.django import DjangoModelFactory

from selenggara.petugas.models import Petugas
from tests.pemilihan.factories import PemilihanFactory
from tests.wilayah.factories import KelurahanFactory

PASSWORD = "Kediri-uji-2024"
MASA_MULAI = date(2024, 5, 1)
MASA_SELESAI = date(2025, 1, 31)

_password_hash: str | None = None


def password_hash() -> str:
    """One hash of :data:`PASSWORD`, computed once per test run.

    Django's PBKDF2 costs ~0.5 s per hash by design; sharing one hash keeps the fixture fast
    without changing PASSWORD_HASHERS for other people's tests.
    """
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(PASSWORD)
    return _password_hash


class UserFactory(DjangoModelFactory):
    """A login account with :data:`PASSWORD`."""

    class Meta:
        model = get_user_model()

    username = factory.Sequence(lambda n: f"pengguna{n}")
    password = factory.LazyFunction(password_hash)
    first_name = ""


class PetugasFactory(DjangoModelFactory):
    """An officer (a PPS member of a fresh kelurahan unless told otherwise). With
    ``username`` it also gets a login account named after it, carrying the officer's scope."""

    class Meta:
        model = Petugas

    class Params:
        username = None

    pemilihan = factory.SubFactory(PemilihanFactory)
    user = factory.Maybe(
        "username",
        yes_declaration=factory.SubFactory(
            UserFactory,
            username=factory.SelfAttribute("..username"),
            first_name=factory.SelfAttribute("..nama"),
        ),
        no_declaration=None,
    )
    peran = "PPS"
    jabatan = "ANGGOTA"
    wilayah = factory.SubFactory(KelurahanFactory)
    tps = None
    nama = factory.Sequence(lambda n: f"Petugas {n}")
    jenis_kelamin = "L"
    masa_mulai = MASA_MULAI
    masa_selesai = MASA_SELESAI
