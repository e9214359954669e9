"""The whole demo register (222,451 voters, loaded in bulk) verifies against its load records,
and one voter edited in SQL among them is named."""

import pytest
from django.db import connection, transaction

from selenggara.audit import kunci
from selenggara.audit.aksi import AksiAudit
from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.demo.loader import load_demo
from selenggara.pemilih.models import Pemilih

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module")
def config_modul(tmp_path_factory):
    """One key for the whole module: the demo is loaded once, before any test's own fixture."""
    mp = pytest.MonkeyPatch()
    mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    for name in (kunci.ENV_KEY, kunci.ENV_KEY_FILE, "SELENGGARA_AUDIT_ANCHOR_FILE"):
        mp.delenv(name, raising=False)
    kunci.reset()
    yield
    mp.undo()
    kunci.reset()


@pytest.fixture
def config_sendiri(config_modul):
    """Replaces the per-test config folder of conftest.py: this module shares one key."""


@pytest.fixture(scope="module")
def demo(config_modul, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo(seed=2024)
        yield summary
        transaction.set_rollback(True)


def test_demo_register_verifies_and_a_sql_edit_is_named(demo):
    loads = AuditRecord.objects.filter(aksi=AksiAudit.PEMILIH_MUAT)
    assert loads.count() == 46  # one per kelurahan
    assert sum(r.sesudah["sidik_muat"]["jumlah"] for r in loads) == 222_451
    result = verify(register=[Pemilih])
    assert result.ok, result.problems + result.register[0].masalah
    assert result.register[0].diperiksa == 222_451
    pk = Pemilih.objects.order_by("id").values_list("id", flat=True)[100_000]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE pemilih_pemilih SET rt = '099' WHERE id = %s", [pk])
        (hasil,) = verify(register=[Pemilih]).register
        transaction.set_rollback(True)
    assert hasil.jumlah_masalah == 1 and hasil.masalah[0].startswith(f"pemilih id {pk}:")
