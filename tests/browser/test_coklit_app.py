"""e-coklit in a phone browser: a Pantarlih works a whole round offline, reloads, syncs.

The claim under test is the core of the field app: every action is kept on the phone (queue in
IndexedDB, app shell from the service worker) with no signal and across a reload, and once the
signal is back each action reaches the database exactly once, audited, even when the upload
of a photo and the answer to a batch are lost on the way.
"""

from __future__ import annotations

import json
import os
import struct
import uuid
import zlib
from collections import Counter
from datetime import date

import pytest

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.coklit import keputusan as evaluasi
from selenggara.coklit import sync as services
from selenggara.coklit.models import Foto, Perubahan, StikerKK
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Tahapan
from selenggara.petugas.models import Petugas
from selenggara.rules.nik import make_nik
from tests import factories

pytestmark = pytest.mark.browser

KEDIRI = {"latitude": -7.8166, "longitude": 112.0119}

# Households added to Bandar Lor TPS 001 so the worklist looks like a street: 8 KK of 3.
KELUARGA = [
    ("001", "001", "JL. KAWI", [("Sugeng Riyadi", "L", date(1970, 4, 2)),
                                ("Sri Wahyuni", "P", date(1973, 9, 14)),
                                ("Dimas Riyadi", "L", date(1998, 1, 20))]),
    ("001", "001", "JL. KAWI", [("Bambang Sutejo", "L", date(1965, 6, 30)),
                                ("Ngatini", "P", date(1967, 12, 1)),
                                ("Rudi Hartono", "L", date(1990, 3, 3))]),
    ("002", "001", "JL. SEMERU", [("Slamet Widodo", "L", date(1958, 8, 17)),
                                  ("Painem", "P", date(1960, 2, 29)),
                                  ("Yuli Astutik", "P", date(1985, 7, 7))]),
    ("002", "001", "JL. SEMERU", [("Hadi Purnomo", "L", date(1979, 11, 11)),
                                  ("Endah Lestari", "P", date(1982, 5, 25)),
                                  ("Fajar Nugroho", "L", date(2005, 10, 10))]),
    ("003", "002", "JL. BRANTAS", [("Joko Santoso", "L", date(1975, 1, 5)),
                                   ("Lilik Suryani", "P", date(1977, 4, 18)),
                                   ("Anisa Rahma", "P", date(2003, 8, 8))]),
    ("003", "002", "JL. BRANTAS", [("Teguh Prasetyo", "L", date(1988, 2, 14)),
                                   ("Wulan Sari", "P", date(1991, 9, 9)),
                                   ("Suparmi", "P", date(1950, 3, 21))]),
    ("004", "002", "JL. KELUD", [("Agung Wicaksono", "L", date(1983, 12, 24)),
                                 ("Rina Marlina", "P", date(1986, 6, 6)),
                                 ("Bagus Saputra", "L", date(2006, 5, 5))]),
    ("004", "002", "JL. KELUD", [("Mulyadi", "L", date(1962, 7, 1)),
                                 ("Sumarni", "P", date(1964, 10, 31)),
                                 ("Dewi Kurniasari", "P", date(1994, 11, 2))]),
]


def _png(lebar: int, tinggi: int, acak: bool) -> bytes:
    """A valid PNG; with ``acak`` its pixels are noise, so it stays ~lebar*tinggi*3 bytes and
    its upload needs several 256 KB chunks."""
    baris = b"".join(b"\x00" + (os.urandom(lebar * 3) if acak else b"\x90\x20\x20" * lebar)
                     for _ in range(tinggi))

    def chunk(t: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + t + data
                + struct.pack(">I", zlib.crc32(t + data)))

    return (b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", struct.pack(">IIBBBBB", lebar, tinggi, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(baris, 1)) + chunk(b"IEND", b""))


@pytest.fixture
def coklit_kediri(kediri_mini, settings, tmp_path):
    """kediri_mini plus the coklit stage and 24 more voters (8 households) at Bandar Lor
    TPS 001: 28 voters in one TPS, 3 TPS in the kelurahan."""
    ns = kediri_mini
    settings.MEDIA_ROOT = tmp_path / "media"
    Tahapan.objects.get_or_create(
        pemilihan=ns.pemilihan, kode="coklit",
        defaults={"nama": "Pencocokan dan penelitian (coklit)", "mulai": date(2024, 6, 24),
                  "selesai": date(2024, 7, 24), "urutan": 1})
    kec = ns.bandar_lor.induk
    serial = 7000
    for k, (rt, rw, jalan, anggota) in enumerate(KELUARGA, start=1):
        nkk = f"{kec.kode_polos}1503{15 + k:02d}{k:04d}"
        for nama, jk, lahir in anggota:
            serial += 1
            Pemilih.objects.create(
                pemilihan=ns.pemilihan, kecamatan=kec, kelurahan=ns.bandar_lor, tps=ns.tps_bl1,
                nkk=nkk, nik=make_nik(kec.kode, lahir, jk, serial), nama=nama.upper(),
                jenis_kelamin=jk, tempat_lahir="KEDIRI", tanggal_lahir=lahir,
                status_kawin="B" if lahir.year >= 2000 else "S",
                alamat=f"{jalan} NO. {k}", rt=rt, rw=rw, disabilitas="0", ktp_el="S")
    factories.hitung_ulang(ns.pemilihan)  # the rows above skip the writers' counters
    ns.v = {p.nama: p for p in Pemilih.objects.filter(tps=ns.tps_bl1)}
    assert len(ns.v) == 28
    return ns


# ---- helpers driving the app as a Pantarlih would -------------------------------------------

def masuk(page, base, username, password):
    page.goto(f"{base}/masuk/?next=/coklit/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/coklit/")


def tunggu_siap(page):
    page.wait_for_selector("body[data-siap='1']")


def tunggu_sinkron(page, status="selesai", timeout=20_000):
    page.wait_for_function(
        "s => document.body.dataset.sinkron === s", arg=status, timeout=timeout)


def pergi(page, hash_):
    page.evaluate("h => { location.hash = h; }", hash_)
    page.wait_for_function("h => location.hash === h", arg=hash_)


def kabar(page, teks):
    page.locator("#kabar").filter(has_text=teks).wait_for()


def buka_pemilih(page, p):
    pergi(page, "#/daftar")
    page.locator("#cari").fill(p.nik[-4:])
    page.locator(f".baris-pemilih[data-pemilih='{p.pk}']").click()
    page.locator("h1", has_text=p.nama).wait_for()


def sesuai(page, p, disabilitas=None, ktp_el=None):
    buka_pemilih(page, p)
    if disabilitas:
        page.select_option("#f-disabilitas", disabilitas)
    if ktp_el:
        page.select_option("#f-ktp_el", ktp_el)
    page.click("#tombol-sesuai")
    kabar(page, f"Sesuai: {p.nama}")


def ubah(page, p, **isian):
    buka_pemilih(page, p)
    page.click("#tombol-ubah")
    page.locator("h1", has_text="Ubah data").wait_for()
    for nama, nilai in isian.items():
        page.fill(f"#f-{nama}", nilai)
    page.get_by_role("button", name="Simpan perubahan").click()


def tms(page, p, kode, *, dokumen=None, tujuan=None, foto=None):
    buka_pemilih(page, p)
    page.click("#tombol-tms")
    page.locator(f"input[name=kode][value='{kode}']").check()
    if tujuan is not None:
        page.select_option("#f-tps_tujuan", str(tujuan))
    if dokumen:
        page.fill("#f-dokumen", dokumen)
    if foto:
        page.set_input_files("#f-foto", foto)
        page.locator("#foto-kabar", has_text="Foto siap").wait_for()
    page.get_by_role("button", name="Simpan TMS").click()
    kabar(page, f"TMS {kode}: {p.nama}")


IDB_ANTRIAN = """() => new Promise((resolve, reject) => {
  const r = indexedDB.open("selenggara-coklit");
  r.onerror = () => reject(r.error);
  r.onsuccess = () => {
    const q = r.result.transaction("antrian").objectStore("antrian").getAll();
    q.onsuccess = () => {
      resolve(q.result.map(i => ({id: i.id, aksi: i.aksi, status: i.status, data: i.data,
                                   setelah: i.setelah, versi: i.versi,
                                   pemilih_id: i.pemilih_id})));
      r.result.close();
    };
  };
})"""


def putaran(page) -> int:
    return int(page.evaluate("document.body.dataset.putaran || '0'"))


def sinkron_berikut(page, sebelum: int, timeout=20_000) -> str:
    """Wait for the sync round after ``sebelum`` to finish; its outcome."""
    page.wait_for_function("n => +(document.body.dataset.putaran || 0) > n", arg=sebelum,
                           timeout=timeout)
    return page.evaluate("document.body.dataset.sinkron")


def tekan_sinkron(page) -> str:
    pergi(page, "#/")
    n = putaran(page)
    page.click("#tombol-sinkron")
    return sinkron_berikut(page, n)


def test_offline_round_survives_reload_and_syncs_exactly_once(
        phone, live_server, coklit_kediri, tmp_path, screenshot_dir):
    ns = coklit_kediri
    v = ns.v
    page = phone
    context = page.context
    base = live_server.url
    shot = lambda nama: page.screenshot(path=str(screenshot_dir / f"coklit-{nama}.png"))  # noqa: E731
    context.grant_permissions(["geolocation"], origin=base)
    context.set_geolocation(KEDIRI)
    foto_besar = tmp_path / "surat-kematian.png"
    foto_besar.write_bytes(_png(420, 420, acak=True))  # ~530 KB: 3 chunks of 256 KB
    foto_stiker = tmp_path / "stiker.png"
    foto_stiker.write_bytes(_png(64, 48, acak=False))

    # Online: log in through the form, the worklist downloads, the service worker takes over.
    masuk(page, base, "pantarlih_bl1", ns.password)
    tunggu_siap(page)
    tunggu_sinkron(page)
    page.locator("#kemajuan", has_text="0 / 28").wait_for()
    # Until the service worker controls the page, a reload offline would find nothing.
    dikendalikan = page.evaluate("""() => Promise.race([
        navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller),
        new Promise((_, reject) => setTimeout(() => reject(new Error("no SW")), 10000))])""")
    if not dikendalikan:
        page.reload()
        tunggu_siap(page)
    assert page.evaluate("!!navigator.serviceWorker.controller")
    assert page.evaluate("document.cookie.includes('csrftoken=')")
    page.screenshot(path=str(screenshot_dir / "coklit-beranda.png"), full_page=True)

    # ---- no signal from here on ------------------------------------------------------------
    context.set_offline(True)
    page.locator("#sinyal", has_text="Luring").wait_for()
    assert page.evaluate("fetch('/api/coklit/daftar').then(() => 'ada', () => 'putus')") == "putus"
    # The switch covers the service worker's own fetches too: the reload below can only be
    # served from its cache.
    (sw,) = context.service_workers
    assert sw.evaluate("fetch('/coklit/').then(() => 'ada', () => 'putus')") == "putus"

    tps = ns.tps_bl1
    # 10 x Sesuai, two of them also recording disability / KTP-el status.
    sesuai(page, v["SUGENG RIYADI"], disabilitas="6")
    sesuai(page, v["SRI WAHYUNI"], ktp_el="B")
    for nama in ["Ahmad Fauzi", "DIMAS RIYADI", "BAMBANG SUTEJO", "NGATINI", "SLAMET WIDODO",
                 "PAINEM", "HADI PURNOMO", "ENDAH LESTARI"]:
        sesuai(page, v[nama])
    shot("daftar")

    # Undo: a Sesuai recorded by mistake is taken back before it was ever sent.
    fajar = v["FAJAR NUGROHO"]
    sesuai(page, fajar)
    buka_pemilih(page, fajar)
    page.click("#tombol-batal")
    kabar(page, "dibatalkan")

    # Changing one's mind before sending: TMS 4, then Sesuai REPLACES it (one change).
    joko = v["JOKO SANTOSO"]
    tms(page, joko, "4")
    buka_pemilih(page, joko)
    page.click("#tombol-sesuai")
    kabar(page, "menggantikan catatan sebelumnya")

    # Ubah, with a client-side NIK check first: 15 digits are refused with a clear message.
    lilik = v["LILIK SURYANI"]
    ubah(page, lilik, nik=lilik.nik[:15], rt="5")
    page.locator(".galat-isian", has_text="NIK harus 16 digit").wait_for()
    shot("ubah-galat")
    page.fill("#f-nik", lilik.nik)
    page.get_by_role("button", name="Simpan perubahan").click()
    kabar(page, "Perubahan data LILIK SURYANI")
    rudi = v["RUDI HARTONO"]
    ubah(page, rudi, alamat="Jl. Kawi Gg. 2 No. 7")
    kabar(page, "Perubahan data RUDI HARTONO")
    # Sesuai (with a disability noted) over an unsent Ubah keeps the correction: one change.
    buka_pemilih(page, rudi)
    page.select_option("#f-disabilitas", "1")
    page.click("#tombol-sesuai")
    kabar(page, "tersimpan bersama perubahan data yang belum terkirim")
    # Two edits of one voter before sending: merged into ONE change.
    yuli = v["YULI ASTUTIK"]
    ubah(page, yuli, nama="Yuli Astutik Rahayu")
    kabar(page, "Perubahan data YULI ASTUTIK RAHAYU")
    ubah(page, yuli, tempat_lahir="Blitar")
    kabar(page, "digabung")

    # TMS 1 (evidence text required, photo), 2, 4 and 8 (a move to TPS 002).
    suparmi = v["SUPARMI"]
    buka_pemilih(page, suparmi)
    page.click("#tombol-tms")
    page.locator("input[name=kode][value='1']").check()
    page.get_by_role("button", name="Simpan TMS").click()
    page.locator(".galat-isian", has_text="wajib menyebut dokumen bukti").wait_for()
    page.fill("#f-dokumen", "Surat kematian 474.3/12/419.41/2024")
    page.set_input_files("#f-foto", str(foto_besar))
    page.locator("#foto-kabar", has_text="Foto siap").wait_for()
    shot("tms")
    page.get_by_role("button", name="Simpan TMS").click()
    kabar(page, "TMS 1: SUPARMI")
    tms(page, v["Siti Aminah"], "2", dokumen="Ganda dengan TPS 002 Pojok")
    tms(page, v["ANISA RAHMA"], "4")
    teguh = v["TEGUH PRASETYO"]
    tms(page, teguh, "8", tujuan=ns.tps_bl2.id)

    # Two new voters. The first joins household 3 from its page (address prefilled) and turns
    # 17 exactly on polling day; the second is 16 but married.
    pergi(page, f"#/kk/{v['HADI PURNOMO'].nkk}")
    page.click("#tombol-baru-kk")
    page.locator("h1", has_text="Pemilih baru").wait_for()
    assert page.input_value("#f-alamat") == "JL. SEMERU NO. 4"
    nik_rizky = make_nik("35.71.01", date(2007, 11, 27), "L", 8001)
    page.fill("#f-nik", nik_rizky)
    page.fill("#f-nama", "Rizky Pratama")
    page.select_option("#f-jenis_kelamin", "L")
    page.fill("#f-tempat_lahir", "Kediri")
    page.fill("#f-tanggal_lahir", "2007-11-27")
    page.select_option("#f-status_kawin", "B")
    page.locator("#info-nik", has_text="seluruh kota dilakukan server saat sinkronisasi").wait_for()
    page.get_by_role("button", name="Simpan pemilih baru").click()
    kabar(page, "Pemilih baru RIZKY PRATAMA")

    pergi(page, "#/baru")
    nik_nur = make_nik("35.71.01", date(2008, 5, 1), "P", 8002)
    page.fill("#f-nkk", "3571011806240099")
    page.fill("#f-nik", nik_nur)
    page.fill("#f-nama", "Nur Hidayah")
    page.select_option("#f-jenis_kelamin", "L")  # wrong: the NIK says woman (day + 40)
    page.fill("#f-tempat_lahir", "Kediri")
    page.fill("#f-tanggal_lahir", "2008-05-01")
    page.select_option("#f-status_kawin", "B")
    page.fill("#f-alamat", "Jl. Kelud No. 12")
    page.fill("#f-rt", "4")
    page.fill("#f-rw", "2")
    page.get_by_role("button", name="Simpan pemilih baru").click()
    page.locator(".galat-isian", has_text="tidak cocok dengan NIK").wait_for()
    page.locator(".galat-isian", has_text="umurnya baru 16 tahun").wait_for()
    shot("baru-galat")
    page.select_option("#f-jenis_kelamin", "P")
    page.select_option("#f-status_kawin", "S")
    page.get_by_role("button", name="Simpan pemilih baru").click()
    kabar(page, "Pemilih baru NUR HIDAYAH")
    page.locator("h1", has_text="NUR HIDAYAH").wait_for()

    # Stickers: household 1 with photo and GPS, household 5 without photo.
    pergi(page, f"#/kk/{v['SUGENG RIYADI'].nkk}")
    page.locator("#gps-kabar", has_text="Lokasi GPS didapat").wait_for()
    page.set_input_files("#f-foto-stiker", str(foto_stiker))
    page.locator(".kartu .kecil", has_text="Foto siap").wait_for()
    page.click("#tombol-stiker")
    kabar(page, "Stiker tercatat")
    page.locator("#status-stiker", has_text="menunggu dikirim").wait_for()
    shot("kk")
    pergi(page, f"#/kk/{joko.nkk}")
    page.click("#tombol-stiker")
    kabar(page, "Stiker tercatat")

    # A receipt for a voter done today.
    buka_pemilih(page, v["NGATINI"])
    page.screenshot(path=str(screenshot_dir / "coklit-pemilih.png"), full_page=True)
    page.click("#tombol-bukti")
    page.locator("#bukti", has_text="************" + v["NGATINI"].nik[-4:]).wait_for()
    assert v["NGATINI"].nik not in page.inner_text("#bukti")
    shot("bukti")

    # 22 changes: 11 Sesuai (Joko's replaced TMS included), 3 Ubah, 4 TMS, 2 Baru, 2 Stiker.
    diharapkan = Counter(SESUAI=11, UBAH=3, TMS=4, BARU=2, STIKER=2)
    pergi(page, "#/")
    page.locator("#kemajuan", has_text="20 / 30").wait_for()
    page.locator("#jumlah-menunggu", has_text="22 perubahan menunggu").wait_for()
    shot("beranda-luring")

    # ---- reload with no signal: the service worker serves the app, IndexedDB the queue ----
    assert page.reload().from_service_worker
    tunggu_siap(page)
    assert page.locator("#sinyal").inner_text().endswith("Luring")
    pergi(page, "#/antrian")
    page.locator(".item-antrian").first.wait_for()
    assert page.locator(".item-antrian[data-status='menunggu']").count() == 22
    assert page.locator(".item-antrian").count() == 22
    shot("antrian-luring")
    antre = page.evaluate(IDB_ANTRIAN)
    assert len(antre) == 22
    assert Counter(i["aksi"] for i in antre) == diharapkan
    assert {i["status"] for i in antre} == {"menunggu"}
    assert Perubahan.objects.count() == 0  # nothing reached the server yet
    yuli_ubah = next(i for i in antre if i["aksi"] == "UBAH" and "nama" in i["data"]["ubah"])
    assert yuli_ubah["data"]["ubah"] == {"nama": "YULI ASTUTIK RAHAYU", "tempat_lahir": "BLITAR"}

    # ---- signal back, but bad: a photo chunk and a batch answer get lost on the way -------
    putus = Counter()

    def putus_potongan(route):
        if route.request.method == "PUT" and "offset=262144" in route.request.url \
                and not putus["potongan"]:
            putus["potongan"] += 1
            route.abort()
        else:
            route.continue_()

    def putus_jawaban(route):
        if not putus["jawaban"]:
            putus["jawaban"] += 1
            route.fetch()  # the server applies the batch...
            route.abort()  # ...but the phone never hears the answer
        else:
            route.continue_()

    page.route("**/api/coklit/foto/**", putus_potongan)
    page.route("**/api/coklit/sinkron", putus_jawaban)

    n = putaran(page)
    context.set_offline(False)
    # The "online" event starts a sync by itself; it stops at the lost photo chunk.
    assert sinkron_berikut(page, n) == "gagal-jaringan"
    assert putus["potongan"] == 1
    foto_tms = Foto.objects.get(ukuran=foto_besar.stat().st_size)
    assert (foto_tms.diterima, foto_tms.selesai) == (262144, False)
    assert Perubahan.objects.count() == 0

    # The button: the photo resumes at the server's offset, the batch goes, its answer is lost.
    assert tekan_sinkron(page) == "gagal-jaringan"
    assert putus["jawaban"] == 1
    foto_tms.refresh_from_db()
    assert foto_tms.selesai and foto_tms.diterima == foto_tms.ukuran
    assert foto_tms.path.read_bytes() == foto_besar.read_bytes()
    assert Perubahan.objects.count() == 22
    assert {i["status"] for i in page.evaluate(IDB_ANTRIAN)} == {"terkirim"}

    # Again: the same ids are re-sent; the server answers from its records, writes nothing.
    assert tekan_sinkron(page) == "selesai"
    antre = page.evaluate(IDB_ANTRIAN)
    assert {i["status"] for i in antre} == {"diterapkan"}
    pergi(page, "#/antrian")
    assert page.locator(".item-antrian[data-status='diterapkan']").count() == 22
    shot("antrian-terkirim")

    # ---- the database holds exactly those 22 changes, each once, each audited -------------
    rows = list(Perubahan.objects.all())
    assert len(rows) == 22
    assert Counter(str(r.client_id) for r in rows) == Counter(i["id"] for i in antre)
    assert {r.status for r in rows} == {"applied"}
    assert Counter(r.aksi for r in rows) == diharapkan
    for r in rows:
        audit = [a for a in AuditRecord.objects.filter(aksi=f"coklit.{r.aksi.lower()}")
                 if (a.sesudah or {}).get("perubahan") == str(r.client_id)]
        assert len(audit) == 1, (r.aksi, r.client_id)
    assert AuditRecord.objects.filter(aksi__startswith="coklit.").exclude(
        aksi__startswith="coklit.foto").count() == 22
    assert verify().ok

    def segar(nama):
        return Pemilih.objects.get(pk=v[nama].pk)

    assert segar("SUGENG RIYADI").disabilitas == "6"
    assert segar("SRI WAHYUNI").ktp_el == "B"
    assert (segar("JOKO SANTOSO").coklit, segar("JOKO SANTOSO").tms_kode) == ("SESUAI", "")
    assert segar("FAJAR NUGROHO").coklit == ""  # the undone Sesuai never left the phone
    assert segar("LILIK SURYANI").rt == "005"
    assert (segar("RUDI HARTONO").alamat, segar("RUDI HARTONO").disabilitas) == (
        "JL. KAWI GG. 2 NO. 7", "1")
    yuli = segar("YULI ASTUTIK")
    assert (yuli.nama, yuli.tempat_lahir, yuli.versi) == ("YULI ASTUTIK RAHAYU", "BLITAR", 2)
    assert segar("SUPARMI").tms_kode == "1"
    assert segar("Siti Aminah").tms_kode == "2"
    assert segar("ANISA RAHMA").tms_kode == "4"
    assert segar("TEGUH PRASETYO").tps_id == ns.tps_bl2.id
    tms1 = next(r for r in rows if r.aksi == "TMS" and r.data["kode"] == "1")
    assert tms1.data["foto"] == str(foto_tms.id)
    baru = Pemilih.objects.filter(sumber="BARU").order_by("nama")
    assert [(p.nama, p.nik, p.tps_id) for p in baru] == [
        ("NUR HIDAYAH", nik_nur, tps.id), ("RIZKY PRATAMA", nik_rizky, tps.id)]
    stiker = {s.nkk: s for s in StikerKK.objects.all()}
    assert set(stiker) == {v["SUGENG RIYADI"].nkk, joko.nkk}
    s1 = stiker[v["SUGENG RIYADI"].nkk]
    assert s1.foto is not None and s1.foto.selesai
    assert (float(s1.lintang), float(s1.bujur)) == (KEDIRI["latitude"], KEDIRI["longitude"])
    assert stiker[joko.nkk].foto is None

    # The phone's list follows the server: Teguh moved out, the new voters have real ids.
    pergi(page, "#/")
    page.locator("#kemajuan", has_text="19 / 29").wait_for()
    page.locator("#jumlah-menunggu", has_text="Tidak ada perubahan yang menunggu").wait_for()
    assert json.loads(page.evaluate("""() => new Promise((resolve) => {
      const r = indexedDB.open("selenggara-coklit");
      r.onsuccess = () => {
        const q = r.result.transaction("pemilih").objectStore("pemilih").getAllKeys();
        q.onsuccess = () => { resolve(JSON.stringify(q.result)); r.result.close(); };
      };
    })""")) == sorted(Pemilih.objects.filter(tps=tps).values_list("pk", flat=True))
    page.screenshot(path=str(screenshot_dir / "coklit-beranda-selesai.png"), full_page=True)


def test_conflict_rejection_pps_return_and_expired_session(
        phone, live_server, coklit_kediri, screenshot_dir):
    """What the server answers besides "applied" reaches the Pantarlih, and an expired session
    costs nothing: the queue waits for the next login."""
    ns = coklit_kediri
    v = ns.v
    page = phone
    context = page.context
    base = live_server.url
    masuk(page, base, "pantarlih_bl1", ns.password)
    tunggu_siap(page)
    tunggu_sinkron(page)

    context.set_offline(True)
    page.locator("#sinyal", has_text="Luring").wait_for()
    bambang, hadi, mulyadi, rudi = (v[n] for n in ("BAMBANG SUTEJO", "HADI PURNOMO", "MULYADI",
                                                   "RUDI HARTONO"))
    ubah(page, bambang, alamat="Jl. Kawi No. 2A")  # PPS will return it
    kabar(page, "Perubahan data BAMBANG SUTEJO")
    ubah(page, hadi, alamat="Jl. Semeru No. 4A")  # the other Pantarlih edits him first
    kabar(page, "Perubahan data HADI PURNOMO")
    sesuai(page, mulyadi)  # moved to TPS 002 by the other Pantarlih meanwhile
    sesuai(page, rudi)

    # The second Pantarlih of this TPS syncs first, from another phone.
    endang = Petugas.objects.get(nama="Endang Sri", tps=ns.tps_bl1)
    jawab = services.sync(endang, None, [
        services.Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=hadi.pk, versi=hadi.versi,
                        data={"ubah": {"alamat": "JL. SEMERU GG. 1"}}),
        services.Change(id=uuid.uuid4(), aksi="TMS", pemilih_id=mulyadi.pk,
                        versi=mulyadi.versi, data={"kode": "8", "tps_tujuan": ns.tps_bl2.id}),
    ])
    assert [a.status for a in jawab] == ["applied", "applied"]

    # The session expired while the phone was offline.
    context.clear_cookies(name="sessionid")
    n = putaran(page)
    context.set_offline(False)
    assert sinkron_berikut(page, n) == "gagal-sesi"
    page.locator("#spanduk", has_text="Masuk lagi").wait_for()
    page.screenshot(path=str(screenshot_dir / "coklit-sesi-habis.png"))
    antre = page.evaluate(IDB_ANTRIAN)
    assert len(antre) == 4  # nothing dropped
    assert Perubahan.objects.filter(petugas=ns.petugas_pantarlih).count() == 0

    # Acting again on a voter whose change already left the phone (no answer yet) chains a
    # new change after it instead of replacing what was sent.
    (rudi1,) = [i for i in antre if i["pemilih_id"] == rudi.pk]
    ubah(page, rudi, rt="7")
    kabar(page, "Perubahan data RUDI HARTONO tersimpan")
    antre = page.evaluate(IDB_ANTRIAN)
    rudi2 = next(i for i in antre if i["aksi"] == "UBAH" and i["data"]["ubah"] == {"rt": "007"})
    assert (rudi2["setelah"], rudi2["versi"]) == (rudi1["id"], rudi1["versi"])

    # Log in again from the banner: back in the app, the queue goes out by itself.
    page.get_by_role("link", name="Masuk lagi").click()
    page.get_by_label("Nama pengguna").fill("pantarlih_bl1")
    page.get_by_label("Kata sandi").fill(ns.password)
    page.get_by_role("button", name="Masuk").click()
    page.wait_for_url(f"{base}/coklit/")
    tunggu_siap(page)
    sinkron_berikut(page, 0)
    assert page.evaluate("document.body.dataset.sinkron") == "selesai"
    assert not page.locator("#spanduk").inner_text()

    hasil = {r.pemilih_id: r for r in Perubahan.objects.filter(petugas=ns.petugas_pantarlih)
             .exclude(aksi="UBAH", pemilih_id=rudi.pk)}
    assert hasil[bambang.pk].status == "applied"
    assert hasil[hadi.pk].status == "conflict"
    assert hasil[rudi.pk].status == "applied"
    ditolak = Perubahan.objects.get(petugas=ns.petugas_pantarlih, status="rejected")
    assert ditolak.pemilih_id is None and "pemilih_id" in ditolak.hasil["galat"]
    rudi_db = Pemilih.objects.get(pk=rudi.pk)
    assert (rudi_db.rt, rudi_db.versi, rudi_db.coklit) == ("007", 3, "UBAH")
    assert Pemilih.objects.get(pk=hadi.pk).alamat == "JL. SEMERU GG. 1"  # not overwritten

    pergi(page, "#/antrian")
    assert sorted(i["status"] for i in page.evaluate(IDB_ANTRIAN)) == [
        "diterapkan", "diterapkan", "diterapkan", "ditolak", "konflik"]
    page.locator(".item-antrian[data-status='ditolak']",
                 has_text="tidak ada di daftar TPS Anda").wait_for()
    page.locator(".item-antrian[data-status='konflik']",
                 has_text="diteruskan ke PPS").wait_for()
    # The phone now shows the server's record of Hadi, and Mulyadi left this worklist.
    buka_pemilih(page, hadi)
    page.locator("dd", has_text="JL. SEMERU GG. 1").wait_for()
    pergi(page, "#/daftar")
    page.locator("#cari").fill(mulyadi.nik[-4:])
    page.locator("#jumlah-tampak", has_text="0 pemilih").wait_for()

    # Online, a new voter's NIK is checked against the whole kab/kota at once.
    pergi(page, "#/baru")
    page.fill("#f-nik", ns.pemilih["Dewi Lestari"].nik)
    page.locator("#info-nik", has_text="sudah terdaftar di TPS 002 Bandar Lor").wait_for()
    assert "Dewi Lestari" not in page.inner_text("#info-nik")  # the name comes masked

    # PPS returns Bambang's Ubah with a note; the next sync brings it to the phone.
    evaluasi.kembalikan(ns.pps_bl, hasil[bambang.pk].pk, "KTP-el tidak ditunjukkan; cek ulang.")
    assert tekan_sinkron(page) == "selesai"
    pergi(page, "#/antrian")
    page.locator(".item-antrian[data-status='dikembalikan']",
                 has_text="KTP-el tidak ditunjukkan; cek ulang.").wait_for()
    page.screenshot(path=str(screenshot_dir / "coklit-antrian-jawaban.png"), full_page=True)
    pergi(page, "#/daftar")
    page.locator("#cari").fill("")
    page.locator("button.chip[data-filter='kembali']", has_text="(1)").click()
    page.locator(f".baris-pemilih[data-pemilih='{bambang.pk}']").click()
    page.locator(".kotak", has_text="Dikembalikan PPS: KTP-el tidak ditunjukkan").wait_for()
    page.locator("dd", has_text="JL. KAWI NO. 2,").wait_for()  # PPS undid the correction
    page.screenshot(path=str(screenshot_dir / "coklit-dikembalikan.png"))
    # PPS set the voter back to "belum": the Pantarlih checks again, and that clears the note.
    assert page.locator(".lencana-status").first.inner_text() == "Belum dicoklit"
    page.click("#tombol-sesuai")
    kabar(page, "Sesuai: BAMBANG SUTEJO")
    assert tekan_sinkron(page) == "selesai"
    assert Pemilih.objects.get(pk=bambang.pk).catatan_pps == ""
    pergi(page, "#/daftar")
    page.locator("button.chip[data-filter='kembali']", has_text="(0)").wait_for()
    assert verify().ok
