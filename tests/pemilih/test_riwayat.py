"""The voter page shows the voter's history from the audit log, scoped like the voter."""

import uuid

import pytest
from django.utils import timezone

from selenggara.coklit import keputusan, sync
from selenggara.coklit.models import Perubahan
from selenggara.coklit.sync import Change

pytestmark = pytest.mark.django_db


def test_voter_page_shows_who_changed_what_and_when(kediri_mini, client_as):
    ns = kediri_mini
    ahmad = ns.pemilih["Ahmad Fauzi"]
    change = Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=ahmad.pk, versi=ahmad.versi,
                    data={"ubah": {"alamat": "Jl. Mawar 3"}}, waktu_perangkat=timezone.now())
    (answer,) = sync.sync(ns.petugas_pantarlih, ns.pantarlih, [change])
    assert answer.status == "applied"
    keputusan.setujui(ns.pps_bl, Perubahan.objects.get(client_id=change.id).pk)

    html = client_as(ns.pps_bl).get(f"/pemilih/{ahmad.pk}/").content.decode()
    assert "Riwayat perubahan" in html
    assert "coklit: ubah data" in html and "pantarlih_bl1" in html
    assert "JL. MAWAR 3" in html  # the new value, as the rules normalise it
    assert "PPS: disetujui" in html and "pps_bandarlor" in html
    # A voter nobody touched has an empty history, said plainly.
    siti = ns.pemilih["Siti Aminah"]
    html = client_as(ns.pps_bl).get(f"/pemilih/{siti.pk}/").content.decode()
    assert "Belum ada perubahan" in html


def test_history_is_scoped_like_the_voter(kediri_mini, client_as):
    ns = kediri_mini
    ahmad = ns.pemilih["Ahmad Fauzi"]
    assert client_as(ns.pps_pj).get(f"/pemilih/{ahmad.pk}/").status_code == 404
    assert client_as(None).get(f"/pemilih/{ahmad.pk}/").status_code == 302
