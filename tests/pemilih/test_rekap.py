"""The counters the writers keep equal a recount of the register, whatever happens.

A hypothesis state machine plays random sequences of syncs (Sesuai, Ubah, TMS 1-8, Baru,
stickers, paper reports), PPS decisions (approve, correct, return), admin moves and bulk loads
on the small fixture, and after every step checks: the register's counters (pemilih.Rekap)
equal a recount from the voters, the coklit counters equal a recount from the change rows,
and every day's changes sum to the totals.
"""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.coklit import keputusan, sync
from selenggara.coklit import rekap as rekap_coklit
from selenggara.coklit.models import Perubahan, RekapCoklit, RekapCoklitHarian, Tinjauan
from selenggara.coklit.sync import Change
from selenggara.errors import ServiceError
from selenggara.pemilih import rekap
from selenggara.pemilih.models import Pemilih, Rekap, RekapHarian
from selenggara.pemilih.services import PenulisPemilih, muat_massal
from selenggara.rules.hitungan import KOLOM
from selenggara.rules.nik import make_nik

pytestmark = pytest.mark.django_db


def _jumlah_harian(model, pemilihan_id, kolom):
    harian = {}
    for r in model.objects.filter(pemilihan_id=pemilihan_id).values("tingkat", "objek_id") \
            .annotate(**{k: Sum(k) for k in kolom}).order_by():
        harian[(r["tingkat"], r["objek_id"])] = {k: r[k] for k in kolom}
    return harian


def _total(model, pemilihan_id, kolom):
    return {(r.tingkat, r.objek_id): {k: getattr(r, k) for k in kolom}
            for r in model.objects.filter(pemilihan_id=pemilihan_id)}


def cek_semua(pemilihan_id):
    assert rekap.periksa(pemilihan_id) == []
    assert rekap_coklit.periksa(pemilihan_id) == []
    assert _jumlah_harian(RekapHarian, pemilihan_id, KOLOM) == _total(Rekap, pemilihan_id, KOLOM)
    k2 = rekap_coklit.KOLOM
    assert (_jumlah_harian(RekapCoklitHarian, pemilihan_id, k2)
            == _total(RekapCoklit, pemilihan_id, k2))


def test_rebuild_after_a_plain_orm_load_then_writers_keep_it(kediri_mini):
    ns = kediri_mini
    # The fixture wrote voters with the ORM: no counters until a rebuild.
    rekap.bangun_ulang(ns.pemilihan.pk)
    cek_semua(ns.pemilihan.pk)
    kota = Rekap.objects.get(pemilihan=ns.pemilihan, tingkat=2, objek_id=ns.kota.pk)
    assert (kota.pemilih, kota.ms, kota.tms, kota.tms_1) == (11, 10, 1, 1)
    ahmad = ns.pemilih["Ahmad Fauzi"]
    (a,) = sync.sync(ns.petugas_pantarlih, ns.pantarlih, [Change(
        id=uuid.uuid4(), aksi="TMS", pemilih_id=ahmad.pk, versi=ahmad.versi,
        data={"kode": "4"})])
    assert a.status == "applied"
    kota.refresh_from_db()
    assert (kota.ms, kota.tms_4, kota.coklit, kota.coklit_tms) == (9, 1, 1, 1)
    cek_semua(ns.pemilihan.pk)


class Pemilu(RuleBasedStateMachine):
    """One small kelurahan's coklit month, at random."""

    ns = None

    def __init__(self):
        super().__init__()
        self.ns = type(self).ns
        self.pid = self.ns.pemilihan.pk
        self.serial = 5000
        # Each example starts from the fixture: its writes are rolled back at teardown.
        self._atomic = transaction.atomic()
        self._atomic.__enter__()

    def teardown(self):
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)

    def _voters(self):
        return list(Pemilih.objects.filter(tps_id=self.ns.tps_bl1.pk, pemilihan_id=self.pid))

    def _kirim(self, changes):
        sync.sync(self.ns.petugas_pantarlih, self.ns.pantarlih, changes)

    @rule(data=st.data(), aksi=st.sampled_from(["SESUAI", "UBAH", "TMS"]),
          kode=st.sampled_from("12345678"))
    def coklit(self, data, aksi, kode):
        voters = self._voters()
        if not voters:
            return
        p = data.draw(st.sampled_from(voters))
        if aksi == "SESUAI":
            d = {"disabilitas": data.draw(st.sampled_from("0123"))}
        elif aksi == "UBAH":
            d = {"ubah": {"alamat": f"Jl. Acak {data.draw(st.integers(1, 99))}"}}
        elif kode == "8":
            d = {"kode": "8", "tps_tujuan": self.ns.tps_bl2.pk}
        else:
            d = {"kode": kode, "dokumen": "surat 1/2024"}
        stale = data.draw(st.booleans())
        self._kirim([Change(id=uuid.uuid4(), aksi=aksi, pemilih_id=p.pk,
                            versi=p.versi - 1 if stale and p.versi > 1 else p.versi, data=d)])

    @rule(jk=st.sampled_from("LP"))
    def baru(self, jk):
        self.serial += 1
        lahir = date(1990, 1, 15)
        self._kirim([Change(id=uuid.uuid4(), aksi="BARU", data={"pemilih": {
            "nkk": f"357101010120{self.serial:04d}", "nik": make_nik("35.71.01", lahir, jk,
                                                                     self.serial),
            "nama": "Warga Acak", "jenis_kelamin": jk, "tempat_lahir": "Kediri",
            "tanggal_lahir": lahir.isoformat(), "status_kawin": "S", "alamat": "Jl. Baru",
            "rt": "1", "rw": "2"}})])

    @rule(data=st.data())
    def stiker_atau_kertas(self, data):
        voters = self._voters()
        if voters and data.draw(st.booleans()):
            p = data.draw(st.sampled_from(voters))
            self._kirim([Change(id=uuid.uuid4(), aksi="STIKER", data={"nkk": p.nkk})])
        else:
            self._kirim([Change(id=uuid.uuid4(), aksi="KERTAS",
                                data={"jumlah": data.draw(st.integers(0, 2))})])

    @rule(data=st.data(), keputusan_=st.sampled_from(["setujui", "kembalikan", "koreksi",
                                                        "terapkan", "pertahankan"]))
    def pps(self, data, keputusan_):
        waiting = list(Perubahan.objects.filter(tinjauan=Tinjauan.MENUNGGU,
                                                tps__kelurahan=self.ns.bandar_lor))
        if not waiting:
            return
        row = data.draw(st.sampled_from(waiting))
        user = self.ns.pps_bl
        try:
            if keputusan_ == "setujui":
                keputusan.setujui(user, row.pk)
            elif keputusan_ == "kembalikan":
                keputusan.kembalikan(user, row.pk, "cek lagi")
            elif keputusan_ == "koreksi":
                keputusan.koreksi(user, row.pk, {"alamat": "Jl. Koreksi PPS"})
            else:
                keputusan.putus_konflik(user, row.pk, keputusan_)
        except ServiceError:
            pass  # the wrong decision for that kind of change: refused, nothing written

    @rule(data=st.data())
    def admin_pindah(self, data):
        voters = list(Pemilih.objects.filter(pemilihan_id=self.pid,
                                             kelurahan=self.ns.bandar_lor))
        if not voters:
            return
        p = data.draw(st.sampled_from(voters))
        tujuan = self.ns.tps_bl2 if p.tps_id == self.ns.tps_bl1.pk else self.ns.tps_bl1
        with transaction.atomic():
            appender = Appender()
            penulis = PenulisPemilih(appender)
            penulis.ubah(p, {"tps_id": tujuan.pk}, aksi=AksiAudit.ADMIN_UBAH, user=None)
            penulis.flush()
            appender.flush()

    @rule(n=st.integers(1, 3))
    def muat(self, n):
        from selenggara.db import next_id

        rows, pk = [], next_id(Pemilih)
        for i in range(n):
            self.serial += 1
            lahir = date(1980, 2, 1 + i)
            rows.append((pk + i, self.pid, self.ns.mojoroto.pk, self.ns.bandar_lor.pk,
                         self.ns.tps_bl2.pk, f"357101010120{self.serial:04d}",
                         make_nik("35.71.01", lahir, "P", self.serial), "Muat Massal", "P",
                         "Kediri", lahir, "B", "Jl. Muat", "001", "001", "0", "S", "DP4",
                         "ADAFTAR", "", "", "", 0, 1, timezone.now()))
        fields = ("id", "pemilihan", "kecamatan", "kelurahan", "tps", "nkk", "nik", "nama",
                  "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin", "alamat",
                  "rt", "rw", "disabilitas", "ktp_el", "sumber", "tahap", "tms_kode", "coklit",
                  "catatan_pps", "rev", "versi", "diubah")
        with transaction.atomic():
            appender = Appender()
            muat_massal(rows, fields, appender=appender)
            appender.flush()
        from selenggara.db import reset_sequence

        reset_sequence(Pemilih)

    @invariant()
    def counters_equal_a_recount(self):
        cek_semua(self.pid)


def test_counters_stay_equal_to_a_recount_under_random_work(kediri_mini):
    rekap.bangun_ulang(kediri_mini.pemilihan.pk)
    rekap_coklit.bangun_ulang(kediri_mini.pemilihan.pk)
    Pemilu.ns = kediri_mini
    run_state_machine_as_test(Pemilu, settings=settings(
        max_examples=8, stateful_step_count=12, deadline=None, derandomize=True,
        suppress_health_check=list(HealthCheck)))


def test_the_command_finds_and_repairs_a_drifted_counter(kediri_mini):
    from django.core.management import CommandError, call_command

    rekap.bangun_ulang(kediri_mini.pemilihan.pk)
    Rekap.objects.filter(tingkat=2).update(ms=0)  # a counter edited behind the writers' back
    with pytest.raises(CommandError, match="berbeda"):
        call_command("hitungan", "periksa", "--pemilihan", str(kediri_mini.pemilihan.pk))
    call_command("hitungan", "bangun-ulang", "--pemilihan", str(kediri_mini.pemilihan.pk))
    call_command("hitungan", "periksa", "--pemilihan", str(kediri_mini.pemilihan.pk))
