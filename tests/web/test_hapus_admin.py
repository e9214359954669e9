"""Deleting an election (or an area, a TPS) with register data under it is refused at once,
without collecting its related rows; ordinary deletes still work."""

import pytest

from selenggara.pemilihan.models import Pemilihan, Tahapan
from selenggara.wilayah.models import TPS
from tests import factories

pytestmark = pytest.mark.django_db


def test_deleting_an_election_with_voters_is_refused_cheaply(kediri_mini, client_as,
                                                              django_assert_max_num_queries):
    ns = kediri_mini
    factories.buat_pemilih_banyak(ns.pemilihan, ns.tps_bl2, 500)
    c = client_as(ns.admin)
    url = f"/admin/pemilihan/pemilihan/{ns.pemilihan.pk}/delete/"
    with django_assert_max_num_queries(25):  # not one query per related voter
        r = c.get(url)
    html = r.content.decode()
    assert r.status_code == 200 and "sudah memiliki daftar pemilih" in html
    r = c.post(url, {"post": "yes"})
    assert Pemilihan.objects.filter(pk=ns.pemilihan.pk).exists()
    # The bulk action is refused the same way.
    r = c.post("/admin/pemilihan/pemilihan/", {"action": "delete_selected",
                                               "_selected_action": [ns.pemilihan.pk],
                                               "post": "yes"})
    assert Pemilihan.objects.filter(pk=ns.pemilihan.pk).exists()


def test_a_tps_with_voters_is_refused_an_empty_one_and_a_stage_are_deleted(kediri_mini,
                                                                           client_as):
    ns = kediri_mini
    c = client_as(ns.admin)
    r = c.get(f"/admin/wilayah/tps/{ns.tps_bl1.pk}/delete/")
    assert "masih memiliki pemilih" in r.content.decode()
    kosong = factories.buat_tps(ns.bandar_lor, 3)
    r = c.post(f"/admin/wilayah/tps/{kosong.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not TPS.objects.filter(pk=kosong.pk).exists()
    tahap = Tahapan.objects.create(pemilihan=ns.pemilihan, kode="uji", nama="Uji",
                                   mulai="2024-06-01", selesai="2024-06-02", urutan=99)
    r = c.post(f"/admin/pemilihan/tahapan/{tahap.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and not Tahapan.objects.filter(pk=tahap.pk).exists()
