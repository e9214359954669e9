"""The synthetic Kota Kediri population reproduces the public 2024 figures exactly, is
internally consistent (households, addresses, NIKs) and keeps the coklit truth apart.

The full city is generated once per module (``kota`` fixture) and every city-wide assertion
reads the summary collected in that single pass; determinism needs one more pass.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import random
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

import pytest

from selenggara.demo import generator, kediri, names
from selenggara.demo.generator import PEMILIH_COLUMNS
from selenggara.rules.eligibility import umur_pada
from selenggara.rules.nik import validate_nik, validate_nkk
from selenggara.rules.tps import jumlah_pantarlih

SEED = 2024
HARI = date(2024, 11, 27)
C = {c: i for i, c in enumerate(PEMILIH_COLUMNS)}


def _sidik(baris) -> bytes:
    return repr(baris).encode()


@dataclass
class Kota:
    n: int = 0
    laki: int = 0
    per_kec: Counter = field(default_factory=Counter)
    per_tps: Counter = field(default_factory=Counter)
    nkk_tps: dict = field(default_factory=lambda: defaultdict(set))
    nkk_anggota: Counter = field(default_factory=Counter)
    nkk_alamat: dict = field(default_factory=lambda: defaultdict(set))
    rt_tps: dict = field(default_factory=lambda: defaultdict(set))
    nik: Counter = field(default_factory=Counter)
    dis: Counter = field(default_factory=Counter)
    truth: Counter = field(default_factory=Counter)
    masalah: list = field(default_factory=list)
    hash_semua: str = ""
    pertama: tuple | None = None
    terakhir: tuple | None = None
    batch_pertama: generator.KelurahanBatch | None = None
    jumlah_kel: int = 0
    ktp: Counter = field(default_factory=Counter)
    umur: Counter = field(default_factory=Counter)
    status_per_umur: Counter = field(default_factory=Counter)
    nama_kecil: int = 0
    ganda_jenis: Counter = field(default_factory=Counter)
    ganda_varian: Counter = field(default_factory=Counter)
    cara_nama: Counter = field(default_factory=Counter)
    digit_typo: Counter = field(default_factory=Counter)
    mirip: Counter = field(default_factory=Counter)


def _periksa_batch(kota: Kota, b: generator.KelurahanBatch, n_tps: int) -> None:
    """Per-kelurahan checks that need the truth next to its records."""
    kec = b.kode_kelurahan[:8]
    benar: dict[int, dict] = {}  # urutan -> correct values for DATA_SALAH
    kategori: dict[int, str] = {}
    nik_kedua: set[int] = set()  # duplicates carrying a NIK issued elsewhere
    mirip: list[generator.TruthRow] = []
    for t in b.truth:
        kota.truth[t.kategori] += 1
        json.dumps(t.data)  # must be serialisable for the loader
        if t.kategori == "BELUM_TERDAFTAR":
            assert t.urutan is None
            rekam = t.data["pemilih"]
            assert set(rekam) == set(PEMILIH_COLUMNS)
            assert rekam["nik"] == t.nik and rekam["tps_nomor"] == t.tps_nomor
            tgl = date.fromisoformat(rekam["tanggal_lahir"])
            assert umur_pada(tgl, HARI) >= 17
            assert (
                validate_nik(t.nik, tanggal_lahir=tgl, jenis_kelamin=rekam["jenis_kelamin"]) == []
            )
            if t.data["jenis"] == "PEMILIH_PEMULA":  # born here: NIK of this kecamatan
                assert t.nik.startswith(kec.replace(".", "")) and umur_pada(tgl, HARI) <= 18
            continue
        r = b.pemilih[t.urutan]
        assert r[C["nik"]] == t.nik and r[C["tps_nomor"]] == t.tps_nomor
        assert t.urutan not in kategori, "one category per record"
        kategori[t.urutan] = t.kategori
        if t.kategori == "DATA_SALAH":
            for k, v in t.data["tercatat"].items():
                nilai = r[C[k]]
                assert (nilai.isoformat() if isinstance(nilai, date) else nilai) == v
            benar[t.urutan] = t.data["benar"]
            assert t.data["benar"] != t.data["tercatat"]
        elif t.kategori == "SALAH_TPS":
            assert 1 <= t.data["tps_benar"] <= n_tps and t.data["tps_benar"] != t.tps_nomor
        elif t.kategori == "GANDA":
            _periksa_ganda(kota, b, t, r)
            if t.data["jenis"] == "NIK_KEDUA":
                nik_kedua.add(t.urutan)
        elif t.kategori == "MIRIP":
            mirip.append(t)
        elif t.kategori == "DIBAWAH_UMUR":
            assert umur_pada(r[C["tanggal_lahir"]], HARI) < 17 and r[C["status_kawin"]] == "B"
    dipakai: set[int] = set()
    for t in mirip:
        _periksa_mirip(kota, b, t, kategori)
        assert t.data["pasangan_urutan"] not in dipakai, "a record is in one look-alike pair"
        dipakai.add(t.data["pasangan_urutan"])

    for i, r in enumerate(b.pemilih):
        assert len(r) == len(PEMILIH_COLUMNS)
        kota.n += 1
        jk = r[C["jenis_kelamin"]]
        kota.laki += jk == "L"
        kota.per_kec[kec] += 1
        tps = r[C["tps_nomor"]]
        kota.per_tps[(b.kode_kelurahan, tps)] += 1
        nkk = r[C["nkk"]]
        kota.nkk_tps[nkk].add((b.kode_kelurahan, tps))
        kota.nkk_anggota[nkk] += 1
        kota.nik[r[C["nik"]]] += 1
        kota.dis[r[C["disabilitas"]]] += 1
        kota.ktp[r[C["ktp_el"]]] += 1
        if r[C["nama"]] != r[C["nama"]].upper():
            kota.nama_kecil += 1
        # Undo deliberate data errors to check the person's true data.
        asli = {k: r[C[k]] for k in ("tanggal_lahir", "jenis_kelamin", "rt", "rw", "status_kawin")}
        for k, v in benar.get(i, {}).items():
            if k in asli:
                asli[k] = date.fromisoformat(v) if k == "tanggal_lahir" else v
        masalah = validate_nik(
            r[C["nik"]],
            # A second NIK was issued in another kab/kota (checked in _periksa_ganda).
            kode_kecamatan=None if i in nik_kedua else kec,
            tanggal_lahir=asli["tanggal_lahir"],
            jenis_kelamin=asli["jenis_kelamin"],
        )
        if masalah:
            kota.masalah.append((r, masalah))
        assert validate_nkk(nkk) == [] and nkk.startswith(kec.replace(".", ""))
        umur = umur_pada(asli["tanggal_lahir"], HARI)
        kota.umur[min(umur // 10 * 10, 90)] += 1
        kota.status_per_umur[(min(umur // 10 * 10, 70), asli["status_kawin"])] += 1
        if umur < 17:
            assert kategori.get(i) == "DIBAWAH_UMUR" or asli["status_kawin"] in "SP", r
        assert len(r[C["rt"]]) == 3 and 1 <= int(asli["rt"]) <= 15
        assert len(r[C["rw"]]) == 3 and 1 <= int(asli["rw"]) <= 10
        assert r[C["tempat_lahir"]] and r[C["alamat"]]
        assert r[C["status_kawin"]] in ("B", "S", "P") and r[C["ktp_el"]] in ("B", "S")
        kota.nkk_alamat[nkk].add((r[C["alamat"]], asli["rt"], asli["rw"]))
        # An RT belongs to exactly one TPS; records filed at the wrong TPS belong to theirs.
        k = kategori.get(i)
        if k == "SALAH_TPS":
            tps = next(t.data["tps_benar"] for t in b.truth if t.urutan == i)
        kota.rt_tps[(b.kode_kelurahan, asli["rw"], asli["rt"])].add(tps)


def _periksa_ganda(kota: Kota, b: generator.KelurahanBatch, t, r) -> None:
    """A planted duplicate is the same person as the record kept, in its kind of disguise."""
    d = t.data
    asli = b.pemilih[d["urutan_dipertahankan"]]
    assert d["urutan_dipertahankan"] < t.urutan
    assert d["nik_dipertahankan"] == asli[C["nik"]] and d["nama_dipertahankan"] == asli[C["nama"]]
    assert d["tps_dipertahankan"] == asli[C["tps_nomor"]]
    for k in ("tanggal_lahir", "jenis_kelamin", "disabilitas"):  # the same person
        assert r[C[k]] == asli[C[k]], k
    jenis = d["jenis"]
    kota.ganda_jenis[jenis] += 1
    beda = [k for k in range(16) if t.nik[k] != asli[C["nik"]][k]]
    if jenis in ("NIK_SAMA", "NAMA_BEDA"):
        assert beda == []
    elif jenis == "NIK_TYPO":
        assert 1 <= len(beda) <= 2 and min(beda) >= 12, (asli[C["nik"]], t.nik)  # serial only
        kota.digit_typo[len(beda)] += 1
    else:
        assert jenis == "NIK_KEDUA", jenis
        assert t.nik[6:12] == asli[C["nik"]][6:12]  # same birth date and sex
        assert not t.nik.startswith("3571") and beda
        assert (
            validate_nik(
                t.nik, tanggal_lahir=r[C["tanggal_lahir"]], jenis_kelamin=r[C["jenis_kelamin"]]
            )
            == []
        )
    kolom = {
        "KK": "nkk",
        "NAMA": "nama",
        "TEMPAT_LAHIR": "tempat_lahir",
        "STATUS_KAWIN": "status_kawin",
    }
    varian = {v for v, k in kolom.items() if r[C[k]] != asli[C[k]]}
    assert set(d["varian"]) == varian and d["kk_sama"] == ("KK" not in varian)
    kota.ganda_varian.update(varian)
    assert ("cara_nama" in d) == ("NAMA" in varian)
    if "NAMA" in varian:
        assert " ".join(r[C["nama"]].split()) != " ".join(asli[C["nama"]].upper().split())
        kota.cara_nama[d["cara_nama"]] += 1
    if jenis == "NIK_SAMA":
        assert varian <= {"KK", "STATUS_KAWIN"}
    elif jenis == "NAMA_BEDA":
        assert "NAMA" in varian and "TEMPAT_LAHIR" not in varian


def _periksa_mirip(kota: Kota, b: generator.KelurahanBatch, t, kategori: dict) -> None:
    """A look-alike pair: two people, neither of them a planted error of any kind."""
    d = t.data
    x = d["pasangan_urutan"]
    a, r = b.pemilih[x], b.pemilih[t.urutan]
    assert x not in kategori and x != t.urutan
    assert d["pasangan_nik"] == a[C["nik"]] != r[C["nik"]]
    assert d["pasangan_tps"] == a[C["tps_nomor"]]
    ua, ur = (umur_pada(p[C["tanggal_lahir"]], HARI) for p in (a, r))
    assert ua >= 17 and ur >= 17
    jenis = d["jenis"]
    kota.mirip[jenis] += 1
    if jenis == "KEMBAR":
        assert a[C["nkk"]] == r[C["nkk"]] and a[C["tanggal_lahir"]] == r[C["tanggal_lahir"]]
        assert a[C["nama"]].split()[0] != r[C["nama"]].split()[0]
        assert d["semula"]["nik"] != r[C["nik"]]
        assert date.fromisoformat(d["semula"]["tanggal_lahir"]) > r[C["tanggal_lahir"]]
    elif jenis == "AYAH_ANAK":
        assert a[C["nkk"]] == r[C["nkk"]] and a[C["nama"]] == r[C["nama"]]
        assert a[C["jenis_kelamin"]] == r[C["jenis_kelamin"]] == "L" and ua - ur >= 18
        assert d["semula"]["nama"] != r[C["nama"]]
    else:
        assert jenis == "NAMA_UMUM", jenis
        assert a[C["nkk"]] != r[C["nkk"]] and a[C["nama"]] == r[C["nama"]]
        assert a[C["jenis_kelamin"]] == r[C["jenis_kelamin"]]
        assert a[C["tanggal_lahir"]] == r[C["tanggal_lahir"]]
        assert d["semula"]["nama"] != r[C["nama"]]


@pytest.fixture(scope="module")
def tps() -> list[generator.TpsRow]:
    return generator.generate_tps(SEED)


@pytest.fixture(scope="module")
def kota(tps) -> Kota:
    kota = Kota()
    n_tps = Counter(t.kode_kelurahan for t in tps if t.jenis == "REGULER")
    h = hashlib.sha256()
    it = generator.iter_kelurahan(SEED)
    assert inspect.isgenerator(it), "must stream one kelurahan at a time"
    for b in it:
        kota.jumlah_kel += 1
        if kota.batch_pertama is None:
            kota.batch_pertama = b
        if kota.pertama is None:
            kota.pertama = b.pemilih[0]
        kota.terakhir = b.pemilih[-1]
        for r in b.pemilih:
            h.update(_sidik(r))
        for t in b.truth:
            h.update(_sidik(t))
        _periksa_batch(kota, b, n_tps[b.kode_kelurahan])
    kota.hash_semua = h.hexdigest()
    return kota


# --- wilayah and TPS -------------------------------------------------------------------


def test_wilayah_extract_matches_kemendagri_codes():
    kels = kediri.kelurahan()
    assert len(kels) == 46
    per_kec = Counter(k.kode_kecamatan for k in kels)
    assert per_kec == {"35.71.01": 14, "35.71.02": 17, "35.71.03": 15}
    assert kels[0].kode == "35.71.01.1001" and kels[0].nama == "Bandar Lor"
    assert [r["code"] for r in kediri.baca_csv("districts.csv")] == [
        "35.71.01",
        "35.71.02",
        "35.71.03",
    ]
    assert kediri.baca_csv("regencies.csv") == [
        {"code": "35.71", "province_code": "35", "name": "Kota Kediri"}
    ]
    assert kediri.baca_csv("provinces.csv") == [{"code": "35", "name": "Jawa Timur"}]
    assert (kediri.DATA_WILAYAH / "LICENSE.md").exists()  # ODbL travels with the extract


def test_tps_counts_per_kecamatan(tps):
    reg = Counter(t.kode_kelurahan[:8] for t in tps if t.jenis == "REGULER")
    semua = Counter(t.kode_kelurahan[:8] for t in tps)
    assert len(tps) == 405
    assert reg == {"35.71.01": 154, "35.71.02": 122, "35.71.03": 125}
    assert semua == {"35.71.01": 156, "35.71.02": 123, "35.71.03": 126}


def test_tps_numbering_and_loksus(tps):
    per_kel = defaultdict(list)
    for t in tps:
        per_kel[t.kode_kelurahan].append(t)
    assert len(per_kel) == 46
    for kode, ts in per_kel.items():
        reg = [t for t in ts if t.jenis == "REGULER"]
        assert len(reg) >= 2, kode
        assert [t.nomor for t in reg] == list(range(1, len(reg) + 1))
        assert [t.nama for t in reg] == [f"TPS {n:03d}" for n in range(1, len(reg) + 1)]
        loksus = [t for t in ts if t.jenis == "LOKSUS"]
        assert [t.nomor for t in loksus] == list(range(901, 901 + len(loksus)))
        assert ts == reg + loksus  # regular first, loksus after
    loksus = {(t.kode_kelurahan, t.nomor): t for t in tps if t.jenis == "LOKSUS"}
    assert set(loksus) == {
        ("35.71.01.1001", 901),
        ("35.71.01.1001", 902),
        ("35.71.02.1017", 901),
        ("35.71.03.1015", 901),
    }
    assert loksus[("35.71.01.1001", 901)].nama == "TPS 901 Lapas Kelas IIA Kediri"
    assert "Wali Barokah" in loksus[("35.71.03.1015", 901)].nama
    assert all(t.jumlah_pantarlih == 0 for t in loksus.values())
    # TPS per kelurahan vary (not an even split)
    assert len({len(v) for v in per_kel.values()}) > 5


def test_planned_tps_sizes_give_782_pantarlih(tps):
    ukuran = generator.jumlah_dp4_per_tps(SEED)
    assert len(ukuran) == 401
    assert max(ukuran.values()) <= 600
    assert sum(1 for v in ukuran.values() if v <= 400) == 20
    assert sum(jumlah_pantarlih(v) for v in ukuran.values()) == 782
    assert sum(t.jumlah_pantarlih for t in tps) == 782
    for t in tps:
        if t.jenis == "REGULER":
            assert t.jumlah_pantarlih == jumlah_pantarlih(ukuran[(t.kode_kelurahan, t.nomor)])


def test_plan_holds_for_other_seeds():
    for seed in (0, 1, 7, 99):
        ukuran = generator.jumlah_dp4_per_tps(seed)
        assert sum(ukuran.values()) == 222_451
        assert max(ukuran.values()) <= 600 and min(ukuran.values()) >= 250
        assert sum(1 for v in ukuran.values() if v <= 400) == 20


# --- voters --------------------------------------------------------------------------------


def test_dp4_totals_exact(kota, tps):
    assert kota.jumlah_kel == 46
    assert kota.n == 222_451
    assert kota.per_kec == {"35.71.01": 85_459, "35.71.02": 68_087, "35.71.03": 68_905}
    assert dict(kota.per_tps) == generator.jumlah_dp4_per_tps(SEED)
    assert max(kota.per_tps.values()) <= 600
    assert sum(1 for v in kota.per_tps.values() if v <= 400) == 20
    # loksus TPS get no DP4 voters
    loksus = {(t.kode_kelurahan, t.nomor) for t in tps if t.jenis == "LOKSUS"}
    assert not loksus & set(kota.per_tps)


def test_households_whole_in_one_tps_and_one_address(kota):
    assert all(len(v) == 1 for v in kota.nkk_tps.values())
    assert all(len(v) == 1 for v in kota.nkk_alamat.values())
    ukuran = Counter(kota.nkk_anggota.values())
    assert set(ukuran) <= set(range(1, 8))
    rata = kota.n / len(kota.nkk_anggota)
    assert 2.6 <= rata <= 3.0


def test_rt_blocks_map_to_one_tps(kota):
    terbagi = {k: v for k, v in kota.rt_tps.items() if len(v) > 1}
    assert not terbagi, list(terbagi.items())[:5]


def test_every_nik_matches_person(kota):
    # Only deliberate data errors (tracked in the truth and undone above) may disagree.
    assert kota.masalah == []


def test_nik_unique_except_duplicates(kota):
    # Only the duplicates planted with the same NIK share one; mistyped and second NIKs, and
    # the twins' new NIKs, are unique in the city.
    ganda = sum(c - 1 for c in kota.nik.values() if c > 1)
    assert ganda == kota.ganda_jenis["NIK_SAMA"] + kota.ganda_jenis["NAMA_BEDA"]


def test_counts_unchanged_by_duplicate_kinds_and_look_alikes(kota):
    # The kinds of duplicates and the look-alikes draw from generators of their own and only
    # change fields of records already drawn: every figure is what it was before them.
    assert (kota.n, kota.laki) == (222_451, 108_123)
    assert {k: v for k, v in kota.truth.items() if k != "MIRIP"} == {
        "BELUM_TERDAFTAR": 6122,
        "DATA_SALAH": 6674,
        "DIBAWAH_UMUR": 74,
        "GANDA": 647,
        "MENINGGAL": 2668,
        "PINDAH": 2227,
        "POLRI": 52,
        "SALAH_TPS": 1896,
        "TNI": 55,
    }


def test_duplicates_of_every_kind_in_their_shares(kota):
    n = kota.truth["GANDA"]
    assert sum(kota.ganda_jenis.values()) == n
    for jenis, bobot in zip(generator.JENIS_GANDA, generator._BOBOT_GANDA, strict=True):
        assert abs(kota.ganda_jenis[jenis] / n - bobot) < 0.05, (jenis, kota.ganda_jenis)
    assert kota.digit_typo[1] > kota.digit_typo[2] > 0  # mostly one digit wrong
    v = kota.ganda_varian
    assert v["KK"] > v["NAMA"] > v["TEMPAT_LAHIR"] > 30 and v["STATUS_KAWIN"] > 0
    assert {"GELAR", "EJAAN_LAMA", "SPASI", "HURUF_GANDA", "EJAAN"} <= set(kota.cara_nama)


def test_look_alikes_of_every_kind_are_not_duplicates(kota):
    # About 100 in the city, each kind present; _periksa_mirip checked each pair.
    assert 80 <= sum(kota.mirip.values()) <= 120
    assert all(kota.mirip[j] >= 15 for j in generator.JENIS_MIRIP), kota.mirip
    assert kota.truth["MIRIP"] == sum(kota.mirip.values())


@pytest.mark.parametrize(
    ("nama", "cara", "hasil"),
    [
        ("NURHAYATI", names._cara_spasi, {"NUR HAYATI"}),
        ("KHOIRUN NISA", names._cara_spasi, {"KHOIRUNNISA"}),
        ("PERMATASARI", names._cara_spasi, {"PERMATA SARI"}),
        ("SOEPARMAN", names._cara_ejaan, {"SUPARMAN"}),
        ("DJOKO", names._cara_ejaan, {"JOKO"}),
        ("SYAFII", names._cara_ejaan, {"SJAFII"}),
        ("ACHMAD", names._cara_ejaan, {"AKHMAD"}),
        ("CAHYONO", names._cara_ejaan, {"TJAHYONO"}),
        ("MUHAMMAD", names._cara_huruf_ganda, {"MUHAMAD"}),
        ("HASAN", names._cara_huruf_ganda, {"HASSAN"}),
        ("H. AHMAD FAUZI", lambda r, n: names._cara_gelar(r, n, "L", 1960), {"AHMAD FAUZI"}),
        ("BUDI, S.PD.", lambda r, n: names._cara_gelar(r, n, "L", 1980), {"BUDI", "BUDI SPD"}),
        ("SITI AMINAH", lambda r, n: names._ganti_kata(r, n, names._SINGKATAN), {"ST. AMINAH"}),
        ("NUR ROHMAN", lambda r, n: names._ganti_kata(r, n, names._SINGKATAN), {"NOER ROHMAN"}),
    ],
)
def test_ways_a_name_is_written_differently(nama, cara, hasil):
    rng = random.Random(3)
    assert {cara(rng, nama) for _ in range(20)} == hasil


def test_name_and_birthplace_variants_never_equal():
    rng = random.Random(5)
    muhammad = set()
    for _ in range(300):
        v, cara = names.varian_nama(rng, "MUHAMMAD RIZKI", "L", 1999)
        assert v != "MUHAMMAD RIZKI" and cara
        if cara == "MUHAMMAD":
            muhammad.add(v.split()[0])
        v, _cara = names.varian_nama(rng, "Sri Wahyuni", "P", 1970)
        assert v.upper() != "SRI WAHYUNI"
        # an added title fits the person: no HJ. for a man, no IR. or DRS. for the young
        assert not names.varian_nama(rng, "BAGUS SAPUTRA", "L", 2004)[0].startswith(
            ("HJ.", "IR.", "DRS.", "H. ")
        )
    assert {"M.", "MOCH.", "MOH.", "MUH.", "MOHAMMAD", "MUHAMAD"} <= muhammad
    kediri_ = {names.varian_tempat_lahir(rng, "KEDIRI") for _ in range(100)}
    assert kediri_ == {"KAB. KEDIRI", "KDR", "KADIRI", "KOTA KEDIRI", "KEDIRI KOTA"}
    assert {names.varian_tempat_lahir(rng, "SURABAYA") for _ in range(50)} >= {"SBY", "SOERABAJA"}
    assert names.varian_tempat_lahir(rng, "KAB. KEDIRI") == "KEDIRI"


def test_disability_counts_exact(kota):
    assert {k: v for k, v in kota.dis.items() if k} == {1: 306, 2: 91, 3: 181, 4: 497}


def test_sex_ratio_like_dps(kota):
    assert abs(kota.laki / kota.n - 0.488) <= 0.005


def test_age_and_marital_structure(kota):
    n = kota.n
    # pyramid: more voters in their 20s-40s than in their 60s, 70s, 80s+
    assert kota.umur[20] > kota.umur[60] > kota.umur[70] > kota.umur[80] > kota.umur[90] > 0
    assert 0.05 < kota.umur[10] / n < 0.10  # 17-19
    sp = kota.status_per_umur
    assert sp[(10, "B")] > 10 * sp[(10, "S")]  # 17-19: mostly unmarried
    assert sp[(40, "S")] > 5 * sp[(40, "B")]  # middle age: mostly married
    assert sp[(70, "P")] > 0.25 * (sp[(70, "S")] + sp[(70, "P")])  # many widowed elderly
    assert 0.005 < kota.ktp["B"] / n < 0.05
    assert 0 < kota.nama_kecil / n < 0.05  # mostly uppercase as in Sidalih


def test_truth_rates(kota):
    n = kota.n
    t = kota.truth

    def antara(kategori, lo, hi):
        assert lo <= t[kategori] / n <= hi, (kategori, t[kategori] / n)

    antara("MENINGGAL", 0.010, 0.014)
    antara("PINDAH", 0.008, 0.012)
    antara("SALAH_TPS", 0.006, 0.010)
    antara("GANDA", 0.002, 0.004)
    antara("DATA_SALAH", 0.025, 0.035)
    antara("BELUM_TERDAFTAR", 0.022, 0.032)
    assert 60 <= t["TNI"] + t["POLRI"] <= 170
    assert 30 <= t["DIBAWAH_UMUR"] <= 120
    # DP4 -> DPS: removals and additions roughly cancel (2024: +145)
    hapus = sum(t[k] for k in ("MENINGGAL", "PINDAH", "GANDA", "TNI", "POLRI", "DIBAWAH_UMUR"))
    assert abs(t["BELUM_TERDAFTAR"] - hapus) < 0.005 * n


def test_belum_terdaftar_not_in_dp4(kota):
    b = kota.batch_pertama
    nik_dp4 = {r[C["nik"]] for r in b.pemilih}
    baru = [t for t in b.truth if t.kategori == "BELUM_TERDAFTAR"]
    assert baru
    assert all(t.nik not in nik_dp4 for t in baru)
    assert {t.data["jenis"] for t in baru} == {"PEMILIH_PEMULA", "PENDATANG"}


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_same_output(kota):
    h = hashlib.sha256()
    pertama = terakhir = None
    for b in generator.iter_kelurahan(SEED):
        pertama = pertama or b.pemilih[0]
        terakhir = b.pemilih[-1]
        for r in b.pemilih:
            h.update(_sidik(r))
        for t in b.truth:
            h.update(_sidik(t))
    assert pertama == kota.pertama and terakhir == kota.terakhir
    assert h.hexdigest() == kota.hash_semua


def test_kelurahan_reproducible_alone(kota):
    b = kota.batch_pertama
    assert generator.generate_kelurahan(SEED, b.kode_kelurahan) == b


def test_different_seed_different_people(kota, tps):
    b = kota.batch_pertama
    lain = generator.generate_kelurahan(SEED + 1, b.kode_kelurahan)
    assert lain.pemilih[:50] != b.pemilih[:50]
    assert {r[C["nik"]] for r in lain.pemilih} != {r[C["nik"]] for r in b.pemilih}
    assert generator.generate_tps(SEED + 1) != tps


# --- officers ------------------------------------------------------------------------------


def test_officer_counts(tps):
    petugas = generator.generate_petugas(SEED, tps)
    per = Counter((p.peran, p.jabatan) for p in petugas)
    assert per[("PPK", "KETUA")] == 3 and per[("PPK", "ANGGOTA")] == 12
    assert per[("PPK", "SEKRETARIS")] == 3
    assert per[("PPS", "KETUA")] == 46 and per[("PPS", "ANGGOTA")] == 92
    assert per[("PANTARLIH", "ANGGOTA")] == 782 and ("PANTARLIH", "KETUA") not in per
    assert per[("KPPS", "KETUA")] == 405 and per[("KPPS", "ANGGOTA")] == 405 * 6
    ppk = Counter(p.kode_wilayah for p in petugas if p.peran == "PPK")
    assert ppk == {"35.71.01": 6, "35.71.02": 6, "35.71.03": 6}
    assert len({p.nik for p in petugas}) == len(petugas)
    kel_kec = {k.kode: k.kode_kecamatan for k in kediri.kelurahan()}
    for p in petugas:
        kec = p.kode_wilayah if p.peran == "PPK" else kel_kec[p.kode_wilayah]
        assert p.nik.startswith(kec.replace(".", ""))
        assert p.telepon.startswith("08") and 11 <= len(p.telepon) <= 13
        assert (p.tps_nomor is None) == (p.peran in ("PPK", "PPS"))
    assert generator.generate_petugas(SEED, tps) == petugas
