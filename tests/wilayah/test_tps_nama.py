"""TPS.nama is the place a TPS serves, never its label: pages print "TPS 001" themselves."""

import importlib

import pytest
from django.apps import apps

from selenggara.demo.generator import generate_tps
from selenggara.wilayah.models import TPS

pytestmark = pytest.mark.django_db


def test_demo_tps_carry_only_a_place_name():
    rows = generate_tps(2024)
    assert all(r.tempat == "" for r in rows if r.jenis == "REGULER")
    assert {r.tempat for r in rows if r.jenis == "LOKSUS"} >= {"Lapas Kelas IIA Kediri"}


def test_migration_strips_the_label_stored_by_earlier_demos(kediri_mini):
    ns = kediri_mini
    TPS.objects.filter(pk=ns.tps_bl1.pk).update(nama="TPS 001")
    TPS.objects.filter(pk=ns.tps_bl901.pk).update(nama="TPS 901 Lapas Kelas IIA Kediri")
    mig = importlib.import_module("selenggara.wilayah.migrations.0002_tps_nama_tempat")
    mig._tempat(apps, None)
    assert TPS.objects.get(pk=ns.tps_bl1.pk).nama == ""
    assert TPS.objects.get(pk=ns.tps_bl901.pk).nama == "Lapas Kelas IIA Kediri"
    assert TPS.objects.get(pk=ns.tps_bl901.pk).label == "TPS 901 Lapas Kelas IIA Kediri"
