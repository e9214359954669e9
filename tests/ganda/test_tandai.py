"""Records that arrive after a search (a coklit batch, a list-stage decision) are scored against
the list with the last run's model once their write commits (``pemilih.kait`` calls
``ganda.tandai``): a new duplicate joins the queue without a new search. One model run here."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import transaction

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.ganda import pencarian
from selenggara.ganda.models import PasanganGanda, StatusPasangan
from selenggara.pemilih.services import PenulisPemilih
from selenggara.rules import ganda as aturan
from selenggara.rules.nik import make_nik
from tests.factories import pemilih_baru

from . import bantu

pytestmark = pytest.mark.django_db


def tambah(k, user, *orang):
    """New voters through the writer service, as a Pantarlih's coklit batch adds them."""
    with transaction.atomic():
        appender = Appender()
        penulis = PenulisPemilih(appender)
        out = [penulis.tambah(p, aksi=AksiAudit.COKLIT_BARU, user=user) for p in orang]
        penulis.flush()
        appender.flush()
    return out


def baru(k, tps, nama, jk, lahir, *, nik, nkk, rt="001"):
    p = pemilih_baru(k.pemilihan, tps, nama, jk, lahir, nkk=nkk, rt=rt)
    p.nik = nik
    return p


def _pasangan(k):
    return {
        (x.pemilih_a_id, x.pemilih_b_id): x
        for x in PasanganGanda.objects.filter(pemilihan=k.pemilihan)
    }


def test_a_new_duplicate_joins_the_queue_after_the_write_commits(
    kediri_mini, django_capture_on_commit_callbacks
):
    k = kediri_mini
    t = bantu.tanam_daftar(k)
    run = pencarian.cari(k.kpu, k.pemilihan)
    sebelum = _pasangan(k)
    ahmad, _achmad = t.typo_varian
    haji, _supr = t.kk_nama_tgl
    lahir = date(2001, 7, 7)
    # The same NIK as AHMAD SUPRIYADI, at Pojok; SOEPRAPTO's household typed in a third time
    # with another NIK; and a stranger.
    p1 = baru(
        k,
        k.tps_pj2,
        "AHMAD SUPRIYADI",
        "L",
        ahmad.tanggal_lahir,
        nik=ahmad.nik,
        nkk="3571010101990050",
        rt="004",
    )
    p2 = baru(
        k,
        k.tps_pj2,
        "MOCH SUPRAPTO",
        "L",
        haji.tanggal_lahir,
        nik=make_nik("357101", haji.tanggal_lahir, "L", 1777),
        nkk=haji.nkk,
        rt="005",
    )
    p3 = baru(
        k,
        k.tps_bl1,
        "YOGI SAPUTRA",
        "L",
        lahir,
        nik=make_nik("357101", lahir, "L", 1778),
        nkk="3571010101990051",
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        p1, p2, p3 = tambah(k, k.pantarlih, p1, p2, p3)
    assert len(callbacks) == 1  # one scoring per committed write
    sesudah = _pasangan(k)
    baru_masuk = {key: x for key, x in sesudah.items() if key not in sebelum}
    assert set(baru_masuk) >= {
        aturan.pasangan(ahmad.pk, p1.pk),
        aturan.pasangan(haji.pk, p2.pk),
        aturan.pasangan(_supr.pk, p2.pk),
    }
    assert all(p3.pk not in key for key in baru_masuk)
    x = baru_masuk[aturan.pasangan(ahmad.pk, p1.pk)]
    assert (x.jenis, x.probabilitas, x.status) == (aturan.NIK_SAMA, 1.0, StatusPasangan.MENUNGGU)
    assert x.pencarian_id == run.pk and x.kelurahan_b_id == k.pojok.pk
    assert baru_masuk[aturan.pasangan(haji.pk, p2.pk)].jenis == aturan.KK_NAMA_TGL
    # Nothing the run found was dropped by the scoring of three records.
    assert set(sebelum) <= set(sesudah)

    # A corrected NIK that now equals another voter's: the edit is scored too.
    with django_capture_on_commit_callbacks(execute=True):
        p3 = bantu.ubah(p3, k.pps_bl, nik=t.lain[0].nik)
    x = _pasangan(k)[aturan.pasangan(t.lain[0].pk, p3.pk)]
    assert (
        x.jenis == aturan.NIK_SAMA
        and (x.versi_a, x.versi_b)[0 if x.pemilih_a_id == p3.pk else 1] == p3.versi == 2
    )

    # A write that rolls back scores nothing.
    p4 = baru(
        k,
        k.tps_bl2,
        "AHMAD SUPRIYADI",
        "L",
        ahmad.tanggal_lahir,
        nik=ahmad.nik,
        nkk="3571010101990052",
        rt="004",
    )
    jumlah = PasanganGanda.objects.count()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        tambah(k, k.pantarlih, p4)
        raise RuntimeError("batch refused")
    assert callbacks == [] and PasanganGanda.objects.count() == jumlah


def test_without_a_finished_search_nothing_is_scored(
    kediri_mini, django_capture_on_commit_callbacks
):
    k = kediri_mini
    ahmad = bantu.segar(k.pemilih["Ahmad Fauzi"])
    copy = baru(
        k, k.tps_bl2, ahmad.nama, "L", ahmad.tanggal_lahir, nik=ahmad.nik, nkk="3571010101990060"
    )
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        tambah(k, k.pantarlih, copy)
    assert len(callbacks) == 1 and not PasanganGanda.objects.exists()
