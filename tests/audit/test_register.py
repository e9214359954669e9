"""The register agrees with the audit log: a voter row changed other than through the
voter-write protocol (plain SQL) is found and named by `audit verify --register`."""

import uuid
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.models import AuditRecord
from selenggara.audit.services import Appender, sidik_awal, verify
from selenggara.audit.sidik import periksa_register
from selenggara.coklit import sync
from selenggara.db import adapt, next_id, reset_sequence
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import PenulisPemilih, muat_massal, ubah_satu
from tests import factories

pytestmark = pytest.mark.django_db

FIELDS = ("id", "pemilihan", "kecamatan", "kelurahan", "tps", "nkk", "nik", "nama",
          "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin", "alamat", "rt", "rw",
          "disabilitas", "ktp_el", "sumber", "tahap", "tms_kode", "coklit", "catatan_pps",
          "rev", "versi", "diubah")


def muat(ns, tps, n: int, awalan="Muat") -> list[int]:
    """Bulk-load ``n`` voters of ``tps`` the way the DP4 load does (muat_massal)."""
    first = next_id(Pemilih)
    now = timezone.now()
    rows = []
    for i in range(n):
        p = factories.pemilih_baru(ns.pemilihan, tps, f"{awalan} {i:04d}",
                                   "L" if i % 2 else "P", date(1960 + i % 40, 1 + i % 12, 1))
        p.id, p.rev, p.versi, p.diubah = first + i, 0, 1, now
        rows.append(tuple(adapt(getattr(p, Pemilih._meta.get_field(f).attname)) for f in FIELDS))
    with transaction.atomic():
        appender = Appender()
        muat_massal(rows, FIELDS, appender=appender, catatan={"uji": True})
        appender.flush()
        reset_sequence(Pemilih)
    return list(range(first, first + n))


@pytest.fixture
def ns(kediri_mini):
    # The fixture's voters are made by factories, outside the protocol: take them as the
    # baseline, as a deployment that had voters before fingerprints existed would.
    call_command("audit", "sidik-awal", "--ya")
    return kediri_mini


def _sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _register():
    result = verify(register=[Pemilih])
    assert result.problems == []
    (hasil,) = result.register
    return hasil


def _write_through_protocol(ns, loaded: list[int]):
    """Some of everything: a coklit sync (SESUAI, UBAH), an admin-style change with a TPS
    move, a new voter, a change to a bulk-loaded voter, two changes in one batch."""
    ahmad, siti = (Pemilih.objects.get(pk=ns.pemilih[n].pk) for n in ("Ahmad Fauzi",
                                                                       "Siti Aminah"))
    answers = sync.sync(ns.petugas_pantarlih, ns.pantarlih, [
        sync.Change(id=uuid.uuid4(), aksi="SESUAI", pemilih_id=ahmad.pk, versi=ahmad.versi,
                    data={"ktp_el": "S", "disabilitas": "0"}),
        sync.Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=siti.pk, versi=siti.versi,
                    data={"ubah": {"alamat": "Jl. Mawar 3"}}),
    ])
    assert [a.status for a in answers] == ["applied", "applied"], [a.galat for a in answers]
    with transaction.atomic():
        appender = Appender()
        dewi = Pemilih.objects.get(pk=ns.pemilih["Dewi Lestari"].pk)
        ubah_satu(dewi, {"tps_id": ns.tps_bl1.pk, "rt": "009"}, aksi=AksiAudit.ADMIN_UBAH,
                  user=ns.admin, appender=appender)
        penulis = PenulisPemilih(appender)
        baru = factories.pemilih_baru(ns.pemilihan, ns.tps_bl2, "Warga Baru", "P",
                                      date(2001, 2, 3))
        penulis.tambah(baru, aksi=AksiAudit.ADMIN_TAMBAH, user=ns.admin)
        p = Pemilih.objects.get(pk=loaded[0])
        penulis.ubah(p, {"nama": "MUAT DIUBAH"}, aksi=AksiAudit.ADMIN_UBAH, user=ns.admin)
        penulis.ubah(p, {"rw": "007"}, aksi=AksiAudit.ADMIN_UBAH, user=ns.admin)
        penulis.flush()
        appender.flush()
    return baru


def test_protocol_writes_keep_the_register_verifiable(ns):
    awal = Pemilih.objects.count()
    loaded = muat(ns, ns.tps_bl2, 30)
    _write_through_protocol(ns, loaded)
    hasil = _register()
    assert hasil.ok, hasil.masalah
    assert hasil.diperiksa == Pemilih.objects.count() == awal + 30 + 1
    call_command("audit", "verify", "--register")
    # Every change record carries both fingerprints; the load one record with all of them.
    rec = AuditRecord.objects.filter(aksi="coklit.ubah").get()
    assert len(rec.sidik_sebelum) == len(rec.sidik_sesudah) == 16
    assert rec.sidik_sebelum != rec.sidik_sesudah
    load = AuditRecord.objects.get(aksi=AksiAudit.PEMILIH_MUAT)
    assert load.sesudah["sidik_muat"]["jumlah"] == 30 and load.objek_id == ""


def test_row_edited_in_sql_is_named(ns):
    loaded = muat(ns, ns.tps_bl2, 5)
    siti = ns.pemilih["Siti Aminah"].pk
    _sql("UPDATE pemilih_pemilih SET nama = 'ORANG LAIN' WHERE id = %s", [siti])
    _sql("UPDATE pemilih_pemilih SET tms_kode = '2' WHERE id = %s", [loaded[3]])
    result = verify(register=[Pemilih])
    assert not result.ok
    (hasil,) = result.register
    assert hasil.jumlah_masalah == 2
    assert hasil.masalah[0].startswith(f"pemilih id {siti}:") and "diubah" in hasil.masalah[0]
    assert hasil.masalah[1].startswith(f"pemilih id {loaded[3]}:")
    with pytest.raises(CommandError, match="Register tidak cocok"):
        call_command("audit", "verify", "--register")


def test_sql_edit_laundered_by_a_later_protocol_write_is_found(ns):
    """The later write stores the whole row, tampered field included, and fingerprints it;
    its 'before' fingerprint no longer follows from the record before it."""
    ahmad = ns.pemilih["Ahmad Fauzi"]
    _sql("UPDATE pemilih_pemilih SET tanggal_lahir = '1970-01-01' WHERE id = %s", [ahmad.pk])
    p = Pemilih.objects.get(pk=ahmad.pk)
    with transaction.atomic():
        seq = ubah_satu(p, {"rt": "005"}, aksi=AksiAudit.ADMIN_UBAH, user=ns.admin,
                        appender=(appender := Appender()))
        appender.flush()
    (hasil,) = verify(register=[Pemilih]).register
    assert [m.split(":")[0] for m in hasil.masalah] == [f"pemilih id {ahmad.pk}"]
    assert f"sebelum catatan #{seq}" in hasil.masalah[0]


def test_rows_inserted_or_deleted_in_sql_are_named(ns):
    loaded = muat(ns, ns.tps_bl2, 5)
    baru = _write_through_protocol(ns, loaded)
    palsu = factories.pemilih_baru(ns.pemilihan, ns.tps_bl1, "Pemilih Siluman", "L",
                                   date(1990, 1, 1))
    palsu.save()  # the ORM outside the protocol: no audit record, no fingerprint
    for pk in (loaded[2], baru.pk, ns.pemilih["Wahyuni"].pk):
        _sql("DELETE FROM pemilih_pemilih WHERE id = %s", [pk])
    (hasil,) = verify(register=[Pemilih]).register
    by_id = {int(m.split(":")[0].split()[-1]): m for m in hasil.masalah}
    assert set(by_id) == {palsu.pk, loaded[2], baru.pk, ns.pemilih["Wahyuni"].pk}
    assert "disisipkan" in by_id[palsu.pk]
    assert all("dihapus" in by_id[pk] for pk in (loaded[2], baru.pk, ns.pemilih["Wahyuni"].pk))


def test_row_rolled_back_to_an_earlier_state_is_found(ns):
    """Restoring a voter's whole earlier row (versi and rev included) matches an earlier
    record's fingerprint, but not the last one's."""
    pk = ns.pemilih["Budi Santoso"].pk
    cols = [f.column for f in Pemilih._meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(cols)} FROM pemilih_pemilih WHERE id = %s", [pk])
        lama = cursor.fetchone()
    with transaction.atomic():
        ubah_satu(Pemilih.objects.get(pk=pk), {"tms_kode": "2"}, aksi=AksiAudit.ADMIN_UBAH,
                  user=ns.admin, appender=(appender := Appender()))
        appender.flush()
    assert _register().ok
    _sql(f"UPDATE pemilih_pemilih SET {', '.join(c + ' = %s' for c in cols)} WHERE id = %s",
         [*lama, pk])
    (hasil,) = verify(register=[Pemilih]).register
    assert len(hasil.masalah) == 1 and hasil.masalah[0].startswith(f"pemilih id {pk}:")


def test_fingerprints_need_the_key_a_forged_one_does_not_pass(ns):
    """An attacker who edits a row and writes a fingerprint computed with what they can find
    (SECRET_KEY) into the record breaks the chain; into nothing, the row stays flagged."""
    pk = ns.pemilih["Siti Aminah"].pk
    _sql("UPDATE pemilih_pemilih SET nama = 'ORANG LAIN' WHERE id = %s", [pk])
    AuditRecord.objects.filter(aksi=AksiAudit.AUDIT_SIDIK_AWAL).update(sidik_sesudah="0" * 16)
    result = verify(register=[Pemilih])
    assert not result.ok and result.problems  # the chain itself
    assert result.register == []  # a broken chain vouches for no register


def test_without_a_baseline_rows_made_outside_the_protocol_are_flagged(kediri_mini):
    hasil = periksa_register(Pemilih)
    assert hasil.jumlah_masalah == Pemilih.objects.count() > 0
    assert all("disisipkan" in m for m in hasil.masalah)


def test_baseline_needs_yes(kediri_mini):
    with pytest.raises(CommandError, match="--ya"):
        call_command("audit", "sidik-awal")
    assert not AuditRecord.objects.filter(aksi=AksiAudit.AUDIT_SIDIK_AWAL).exists()
    assert sidik_awal(Pemilih) == Pemilih.objects.count()
    assert periksa_register(Pemilih).ok


def test_the_check_streams_in_windows(ns):
    """Queries grow with id windows (1,000 ids each), never with rows."""
    awal = Pemilih.objects.count()
    muat(ns, ns.tps_bl2, 2500)
    with CaptureQueriesContext(connection) as ctx:
        hasil = periksa_register(Pemilih)
    assert hasil.ok and hasil.diperiksa == awal + 2500
    assert len(ctx.captured_queries) <= 3 + 2 * 3 + 2


def test_problems_never_show_a_nik(ns):
    p = ns.pemilih["Siti Aminah"]
    _sql("UPDATE pemilih_pemilih SET nik = %s WHERE id = %s", ["3571014703850099", p.pk])
    (hasil,) = verify(register=[Pemilih]).register
    text = " ".join(hasil.masalah)
    assert p.nik not in text and "3571014703850099" not in text and p.nama not in text
