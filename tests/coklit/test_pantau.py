"""Monitoring coklit (coklit.pantau): the read model on a small Kota Kediri, the plan and its
checks, scope (pages and exports), the CLI, and the proof that a page reads counters only.

The story, in the 2024 calendar (coklit 24 Jun - 24 Jul, default plan 100% on 7 Jul), with the
register's counters rebuilt on the eve (23 Jun) and each sync on its own day:

- 26 Jun: Joko (Bandar Lor TPS 001) checks Ahmad and Budi in the app and reports 2 + 1 voters
  on paper for 25 and 26 Jun;
- 29 Jun: Bambang (TPS 002) checks Dewi;
- 30 Jun: Joko marks Siti TMS 4 and reports 1 more on paper; Bambang reports 2 on paper;
- 1 Jul, 08:00: PPS returns Siti's TMS to Joko (she is "not checked" again);
- Endang (TPS 001) and Heru (Pojok TPS 001) never sync.

The working date is 1 Jul, 10:00 (day 8, plan 8/14 = 57.14%).
"""

from __future__ import annotations

import io
import json
import uuid
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from selenggara.audit.models import AuditRecord
from selenggara.coklit import keputusan, pantau, rencana
from selenggara.coklit import sync as sync_mod
from selenggara.coklit.models import RencanaCoklit
from selenggara.coklit.sync import Change
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih import rekap as rekap_pemilih
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Tahapan
from selenggara.petugas.models import Petugas
from selenggara.petugas.scope import get_scope
from selenggara.web import jam
from tests.factories import buat_pemilih_banyak

MULAI, SELESAI = date(2024, 6, 24), date(2024, 7, 24)
HARI_KERJA = date(2024, 7, 1)


def wib(d: date, jam_: int = 20) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, jam_, 0))


def _pemilih(ns, nama) -> Pemilih:
    return Pemilih.objects.get(pk=ns.pemilih[nama].pk)


def sesuai(ns, nama) -> Change:
    p = _pemilih(ns, nama)
    return Change(id=uuid.uuid4(), aksi="SESUAI", pemilih_id=p.pk, versi=p.versi)


def tms(ns, nama, kode) -> Change:
    p = _pemilih(ns, nama)
    return Change(id=uuid.uuid4(), aksi="TMS", pemilih_id=p.pk, versi=p.versi,
                  data={"kode": kode, "dokumen": "Surat pindah"})


def kertas(tanggal: date, jumlah: int) -> Change:
    return Change(id=uuid.uuid4(), aksi="KERTAS",
                  data={"tanggal": tanggal.isoformat(), "jumlah": jumlah})


def kirim(petugas, user, hari: date, *changes):
    with jam.pada(wib(hari)):
        answers = sync_mod.sync(petugas, user, list(changes))
    assert [a.status for a in answers] == ["applied"] * len(changes), [a.galat for a in answers]


@pytest.fixture
def kota(kediri_mini):
    """kediri_mini with its coklit stage, counters on the eve, and the story above."""
    ns = kediri_mini
    Tahapan.objects.create(pemilihan=ns.pemilihan, kode="coklit", nama="Coklit", mulai=MULAI,
                           selesai=SELESAI, urutan=1)
    Tahapan.objects.create(pemilihan=ns.blitar.pemilihan, kode="coklit", nama="Coklit",
                           mulai=MULAI, selesai=SELESAI, urutan=1)
    for pm in (ns.pemilihan, ns.blitar.pemilihan):
        rekap_pemilih.bangun_ulang(pm.pk, tanggal=MULAI - timedelta(days=1))
    ns.bambang = Petugas.objects.get(nama="Bambang Irawan")
    ns.endang = Petugas.objects.get(nama="Endang Sri")
    ns.heru = Petugas.objects.get(nama="Heru Cahyono")
    joko = ns.petugas_pantarlih
    kirim(joko, ns.pantarlih, date(2024, 6, 26), sesuai(ns, "Ahmad Fauzi"),
          sesuai(ns, "Budi Santoso"), kertas(date(2024, 6, 25), 2), kertas(date(2024, 6, 26), 1))
    kirim(ns.bambang, None, date(2024, 6, 29), sesuai(ns, "Dewi Lestari"))
    kirim(joko, ns.pantarlih, date(2024, 6, 30), tms(ns, "Siti Aminah", "4"),
          kertas(date(2024, 6, 30), 1))
    kirim(ns.bambang, None, date(2024, 6, 30), kertas(date(2024, 6, 30), 2))
    from selenggara.coklit.models import Perubahan

    siti = Perubahan.objects.get(pemilih=ns.pemilih["Siti Aminah"], aksi="TMS")
    with jam.pada(wib(HARI_KERJA, 8)):
        keputusan.kembalikan(ns.pps_bl, siti.pk, "Cek surat pindahnya")
    return ns


@pytest.fixture
def hari_kerja():
    with jam.pada(wib(HARI_KERJA, 10)):
        yield HARI_KERJA


def _baris(rows, nama):
    return next(b for b in rows if b.nama == nama)


# -- the plan -------------------------------------------------------------------------------------


def test_default_plan_is_linear_to_100_at_the_end_of_week_two():
    r = rencana.bawaan(MULAI, SELESAI)
    assert r.akhir == date(2024, 7, 7) and not r.sendiri
    assert r.persen(MULAI - timedelta(days=1)) == 0
    assert r.persen(MULAI) == pytest.approx(100 / 14, abs=0.01)
    assert r.persen(HARI_KERJA) == pytest.approx(800 / 14, abs=0.01)  # day 8
    assert r.persen(date(2024, 7, 7)) == 100 and r.persen(SELESAI) == 100
    assert r.pemilih(HARI_KERJA, 222_451) == round(222_451 * 57.14 / 100)
    assert r.hari_ke(HARI_KERJA) == 8


def test_kpu_sets_its_own_plan_audited(kota, hari_kerja):
    ns = kota
    seq = AuditRecord.objects.count()
    r = rencana.simpan(ns.kpu, [(date(2024, 6, 30), "50"), (date(2024, 7, 10), Decimal(100))])
    assert r.sendiri and r.akhir == date(2024, 7, 10)
    assert r.persen(date(2024, 6, 27)) == pytest.approx(4 / 7 * 50, abs=0.01)
    assert r.persen(date(2024, 7, 5)) == pytest.approx(50 + 5 / 10 * 50, abs=0.01)
    assert list(RencanaCoklit.objects.values_list("tanggal", "persen")) == [
        (date(2024, 6, 30), Decimal("50.00")), (date(2024, 7, 10), Decimal("100.00"))]
    rec = AuditRecord.objects.order_by("-seq").first()
    assert AuditRecord.objects.count() == seq + 1
    assert rec.aksi == "coklit.rencana" and rec.username == "kpu_kediri"
    assert rec.sebelum["bawaan"] is True and rec.sesudah["titik"][0] == {
        "tanggal": "2024-06-30", "persen": "50"}
    # Everyone monitoring the election reads the same plan; the other kab/kota keeps its own.
    assert rencana.untuk(ns.pemilihan.pk).sendiri
    assert not rencana.untuk(ns.blitar.pemilihan.pk).sendiri
    # Back to the default, audited too.
    r = rencana.kembali_bawaan(ns.kpu)
    assert not r.sendiri and not RencanaCoklit.objects.exists()
    assert AuditRecord.objects.order_by("-seq").first().sesudah["bawaan"] is True


@pytest.mark.parametrize(("titik", "kode"), [
    ([], "rencana_kosong"),
    ([(date(2024, 7, 1), "60")], "rencana_akhir_100"),
    ([(date(2024, 6, 20), "50"), (date(2024, 7, 5), "100")], "rencana_di_luar_tahapan"),
    ([(date(2024, 7, 5), "100"), (date(2024, 7, 30), "100")], "rencana_di_luar_tahapan"),
    ([(date(2024, 7, 1), "60"), (date(2024, 7, 3), "40"), (date(2024, 7, 5), "100")],
     "rencana_persen_naik"),
    ([(date(2024, 7, 3), "60"), (date(2024, 7, 1), "80"), (date(2024, 7, 5), "100")],
     "rencana_tanggal_urut"),
    ([(date(2024, 7, 1), "60"), (date(2024, 7, 1), "100")], "rencana_tanggal_urut"),
    ([(date(2024, 7, 1), "120")], "rencana_persen"),
    ([(date(2024, 7, 1), "0"), (date(2024, 7, 5), "100")], "rencana_persen"),
    ([(date(2024, 7, 5), "99,999"), (date(2024, 7, 6), "100")], "rencana_persen"),
    ([(date(2024, 7, 5), "banyak")], "rencana_persen"),
])
def test_a_broken_plan_is_refused_whole_with_a_message(kota, titik, kode):
    ns = kota
    rencana.simpan(ns.kpu, [(date(2024, 7, 2), "70"), (date(2024, 7, 9), "100")])
    sebelum = list(RencanaCoklit.objects.values_list("tanggal", "persen"))
    n_audit = AuditRecord.objects.count()
    with pytest.raises(ServiceError) as exc:
        rencana.simpan(ns.kpu, titik)
    assert exc.value.jenis == Jenis.TIDAK_VALID
    assert kode in exc.value.kode()
    pesan = " ".join(m for ms in exc.value.galat.values() for m in ms)
    assert pesan and "%(" not in pesan and "%%" not in pesan
    # Nothing half-saved, nothing audited.
    assert list(RencanaCoklit.objects.values_list("tanggal", "persen")) == sebelum
    assert AuditRecord.objects.count() == n_audit


def test_plan_messages_name_the_point_and_the_stage(kota):
    with pytest.raises(ServiceError) as exc:
        rencana.simpan(kota.kpu, [(date(2024, 6, 20), "50"), (date(2024, 7, 5), "90")])
    pesan = [m for ms in exc.value.galat.values() for m in ms]
    assert ("Titik 1: tanggal 20-06-2024 di luar tahapan coklit (24-06-2024 s.d. 24-07-2024)."
            in pesan)
    assert any(m.startswith("Titik terakhir harus 100% (sekarang 90% pada 05-07-2024)")
               for m in pesan)


def test_only_kpu_sets_the_plan(kota, client_as):
    ns = kota
    for user in (ns.pps_bl, ns.ppk):
        with pytest.raises(ServiceError) as exc:
            rencana.simpan(user, [(date(2024, 7, 5), "100")])
        assert exc.value.jenis == Jenis.DITOLAK
    r = client_as(ns.pps_bl).post("/pps/pantau/rencana/", {"tanggal_0": "2024-07-05",
                                                            "persen_0": "100"})
    assert r.status_code == 403 and not RencanaCoklit.objects.exists()
    # PPS reads it.
    r = client_as(ns.pps_bl).get("/pps/pantau/rencana/")
    assert r.status_code == 200 and "Hanya KPU" in r.content.decode()


def test_plan_form_saves_and_shows_refusals(kota, client_as, hari_kerja):
    c = client_as(kota.kpu)
    r = c.post("/pps/pantau/rencana/", {"tanggal_0": "2024-07-01", "persen_0": "60",
                                        "tanggal_1": "2024-07-03", "persen_1": "40",
                                        "tanggal_2": "", "persen_2": ""})
    html = r.content.decode()
    assert r.status_code == 422 and not RencanaCoklit.objects.exists()
    assert "Titik 2: persen harus naik dari titik ke titik" in html
    assert "Titik terakhir harus 100%" in html
    r = c.post("/pps/pantau/rencana/", {"tanggal_0": "2024-07-01", "persen_0": "57,5",
                                        "tanggal_1": "2024-07-08", "persen_1": "100"})
    assert r.status_code == 302
    assert RencanaCoklit.objects.count() == 2
    html = c.get("/pps/pantau/").content.decode()
    assert "Rencana ditetapkan KPU." in html


def test_page_without_a_coklit_stage_or_an_election(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.kpu).get("/pps/pantau/")
    html = r.content.decode()
    assert r.status_code == 200 and "Tahapan coklit belum ada di jadwal" in html
    assert 'id="grafik-burnup"' in html
    assert client_as(ns.kpu).get("/pps/pantau/ekspor/progres.pdf").status_code == 200
    # A superuser who chose no election is asked to choose one.
    r = client_as(ns.admin).get("/pps/pantau/")
    assert r.status_code == 200 and "Pilih dulu pemilihan" in r.content.decode()


def test_stage_missing_is_said(kediri_mini):
    assert rencana.untuk(kediri_mini.pemilihan.pk) is None
    with pytest.raises(ServiceError) as exc:
        rencana.simpan(kediri_mini.kpu, [(date(2024, 7, 5), "100")])
    assert "Tahapan coklit" in exc.value.pesan


# -- the read model -------------------------------------------------------------------------------


def test_kota_per_kecamatan_as_of_the_working_date(kota, hari_kerja):
    ns = kota
    data = pantau.pantau(get_scope(ns.kpu), ns.kota)
    t = data.total
    assert (t.pemilih, t.aplikasi, t.kertas) == (11, 3, 6)
    assert t.persen_aplikasi == 27.3 and t.persen_kertas == 54.5
    assert t.rencana_persen == pytest.approx(57.14) and t.rencana_pemilih == 6
    assert t.kurang == 0 and t.belum_sinkron == 3 and t.aplikasi_hari_ini == -1
    # Pace: the last 3 complete days (28-30 Jun: 0, 1, 1) -> 2/3 a day; 8 voters left, so
    # 12 more days from 30 Jun; 8 voters over the 7 days 1-7 Jul is 2 a day.
    assert t.laju == pytest.approx(2 / 3)
    assert t.perkiraan == date(2024, 7, 12)
    assert t.perlu == 2
    assert [b.nama for b in data.anak] == ["Mojoroto", "Kota"]
    moj, kec_kota = data.anak
    assert (moj.pemilih, moj.aplikasi, moj.kertas, moj.belum_sinkron) == (9, 3, 6, 3)
    assert (kec_kota.pemilih, kec_kota.aplikasi, kec_kota.kertas) == (2, 0, 0)
    assert kec_kota.kurang == 1 and kec_kota.status == "tertinggal"
    assert moj.hitung["menunggu"] == 0 and moj.hitung["dikembalikan"] == 1
    assert moj.hitung["coklit_sesuai"] == 3 and moj.hitung["coklit_tms"] == 0
    assert moj.hitung["tms_1"] == 1  # Wahyuni, marked before coklit
    # Burn-up of the kota: one point per day of the stage, values up to the working date.
    assert data.deret[0].tanggal == MULAI and data.deret[-1].tanggal == SELESAI
    per_hari = {p.tanggal: p for p in data.deret}
    assert per_hari[date(2024, 6, 25)].aplikasi == 0
    assert per_hari[date(2024, 6, 26)].aplikasi == 2 and per_hari[date(2024, 6, 26)].kertas == 3
    assert per_hari[date(2024, 6, 30)].aplikasi == 4 and per_hari[HARI_KERJA].aplikasi == 3
    assert per_hari[HARI_KERJA].kertas == 6
    assert per_hari[date(2024, 7, 2)].aplikasi is None
    assert per_hari[date(2024, 7, 7)].rencana == 100
    # Laggards: TPS furthest behind the plan, then no sync for 2 days, then returns.
    assert [(b.nama, b.kurang) for b in data.tertinggal] == [
        ("TPS 001", 1), ("TPS 002", 1), ("TPS 001", 1)]
    assert [b.induk for b in data.tertinggal] == ["Pojok", "Pojok", "Semampir"]
    assert {b.nama for b in data.tanpa_sinkron} == {"Endang Sri", "Heru Cahyono"}
    assert data.jumlah_tanpa_sinkron == 2
    assert all(b.terakhir_sinkron is None for b in data.tanpa_sinkron)
    assert [(b.nama, b.dikembalikan, b.kiriman) for b in data.dikembalikan] == [
        ("Joko Susilo", 1, 6)]


def test_as_of_an_earlier_day_and_no_sync_days(kota, hari_kerja):
    ns = kota
    data = pantau.pantau(get_scope(ns.kpu), ns.kota, tanggal=date(2024, 6, 26))
    assert (data.total.aplikasi, data.total.kertas) == (2, 3)
    assert data.total.rencana_persen == pytest.approx(300 / 14, abs=0.01)
    # A later date than the working date is the working date.
    assert pantau.pantau(get_scope(ns.kpu), ns.kota, tanggal=date(2025, 1, 1)).tanggal \
        == HARI_KERJA
    # Four days without a sync on 3 Jul: only the two that never synced... and on 5 Jul all.
    with jam.pada(wib(date(2024, 7, 5), 10)):
        data = pantau.pantau(get_scope(ns.kpu), ns.kota, tanpa_sinkron_hari=4)
    assert {b.nama for b in data.tanpa_sinkron} == {
        "Endang Sri", "Heru Cahyono", "Joko Susilo", "Bambang Irawan"}
    joko = _baris(data.tanpa_sinkron, "Joko Susilo")
    assert joko.hari_tanpa_sinkron == 5 and joko.terakhir_sinkron is not None


def test_kelurahan_per_tps_and_tps_per_pantarlih(kota, hari_kerja):
    ns = kota
    scope = get_scope(ns.pps_bl)
    data = pantau.pantau(scope, ns.bandar_lor)
    assert [b.nama for b in data.anak] == ["TPS 001", "TPS 002", "TPS 901 Lapas Kelas IIA Kediri"]
    tps1, tps2, _lapas = data.anak
    assert (tps1.pemilih, tps1.aplikasi, tps1.kertas) == (4, 2, 4)
    assert (tps2.pemilih, tps2.aplikasi, tps2.kertas) == (2, 1, 2)
    assert data.tertinggal == []  # on paper both are ahead of the plan
    assert {b.nama for b in data.tanpa_sinkron} == {"Endang Sri"}
    data = pantau.pantau(scope, ns.tps_bl1)
    assert data.di_tps and data.total.pemilih == 4
    rows = {b.nama: b for b in data.anak}
    assert set(rows) == {"Joko Susilo", "Endang Sri"}
    assert (rows["Joko Susilo"].kertas, rows["Joko Susilo"].kiriman,
            rows["Joko Susilo"].dikembalikan) == (4, 6, 1)
    assert rows["Joko Susilo"].laporan_kertas_terakhir == date(2024, 6, 30)
    assert rows["Endang Sri"].terakhir_sinkron is None and rows["Endang Sri"].kiriman == 0
    assert data.tabel("tertinggal") is None and data.tabel("pantarlih") is not None


def test_tables_and_charts_of_the_page(kota, hari_kerja):
    ns = kota
    data = pantau.pantau(get_scope(ns.kpu), ns.kota)
    t = data.tabel("progres")
    assert t.judul == "Progres coklit per kecamatan · Kota Kediri · 1 Juli 2024"
    assert "hari ke-8 coklit" in t.subjudul and "rencana 57,1%" in t.subjudul
    assert [r["nama"] for r in t.baris] == ["Mojoroto", "Kota"]
    assert t.berkas == "coklit-progres-kota-kediri-2024-07-01"
    assert any("Pantarlih mencatat coklit di kertas" in c for c in t.catatan)
    assert any("TMS 8" in c for c in data.tabel("hasil").catatan)
    for nama in ("progres", "hasil", "harian", "tertinggal", "tanpa-sinkron", "dikembalikan"):
        assert data.tabel(nama) is not None, nama
    assert data.tabel("apa-saja") is None
    svg = data.grafik_burnup()
    assert svg.startswith("<svg") and "Coklit Kota Kediri" in svg and "per 1/7" in svg
    assert "Mojoroto" in data.grafik_anak()


# -- scope: pages and exports -----------------------------------------------------------------


def test_pps_sees_only_its_kelurahan(kota, client_as, hari_kerja):
    ns = kota
    c = client_as(ns.pps_bl)
    r = c.get("/pps/pantau/")
    html = r.content.decode()
    assert r.status_code == 200
    assert "Pantau coklit Kelurahan Bandar Lor" in html
    for nama in ("Pojok", "Semampir", "Heru Cahyono", "Mojoroto"):
        assert nama not in html, nama
    assert c.get(f"/pps/pantau/?wilayah={ns.pojok.pk}").status_code == 404
    assert c.get(f"/pps/pantau/?wilayah={ns.kota.pk}").status_code == 404
    assert c.get(f"/pps/pantau/?tps={ns.tps_pj1.pk}").status_code == 404
    assert c.get(f"/pps/pantau/ekspor/progres.csv?wilayah={ns.pojok.pk}").status_code == 404
    assert c.get(f"/pps/pantau/?tps={ns.tps_bl1.pk}").status_code == 200
    isi = c.get("/pps/pantau/ekspor/tanpa-sinkron.csv").content.decode("utf-8-sig")
    assert "Endang Sri" in isi and "Heru" not in isi


def test_blitar_kpu_sees_nothing_of_kediri(kota, client_as, hari_kerja):
    ns = kota
    c = client_as(ns.blitar.kpu)
    html = c.get("/pps/pantau/").content.decode()
    assert "Pantau coklit Kota Blitar" in html and "Sukorejo" in html
    for nama in ("Kediri", "Mojoroto", "Bandar Lor", "Joko Susilo", "Endang Sri"):
        assert nama not in html, nama
    for url in (f"/pps/pantau/?wilayah={ns.kota.pk}", f"/pps/pantau/?wilayah={ns.mojoroto.pk}",
                f"/pps/pantau/?tps={ns.tps_bl1.pk}",
                f"/pps/pantau/ekspor/progres.xlsx?wilayah={ns.kota.pk}"):
        assert c.get(url).status_code == 404, url
    for fmt in ("xlsx", "csv", "pdf"):
        for tabel in ("progres", "tanpa-sinkron", "dikembalikan", "tertinggal", "hasil"):
            r = c.get(f"/pps/pantau/ekspor/{tabel}.{fmt}")
            assert r.status_code == 200, (tabel, fmt)
            teks = (_teks_xlsx(r.content) if fmt == "xlsx" else _teks_pdf(r.content)
                    if fmt == "pdf" else r.content.decode("utf-8-sig"))
            assert "Kota Blitar" in teks
            for nama in ("Kediri", "Mojoroto", "Joko", "Endang", "Heru"):
                assert nama not in teks, (tabel, fmt, nama)
    # The read model itself, given Blitar's scope and a Kediri area, reads no Kediri counter.
    data = pantau.pantau(get_scope(ns.blitar.kpu), ns.kota)
    assert data.total.pemilih == 0 and all(b.pemilih == 0 for b in data.anak)


def _teks_xlsx(isi: bytes) -> str:
    ws = load_workbook(io.BytesIO(isi)).active
    return "\n".join(" ".join("" if v is None else str(v) for v in row)
                     for row in ws.iter_rows(values_only=True))


def _teks_pdf(isi: bytes) -> str:
    import re
    import zlib

    assert isi.startswith(b"%PDF-")
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", isi, re.S):
        try:
            out.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(out)


def test_exports_hold_the_page_table_with_date_area_and_escaped_cells(kota, client_as,
                                                                     hari_kerja):
    ns = kota
    Petugas.objects.filter(pk=ns.endang.pk).update(nama="=HYPERLINK(\"http://x\")")
    c = client_as(ns.kpu)
    r = c.get("/pps/pantau/ekspor/progres.xlsx")
    assert r.status_code == 200
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="coklit-progres-kota-kediri-2024-07-01.xlsx"' in r["Content-Disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Progres coklit per kecamatan · Kota Kediri · 1 Juli 2024"
    assert "1 Juli 2024" in rows[1][0]
    kepala = rows[3]
    assert kepala[:5] == ("Kode", "Kecamatan", "Pemilih", "Aplikasi", "% aplikasi")
    moj = next(row for row in rows if row[1] == "Mojoroto")
    assert moj[2:7] == (9, 3, 33.3, 6, 66.7)
    r = c.get(f"/pps/pantau/ekspor/tanpa-sinkron.xlsx?wilayah={ns.bandar_lor.pk}")
    ws = load_workbook(io.BytesIO(r.content)).active
    nama = [row[0] for row in ws.iter_rows(min_row=5, values_only=True) if row[0]]
    assert "'=HYPERLINK(\"http://x\")" in nama
    csv = c.get(f"/pps/pantau/ekspor/tanpa-sinkron.csv?wilayah={ns.bandar_lor.pk}")
    assert csv.content.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK" in csv.content.decode("utf-8-sig")
    pdf = c.get("/pps/pantau/ekspor/progres.pdf?tanggal=2024-06-26")
    assert pdf["Content-Type"] == "application/pdf"
    teks = _teks_pdf(pdf.content)
    assert "Progres coklit per kecamatan" in teks and "26 Juni 2024" in teks
    assert "Mojoroto" in teks
    assert c.get("/pps/pantau/ekspor/progres.docx").status_code == 404
    assert c.get("/pps/pantau/ekspor/rahasia.csv").status_code == 404


def test_page_drill_down_links_and_sentence(kota, client_as, hari_kerja):
    ns = kota
    c = client_as(ns.kpu)
    html = c.get("/pps/pantau/").content.decode()
    assert f'href="?wilayah={ns.mojoroto.pk}"' in html
    assert "Mengapa angka aplikasi lebih kecil dari kertas?" in html
    assert 'role="img"' in html and "<title id=\"grafik-burnup-judul\">" in html
    html = c.get(f"/pps/pantau/?wilayah={ns.mojoroto.pk}&tanggal=2024-06-30").content.decode()
    assert "Pantau coklit Kecamatan Mojoroto" in html
    assert f'href="?wilayah={ns.bandar_lor.pk}&amp;tanggal=2024-06-30"' in html
    html = c.get(f"/pps/pantau/?wilayah={ns.bandar_lor.pk}").content.decode()
    assert f'href="?tps={ns.tps_bl1.pk}"' in html
    html = c.get(f"/pps/pantau/?tps={ns.tps_bl1.pk}").content.decode()
    assert "Pantarlih di TPS ini" in html and "Joko Susilo" in html
    assert ">Kota Kediri</a>" in html and ">Kelurahan Bandar Lor</a>" in html
    # Field officers are kept out, as on every /pps/ page.
    assert client_as(ns.pantarlih).get("/pps/pantau/").status_code == 403


# -- pages cost the areas they show, not the voters ---------------------------------------------


def _hitung_query(c, url) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        r = c.get(url)
    assert r.status_code == 200, url
    return len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries]


def test_query_count_does_not_grow_with_voters(kota, client_as, hari_kerja):
    ns = kota
    c = client_as(ns.kpu)
    urls = ["/pps/pantau/", f"/pps/pantau/?wilayah={ns.mojoroto.pk}",
            f"/pps/pantau/?wilayah={ns.bandar_lor.pk}", f"/pps/pantau/?tps={ns.tps_bl1.pk}",
            "/pps/pantau/ekspor/progres.xlsx"]
    for url in urls:  # warm caches (sessions, the area tree)
        c.get(url)
    kecil = {url: _hitung_query(c, url)[0] for url in urls}
    # 600 more voters and more coklit in the app: the same number of queries.
    buat_pemilih_banyak(ns.pemilihan, ns.tps_pj1, 300, awalan="Pojok")
    buat_pemilih_banyak(ns.pemilihan, ns.tps_bl2, 300, awalan="Bandar")
    rekap_pemilih.bangun_ulang(ns.pemilihan.pk, tanggal=MULAI - timedelta(days=1))
    banyak = Pemilih.objects.filter(nama__startswith="Bandar")[:40]
    with jam.pada(wib(HARI_KERJA, 8)):
        sync_mod.sync(ns.bambang, None, [
            Change(id=uuid.uuid4(), aksi="SESUAI", pemilih_id=p.pk, versi=p.versi)
            for p in banyak])
    besar = {url: _hitung_query(c, url) for url in urls}
    assert {u: n for u, (n, _q) in besar.items()} == kecil
    for url, (n, sqls) in besar.items():
        assert n <= 30, (url, n)
        assert not any('"pemilih_pemilih"' in q for q in sqls), url  # no voter row is read
    # The read model itself never touches the voters or the change rows.
    with CaptureQueriesContext(connection) as ctx:
        for node in (ns.kota, ns.mojoroto, ns.bandar_lor, ns.tps_bl1):
            pantau.pantau(get_scope(ns.kpu), node)
    sql = " ".join(q["sql"] for q in ctx.captured_queries).lower()
    assert "pemilih_pemilih" not in sql and "coklit_perubahan" not in sql
    per_node = len(ctx.captured_queries) / 4
    assert per_node <= 14


def test_progress_page_reads_counters_too(kota, client_as, hari_kerja):
    """The /pps/ progress page (rewritten onto the counters) agrees with the monitoring."""
    ns = kota
    r = client_as(ns.kpu).get("/pps/")
    rows = {row["objek"].nama: row for row in r.context["data"]["kelurahan"]}
    assert (rows["Bandar Lor"]["pemilih"], rows["Bandar Lor"]["selesai"]) == (6, 3)
    assert rows["Bandar Lor"]["terakhir"] is not None and rows["Pojok"]["terakhir"] is None


# -- the CLI --------------------------------------------------------------------------------------


def _cli(*args) -> str:
    out = io.StringIO()
    call_command("pantau", "coklit", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_cli_json_per_kecamatan(kota, hari_kerja):
    ns = kota
    data = json.loads(_cli("--format", "json", "--pemilihan", str(ns.pemilihan.pk)))
    assert [set(o) for o in data] == [{"kode", "nama", "pemilih", "selesai_aplikasi",
                                       "selesai_kertas", "rencana", "persen"}] * 2
    assert data[0] == {"kode": "35.71.01", "nama": "Mojoroto", "pemilih": 9,
                       "selesai_aplikasi": 3, "selesai_kertas": 6, "rencana": 57.14,
                       "persen": 33.3}


def test_cli_tps_of_a_kelurahan_as_of_a_day(kota, hari_kerja):
    data = json.loads(_cli("--format", "json", "--wilayah", "35.71.01.1001", "--tingkat", "tps",
                           "--tanggal", "2024-06-26"))
    assert [(o["kode"], o["selesai_aplikasi"], o["selesai_kertas"]) for o in data] == [
        ("3571011001001", 2, 3), ("3571011001002", 0, 0), ("3571011001901", 0, 0)]
    assert data[0]["rencana"] == pytest.approx(21.43)
    # TPS of the whole kota, and kelurahan of the kota.
    assert len(json.loads(_cli("--format", "json", "--wilayah", "35.71", "--tingkat",
                               "tps"))) == 6
    kel = json.loads(_cli("--format", "json", "--wilayah", "35.71", "--tingkat", "kelurahan"))
    assert [o["nama"] for o in kel] == ["Bandar Lor", "Pojok", "Semampir"]


def test_cli_csv_and_xlsx(kota, hari_kerja, tmp_path):
    csv = _cli("--format", "csv", "--wilayah", "35.71")
    baris = csv.splitlines()
    assert baris[0].startswith("Progres coklit per kecamatan · Kota Kediri · 1 Juli 2024")
    assert baris[1].startswith("Kode;Kecamatan;Pemilih;Aplikasi;% aplikasi")
    assert baris[2].startswith("35.71.01;Mojoroto;9;3;33,3;6;66,7;3;")
    berkas = tmp_path / "pantau.xlsx"
    call_command("pantau", "coklit", "--format", "xlsx", "--wilayah", "35.71.01",
                 "--keluar", str(berkas), stdout=io.StringIO(), stderr=io.StringIO())
    ws = load_workbook(berkas).active
    assert [r[1] for r in ws.iter_rows(min_row=5, values_only=True) if r[1]] == [
        "Bandar Lor", "Pojok"]


def test_cli_refuses_what_it_cannot_do(kota):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="lebih dari satu pemilihan"):
        _cli("--format", "json")
    with pytest.raises(CommandError, match="perlu --keluar"):
        _cli("--format", "xlsx", "--wilayah", "35.71")
    with pytest.raises(CommandError, match="harus di bawah"):
        _cli("--format", "json", "--wilayah", "35.71.01.1001", "--tingkat", "kecamatan")
    with pytest.raises(CommandError, match="tidak ada"):
        _cli("--format", "json", "--wilayah", "35.72.01", "--pemilihan",
             str(kota.pemilihan.pk))


# -- paper reports, read once per batch -----------------------------------------------------------


def test_paper_reports_in_one_batch_replace_and_add_up(kota):
    """Two reports for one day in a batch: the second replaces the first; the TPS's other
    reports (and the other Pantarlih's) count towards the voters of the TPS."""
    from selenggara.coklit.models import LaporanKertas

    joko = kota.petugas_pantarlih
    with jam.pada(wib(date(2024, 7, 2))):
        answers = sync_mod.sync(joko, kota.pantarlih, [
            kertas(date(2024, 6, 30), 0), kertas(date(2024, 7, 2), 1), kertas(date(2024, 7, 2), 0),
            kertas(date(2024, 7, 1), 1), kertas(date(2024, 6, 29), 1)])
    # 4 voters at the TPS, 4 reported: 30 Jun 1 -> 0 frees one, 2 Jul takes it and gives it
    # back in the same batch, 1 Jul takes it, so 29 Jun would make 5
    assert [a.status for a in answers] == ["applied"] * 4 + ["rejected"], answers[3].galat
    assert "(4)" in answers[4].galat["jumlah"][0]
    assert LaporanKertas.objects.get(petugas=joko, tanggal=date(2024, 7, 2)).jumlah == 0
    assert not LaporanKertas.objects.filter(petugas=joko, tanggal=date(2024, 6, 29)).exists()


def test_paper_report_of_a_moved_pantarlih_replaces_their_own(kota):
    """A Pantarlih moved to another TPS who re-sends a day already reported at the old TPS
    replaces that report (one per officer and day), not a second row."""
    from selenggara.coklit.models import LaporanKertas

    joko = kota.petugas_pantarlih
    joko.tps = kota.tps_bl2
    joko.save(update_fields=["tps"])
    with jam.pada(wib(date(2024, 7, 2))):
        answers = sync_mod.sync(joko, kota.pantarlih, [kertas(date(2024, 6, 26), 0)])
    assert [a.status for a in answers] == ["applied"], answers[0].galat
    assert LaporanKertas.objects.filter(petugas=joko, tanggal=date(2024, 6, 26)).count() == 1
    assert LaporanKertas.objects.get(petugas=joko, tanggal=date(2024, 6, 26)).jumlah == 0
