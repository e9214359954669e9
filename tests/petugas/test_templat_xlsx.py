"""The Pantarlih upload template, snapshotted as data (tests/snapshots.py), not as zip bytes."""

from tests.snapshots import xlsx_snapshot


def test_pantarlih_template_of_bandar_lor(kediri_mini, client_as, snapshot):
    r = client_as(kediri_mini.pps_bl).get("/pps/pantarlih/templat.xlsx")
    assert r.status_code == 200
    assert r["Content-Disposition"] == 'attachment; filename="templat-pantarlih-bandarlor.xlsx"'
    assert xlsx_snapshot(r.content) == snapshot
