"""Shared fixtures. The one autouse fixture forgets the per-process area cache between tests
(tests roll their rows back, and SQLite then hands the same ids to other areas); nothing else
here is autouse, so tests that need no database stay database-free."""

from __future__ import annotations

import os

import pytest

# The audit key of the test run: never the developer's own key file under ~/.config, and no
# writable home needed (CI). Tests of the key's sources set their own environment.
os.environ.setdefault("SELENGGARA_AUDIT_KEY", "kunci-audit-uji-" + "x" * 40)
from django.test import Client

from tests import factories


@pytest.fixture(autouse=True)
def _lupakan_hierarki():
    from selenggara.wilayah import hierarki

    hierarki.lupakan()
    yield
    hierarki.lupakan()


@pytest.fixture
def kediri_mini(db):
    """A tiny Kota Kediri (see ``tests/factories.py``): areas, TPS, voters, officers, accounts.

    With ``live_server`` in the same test, pytest-django makes ``db`` transactional, so the
    server thread sees these rows on PostgreSQL too.
    """
    return factories.kediri_mini()


@pytest.fixture
def client_as():
    """``client_as(user)``: a test client logged in as ``user`` (or anonymous for None).

    ``force_login`` skips the authentication backends on purpose: django-axes refuses
    ``authenticate()`` calls without a request, and login throttling has its own tests.
    """

    def make(user=None) -> Client:
        c = Client()
        if user is not None:
            c.force_login(user)
        return c

    return make
