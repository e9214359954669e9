"""The demo after coklit, day by day: final check, DPHP, DPS, public responses, DPSHP, DPT, DPTb.

``selenggara demo simulasi --sampai 2024-09-19`` plays, after the coklit month
(:mod:`.simulasi`), every day from 25 Jul 2024 through the same services officers and the
public use: plenaries through :func:`selenggara.daftar.pleno.adakan`, public responses through
:func:`selenggara.daftar.tanggapan.ajukan` / ``putuskan``, DPTb moves through
:func:`selenggara.daftar.dptb.catat`, and the other voter writes (the final check, the lokasi
khusus registrations, PPS's own fixes) through :class:`selenggara.pemilih.services.PenulisPemilih`
under an audit lock taken first, recorded as ``daftar.perbaikan``. Each day is one transaction;
everything is a function of the seed, stable keys (NIK, area codes) and, for the stages after
the DPS, of the frozen DPS/DPT rows, so a run split at any day gives the same register.

The calendar (Kota Kediri 2024, DOMAIN.md; :data:`JADWAL`):

- **25 Jul, final check.** KPU registers the lokasi khusus voters of the DPS (Lapas TPS 901, the
  two pesantren; :data:`~selenggara.demo.kediri.LOKSUS_DPS`): inmates and santri who are city
  residents already in the DP4 are moved from their home TPS, the others are registered as new
  voters (NIK of the kecamatan that issued it, often outside the city). Then PPS compare each
  sex's eligible count with the published DPS (L 108,616 / P 113,980) and close the gap with
  what coklit missed (the demo truth): deceased, moved and duplicate records still listed are
  struck out, missing eligible residents added. When the truth runs out (the demo's DP4 has more
  women than the DPS shows), voters registered in another kab/kota where they now live (Sidalih's
  cross-region duplicate analysis, typically women who married out) are struck out (TMS 4), or
  new 17-year-olds of existing households added.
- **26-31 Jul** PPS plenaries of the DPHP (46 kelurahan, Mon-Sat), **1-3 Aug** PPK, **10 Aug**
  KPU sets the DPS (222,596 at 404 TPS).
- **18-27 Aug** the announcement: the public files responses (:data:`~.kediri.TANGGAPAN_DITERIMA`
  accepted, :data:`~.kediri.TANGGAPAN_DITOLAK` refused) about listed people (the truth coklit
  missed first, then deaths and moves since) and missing people; PPS decide each 1-2 office days
  later. **30 Aug** PPS's own fixes (Dukcapil data on deaths and moves, new voters) and **31
  Aug** KPU's lokasi khusus changes (TPS 902 opened) bring the DPT to its published figures:
  894 struck out, 563 added.
- **2-7 Sep** PPS plenaries of the DPSHP, **9-11 Sep** PPK, **19 Sep** KPU sets the DPT
  (222,265 at 405 TPS: 220,807 regular, 1,458 lokasi khusus).
- **20 Sep - 20 Nov (H-7)** DPTb moves (:data:`~.kediri.DPTB`), more of them as polling day
  nears, all inside the city (the demo loads no other kab/kota).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.utils import timezone

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.daftar import dptb, pleno, tanggapan
from selenggara.daftar.models import (
    BarisDaftar,
    DaftarTetap,
    PindahMemilih,
    Pleno,
    StatusTanggapan,
    Tanggapan,
)
from selenggara.demo import kediri, names, simulasi_ganda
from selenggara.demo.models import KebenaranDemo
from selenggara.demo.simulasi_jadwal import acak, pecahan
from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih, Rekap
from selenggara.pemilih.services import PenulisPemilih
from selenggara.pemilihan.models import Kontestasi, Pemilihan
from selenggara.petugas.models import Petugas
from selenggara.rules import kode
from selenggara.rules.nik import make_nik
from selenggara.rules.pemilih import FIELDS, clean_fields, validate_record
from selenggara.web import jam
from selenggara.wilayah.models import TPS, Wilayah

# -- the calendar -------------------------------------------------------------------------------
PEMERIKSAAN = date(2024, 7, 25)
DPHP_PPS = (date(2024, 7, 26), date(2024, 7, 27), date(2024, 7, 29), date(2024, 7, 30),
            date(2024, 7, 31))
DPHP_PPK = (date(2024, 8, 1), date(2024, 8, 2), date(2024, 8, 3))
PENETAPAN_DPS = date(2024, 8, 10)
TANGGAPAN_MULAI, TANGGAPAN_SELESAI = date(2024, 8, 18), date(2024, 8, 27)
PERBAIKAN_PPS = date(2024, 8, 30)
PERBAIKAN_LOKSUS = date(2024, 8, 31)
DPSHP_PPS = tuple(date(2024, 9, d) for d in (2, 3, 4, 5, 6, 7))
DPSHP_PPK = (date(2024, 9, 9), date(2024, 9, 10), date(2024, 9, 11))
PENETAPAN_DPT = date(2024, 9, 19)
DPTB_MULAI = date(2024, 9, 20)
AKHIR = date(2024, 11, 20)  # H-7: the last day of DPTb, and of this simulation

KATEGORI_HAPUS = ("MENINGGAL", "PINDAH", "GANDA", "TNI", "POLRI", "DIBAWAH_UMUR")
TMS_KATEGORI = {"MENINGGAL": kode.TMS_MENINGGAL, "PINDAH": kode.TMS_PINDAH_DOMISILI,
                "GANDA": kode.TMS_GANDA, "TNI": kode.TMS_TNI, "POLRI": kode.TMS_POLRI,
                "DIBAWAH_UMUR": kode.TMS_DI_BAWAH_UMUR}


def tahap_pada(d: date) -> str:
    """The list stage a date belongs to (for the daily table)."""
    if d <= PEMERIKSAAN:
        return "pemeriksaan akhir"
    if d < PENETAPAN_DPS:
        return "DPHP"
    if d == PENETAPAN_DPS:
        return "penetapan DPS"
    if d < TANGGAPAN_MULAI:
        return "DPS"
    if d <= TANGGAPAN_SELESAI:
        return "tanggapan DPS"
    if d < PENETAPAN_DPT:
        return "DPSHP"
    if d == PENETAPAN_DPT:
        return "penetapan DPT"
    return "DPTb"


def _waktu(d: date, jam_: int, menit: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(d, time(jam_, menit)))


def _umur(tgl: date, pada: date = kediri.HARI_PEMUNGUTAN) -> int:
    return pada.year - tgl.year - ((pada.month, pada.day) < (tgl.month, tgl.day))


def _urut(seed: int, label: str, items, kunci, bobot=None) -> list:
    """``items`` in a stable random order (weighted: Efraimidis-Spirakis keys)."""
    def k(x):
        u = pecahan(seed, label, kunci(x))
        if bobot is None:
            return u
        w = bobot(x)
        return -math.log(1.0 - u) / w if w > 0 else math.inf
    return sorted(items, key=k)


# -- the world, read once per run ---------------------------------------------------------------
@dataclass
class Orang:
    """A voter as the selections need it."""

    id: int
    nik: str
    nkk: str
    jk: str
    lahir: date
    tps_id: int
    kelurahan_id: int


@dataclass
class Situs:
    """A lokasi khusus site (a kelurahan with loksus TPS)."""

    kode: str
    jenis: str  # LAPAS / PONPES
    kelurahan: Wilayah
    alamat: str
    tps: dict[int, TPS]  # nomor -> TPS


class Konteks:
    """What the days need: the election, the officers, the areas, the loksus sites."""

    def __init__(self, pemilihan: Pemilihan, seed: int):
        self.pemilihan, self.seed = pemilihan, seed
        self.kota = pemilihan.wilayah
        self.kecamatan = list(Wilayah.objects.filter(induk=self.kota).order_by("kode"))
        self.kelurahan = list(Wilayah.objects.filter(induk__induk=self.kota)
                              .select_related("induk").order_by("kode"))
        self.kel_by_id = {w.id: w for w in self.kelurahan}
        self.petugas: dict[int, list[Petugas]] = defaultdict(list)
        for p in (Petugas.objects.filter(pemilihan=pemilihan, peran__in=["PPS", "PPK"],
                                         aktif=True, user__isnull=False)
                  .exclude(jabatan="SEKRETARIS").select_related("user")
                  .order_by("wilayah_id", "user__username")):
            self.petugas[p.wilayah_id].append(p)
        kpu = (Petugas.objects.filter(pemilihan=pemilihan, peran="KPU", aktif=True,
                                      user__isnull=False).select_related("user")
               .order_by("id").first())
        if kpu is None:
            raise RuntimeError("demo without a KPU account")
        self.kpu = kpu.user
        self.tps = {t.id: t for t in TPS.objects.filter(kelurahan__induk__induk=self.kota)
                    .select_related("kelurahan__induk")}
        self.situs: dict[str, Situs] = {}
        for lk in kediri.LOKASI_KHUSUS:
            kel = next(w for w in self.kelurahan if w.kode == lk.kode_kelurahan)
            tps = {t.nomor: t for t in self.tps.values()
                   if t.kelurahan_id == kel.id and t.jenis == "LOKSUS"}
            self.situs[lk.kode_kelurahan] = Situs(
                lk.kode_kelurahan, "LAPAS" if lk.nama.upper().startswith("LAPAS") else "PONPES",
                kel, lk.alamat, tps)
        self.loksus_tps = {t.id for s in self.situs.values() for t in s.tps.values()}
        self.kontestasi = list(Kontestasi.objects.filter(pemilihan=pemilihan)
                               .prefetch_related("paslon").order_by("urutan"))
        self._nik: set[str] | None = None
        self._nkk: set[str] | None = None

    def ketua(self, wilayah_id: int):
        return self.petugas[wilayah_id][0].user

    # -- identifiers for new people --
    def _isi_identitas(self) -> None:
        if self._nik is None:
            self._nik = set(Pemilih.objects.values_list("nik", flat=True))
            self._nik |= set(KebenaranDemo.objects.values_list("nik", flat=True))
            self._nik |= set(Petugas.objects.exclude(nik="").values_list("nik", flat=True))
            self._nkk = set(Pemilih.objects.values_list("nkk", flat=True))

    def nik_baru(self, kec: str, lahir: date, jk: str) -> str:
        self._isi_identitas()
        for seri in range(7001, 10_000):
            nik = make_nik(kec, lahir, jk, seri)
            if nik not in self._nik:
                self._nik.add(nik)
                return nik
        raise RuntimeError("no free NIK serial")

    def nkk_baru(self, kec: str, terbit: date) -> str:
        self._isi_identitas()
        k = kec.replace(".", "")
        for seri in range(8001, 10_000):
            nkk = f"{k}{terbit.day:02d}{terbit.month:02d}{terbit.year % 100:02d}{seri:04d}"
            if nkk not in self._nkk:
                self._nkk.add(nkk)
                return nkk
        raise RuntimeError("no free NKK serial")

    # -- people of the register --
    def truth(self) -> dict[int, str]:
        """Voter id -> planted error (every kind), from the demo truth. Look-alikes (MIRIP) are
        no error: they are ordinary voters to whom anything may happen."""
        return dict(KebenaranDemo.objects.exclude(pemilih=None).exclude(kategori="MIRIP")
                    .values_list("pemilih_id", "kategori"))

    def bersih(self, *, kecuali: set[int] = frozenset()) -> list[Orang]:
        """Eligible DP4 voters at regular TPS with no planted error: people to whom something
        new can happen (a death, a move, a detention)."""
        cacat = set(self.truth())
        out = []
        for pid, nik, nkk, jk, lahir, tps_id, kel in (
                Pemilih.objects.filter(pemilihan=self.pemilihan, sumber="DP4", tms_kode="")
                .exclude(tps_id__in=self.loksus_tps).order_by("id")
                .values_list("id", "nik", "nkk", "jenis_kelamin", "tanggal_lahir", "tps_id",
                             "kelurahan_id")):
            if pid not in cacat and pid not in kecuali:
                out.append(Orang(pid, nik, nkk, jk, lahir, tps_id, kel))
        return out

    def isi_tps(self) -> Counter:
        return Counter(dict(Pemilih.objects.filter(pemilihan=self.pemilihan, tms_kode="")
                            .order_by().values("tps_id").annotate(n=Count("id"))
                            .values_list("tps_id", "n")))


# -- writing voters (the PPS/KPU fixes) ---------------------------------------------------------
@dataclass
class Tulisan:
    """The voter writes of one officer in one sitting."""

    user: object
    waktu: datetime
    ubah: list[tuple[int, dict, dict]] = field(default_factory=list)  # (id, changed, note)
    tambah: list[tuple[Pemilih, dict]] = field(default_factory=list)


def tulis(t: Tulisan) -> None:
    """Apply one sitting's writes: one transaction, the audit lock first, one record each."""
    if not t.ubah and not t.tambah:
        return
    with jam.pada(t.waktu), transaction.atomic():
        appender = Appender()
        penulis = PenulisPemilih(appender)
        rows = {p.pk: p for p in Pemilih.objects.filter(pk__in=[i for i, _c, _n in t.ubah])}
        for pid, changed, catatan in t.ubah:
            penulis.ubah(rows[pid], changed, aksi=AksiAudit.DAFTAR_PERBAIKAN, user=t.user,
                         catatan=catatan)
        for p, catatan in t.tambah:
            penulis.tambah(p, aksi=AksiAudit.DAFTAR_PERBAIKAN, user=t.user, sesudah=lambda p: {
                "tps": p.tps_id, "nama": p.nama, "nik_akhir": p.nik[-4:], "sumber": p.sumber},
                catatan=catatan)
        penulis.flush()
        appender.flush()


def _tms(tms_kode: str, keterangan: str) -> tuple[dict, dict]:
    return {"tms_kode": tms_kode, "coklit": "TMS"}, {"keterangan": keterangan}


def _pindah_ke(tps: TPS) -> dict:
    return {"tps_id": tps.id, "kelurahan_id": tps.kelurahan_id,
            "kecamatan_id": tps.kelurahan.induk_id}


def orang_baru(ktx: Konteks, rng, *, jk: str, umur: tuple[int, int], tps: TPS, kec_nik: str,
               nkk: str | None, alamat: str, rt: str, rw: str, tahap: str,
               status: str | None = None, tempat: str | None = None) -> Pemilih:
    """A new voter (not on the list before): a plausible person with a valid NIK."""
    hari = kediri.HARI_PEMUNGUTAN
    lahir = date(hari.year - rng.randint(*umur), 1, 1) + timedelta(days=rng.randrange(365))
    lahir = min(lahir, date(hari.year - 17, hari.month, hari.day))
    budaya = names.pilih_budaya(rng)
    nama = names.nama_orang(rng, jk, lahir.year, budaya, names.marga_keluarga(rng, budaya))
    u = _umur(lahir)
    if status is None:
        status = "B" if u < 24 or rng.random() < 0.4 else ("S" if rng.random() < 0.85 else "P")
    nik = ktx.nik_baru(kec_nik, lahir, jk)
    if nkk is None:
        nkk = ktx.nkk_baru(kec_nik, lahir + timedelta(days=365 * rng.randint(1, 6)))
    data = {"nkk": nkk, "nik": nik, "nama": nama, "jenis_kelamin": jk,
            "tempat_lahir": tempat or names.tempat_lahir(rng, lahir.year),
            "tanggal_lahir": lahir.isoformat(), "status_kawin": status, "alamat": alamat,
            "rt": rt, "rw": rw, "disabilitas": "0", "ktp_el": "S"}
    clean, problems = clean_fields(data)
    errors = [p for p in problems if p.is_error] + [
        p for p in validate_record(clean, hari_pemungutan=hari) if p.is_error]
    if errors:
        raise RuntimeError(f"generated voter invalid: {errors}")
    return Pemilih(pemilihan_id=ktx.pemilihan.id, kecamatan_id=tps.kelurahan.induk_id,
                   kelurahan_id=tps.kelurahan_id, tps=tps, sumber="BARU", tahap=tahap,
                   coklit="BARU", coklit_waktu=jam.sekarang(), **clean)


def dari_kebenaran(ktx: Konteks, data: dict, tps: TPS, tahap: str) -> Pemilih:
    """A missing eligible resident of the demo truth, as a new voter."""
    clean, _problems = clean_fields({k: str(data[k]) for k in FIELDS})
    return Pemilih(pemilihan_id=ktx.pemilihan.id, kecamatan_id=tps.kelurahan.induk_id,
                   kelurahan_id=tps.kelurahan_id, tps=tps, sumber="BARU", tahap=tahap,
                   coklit="BARU", coklit_waktu=jam.sekarang(), **clean)


def _tps_berruang(ktx: Konteks, isi: Counter, tps_id: int) -> TPS:
    """``tps_id``, or the emptiest regular TPS of its kelurahan when it is full."""
    maks = ktx.pemilihan.maks_pemilih_per_tps
    if isi[tps_id] < maks:
        return ktx.tps[tps_id]
    kel = ktx.tps[tps_id].kelurahan_id
    calon = sorted((t for t in ktx.tps.values() if t.kelurahan_id == kel and t.jenis == "REGULER"),
                   key=lambda t: (isi[t.id], t.nomor))
    return calon[0]


def _hilang(ktx: Konteks, kecuali_nik: set[str]) -> list[tuple[str, int, dict]]:
    """Missing eligible residents of the truth not on the list: (nik, tps_id, data)."""
    return [(nik, tps_id, data["pemilih"]) for nik, tps_id, data in
            KebenaranDemo.objects.filter(kategori="BELUM_TERDAFTAR", tps__in=list(ktx.tps))
            .order_by("id").values_list("nik", "tps_id", "data") if nik not in kecuali_nik]


def _tambah_penduduk(ktx: Konteks, label: str, jk: str, n: int, tahap: str, keterangan: str,
                     kecuali_nik: set[str], tulisan: dict, waktu: datetime, isi: Counter) -> int:
    """Add ``n`` eligible residents of sex ``jk``: the truth's missing people first, then new
    17-year-olds of households on the list. Returns how many came from the truth."""
    seed = ktx.seed
    hilang = [h for h in _hilang(ktx, kecuali_nik) if h[2]["jenis_kelamin"] == jk]
    hilang = _urut(seed, label, hilang, lambda h: h[0])[:n]
    for nik, tps_id, data in hilang:
        tps = _tps_berruang(ktx, isi, tps_id)
        isi[tps.id] += 1
        kecuali_nik.add(nik)
        _sitting(tulisan, ktx.ketua(tps.kelurahan_id), waktu).tambah.append(
            (dari_kebenaran(ktx, data, tps, tahap), {"keterangan": keterangan}))
    sisa = n - len(hilang)
    if sisa > 0:
        rumah = _urut(seed, label + "-pemula", ktx.bersih(), lambda o: o.nik)
        dipakai: set[str] = set()
        for o in rumah:
            if sisa <= 0:
                break
            if o.nkk in dipakai or isi[o.tps_id] >= ktx.pemilihan.maks_pemilih_per_tps:
                continue
            dipakai.add(o.nkk)
            tps = ktx.tps[o.tps_id]
            induk = Pemilih.objects.get(pk=o.id)
            rng = acak(seed, label, "pemula", o.nik)
            p = orang_baru(ktx, rng, jk=jk, umur=(17, 17), tps=tps,
                           kec_nik=tps.kelurahan.induk.kode, nkk=o.nkk, alamat=induk.alamat,
                           rt=induk.rt, rw=induk.rw, tahap=tahap, status="B",
                           tempat="KEDIRI")
            isi[tps.id] += 1
            _sitting(tulisan, ktx.ketua(tps.kelurahan_id), waktu).tambah.append(
                (p, {"keterangan": keterangan + " (pemilih pemula, genap 17 tahun pada hari "
                     "pemungutan suara)"}))
            sisa -= 1
    return len(hilang)


def _sitting(tulisan: dict, user, waktu: datetime) -> Tulisan:
    t = tulisan.get(user.pk)
    if t is None:
        t = tulisan[user.pk] = Tulisan(user, waktu)
    return t


def _tulis_semua(tulisan: dict) -> None:
    for t in sorted(tulisan.values(), key=lambda t: t.user.username):
        tulis(t)


# -- 25 Jul: the final check --------------------------------------------------------------------
def pemeriksaan_akhir(ktx: Konteks, hasil) -> list[str]:
    seed, peristiwa = ktx.seed, []
    # 0. KPU searches for duplicates and decides the pairs (simulasi_ganda), before the PPS
    # final check: what it strikes, the check below no longer has to.
    baris, hitung = simulasi_ganda.periksa_ganda(ktx.pemilihan, ktx.kpu, seed)
    peristiwa += baris
    hasil.keputusan["ganda_sama"] += hitung["sama"]
    hasil.keputusan["ganda_berbeda"] += hitung["berbeda"]
    # 1. KPU registers the lokasi khusus voters of the DPS.
    kpu = Tulisan(ktx.kpu, _waktu(PEMERIKSAAN, 9))
    dipindah: set[int] = set()
    bersih = ktx.bersih()
    lokal_n = 0
    with jam.pada(kpu.waktu):
        for (kel_kode, nomor), n in sorted(kediri.LOKSUS_DPS.items()):
            if not n:
                continue
            situs = ktx.situs[kel_kode]
            tps = situs.tps[nomor]
            lokal = round(n * kediri.LOKSUS_LOKAL[situs.jenis])
            laki = kediri.LOKSUS_LAKI[situs.jenis]
            umur = (19, 55) if situs.jenis == "LAPAS" else (17, 23)
            lokal_n += _pindah_lokal(ktx, bersih, dipindah, situs, tps, lokal, laki, umur,
                                     "loksus-dps", kpu)
            for i in range(n - lokal):
                rng = acak(seed, "loksus-dps", kel_kode, nomor, i)
                jk = "L" if rng.random() < laki else "P"
                kec, asal = rng.choice(kediri.ASAL_PENDATANG)
                p = orang_baru(ktx, rng, jk=jk, umur=umur, tps=tps, kec_nik=kec, nkk=None,
                               alamat=situs.alamat, rt="001", rw="001", tahap="DPHP",
                               tempat=asal.replace("KAB. ", "").replace("KOTA ", ""))
                kpu.tambah.append((p, {"keterangan": _ket_loksus(situs)}))
    tulis(kpu)
    n_loksus = sum(kediri.LOKSUS_DPS.values())
    peristiwa.append(f"KPU mendaftarkan {n_loksus:,} pemilih lokasi khusus ({lokal_n:,} "
                     "dipindah dari TPS asal di kota, sisanya pemilih baru)")
    hasil.keputusan["loksus_dps"] += n_loksus

    # 2. PPS move households out of the TPS that coklit's new voters pushed above 600.
    n_pindah = tata_tps(ktx)
    if n_pindah:
        peristiwa.append(f"PPS memindahkan {n_pindah:,} pemilih (satu KK utuh) dari TPS di "
                         "atas 600 pemilih ke TPS sebelahnya")
        hasil.keputusan["tata_tps"] += n_pindah

    # 3. PPS close the gap to the published DPS, per sex, with what coklit missed.
    kota = Rekap.objects.get(pemilihan=ktx.pemilihan, tingkat=2, objek_id=ktx.kota.id)
    selisih = {"L": kediri.DPS_L - kota.ms_l, "P": kediri.DPS_P - kota.ms_p}
    waktu = _waktu(PEMERIKSAAN, 13)
    tulisan: dict = {}
    isi = ktx.isi_tps()
    kecuali_nik: set[str] = set(Pemilih.objects.filter(pemilihan=ktx.pemilihan)
                                .values_list("nik", flat=True))
    with jam.pada(waktu):
        for jk in ("L", "P"):
            g = selisih[jk]
            if g < 0:
                dari_truth = _coret(ktx, jk, -g, "akhir", tulisan, waktu, dipindah,
                                    lintas=True)
                lintas = -g - dari_truth
                peristiwa.append(f"PPS mencoret {-g:,} pemilih {jk}: {dari_truth:,} terlewat "
                                 "saat coklit" + (f", {lintas:,} terdaftar di daerah domisili "
                                                  "baru" if lintas else ""))
                hasil.keputusan[f"akhir_coret_{jk}"] += -g
            elif g > 0:
                dari_truth = _tambah_penduduk(
                    ktx, f"akhir-{jk}", jk, g, "DPHP", "Pemeriksaan akhir PPS: warga memenuhi "
                    "syarat yang belum terdaftar", kecuali_nik, tulisan, waktu, isi)
                peristiwa.append(f"PPS menambah {g:,} pemilih {jk}: {dari_truth:,} warga yang "
                                 "terlewat saat coklit" + (f", {g - dari_truth:,} pemilih pemula"
                                                           if g > dari_truth else ""))
                hasil.keputusan[f"akhir_tambah_{jk}"] += g
    _tulis_semua(tulisan)
    return peristiwa


def tata_tps(ktx: Konteks) -> int:
    """Bring every regular TPS within the voters-per-TPS limit: whole households at the edge
    of the TPS's area (last by RW/RT) move to the next TPS of the kelurahan (or the one before,
    or the nearest other one) that has room. Returns the voters moved."""
    maks = ktx.pemilihan.maks_pemilih_per_tps
    isi = ktx.isi_tps()
    lebih = sorted((tid for tid, n in isi.items() if n > maks and tid not in ktx.loksus_tps),
                   key=lambda t: ktx.tps[t].kode)
    if not lebih:
        return 0
    nomor = {(t.kelurahan_id, t.nomor): t for t in ktx.tps.values() if t.jenis == "REGULER"}
    tulisan: dict = {}
    waktu = _waktu(PEMERIKSAAN, 11)
    moved = 0
    for tid in lebih:
        tps = ktx.tps[tid]
        rumah: dict[str, list[int]] = defaultdict(list)
        kunci: dict[str, tuple] = {}
        for pid, nkk, rw, rt in (Pemilih.objects.filter(tps_id=tid, tms_kode="")
                                 .order_by("rw", "rt", "nkk", "id")
                                 .values_list("id", "nkk", "rw", "rt")):
            rumah[nkk].append(pid)
            kunci.setdefault(nkk, (rw, rt, nkk))
        urut = sorted(rumah, key=lambda k: kunci[k], reverse=True)
        # the next TPS, the one before, then the others of the kelurahan, nearest first
        tujuan = sorted((t for (kel, _n), t in nomor.items()
                         if kel == tps.kelurahan_id and t.id != tid),
                        key=lambda t: (abs(t.nomor - tps.nomor), t.nomor < tps.nomor, t.nomor))
        for nkk in urut:
            if isi[tid] <= maks:
                break
            ke = next((t for t in tujuan if isi[t.id] + len(rumah[nkk]) <= maks), None)
            if ke is None:
                continue
            for pid in rumah[nkk]:
                _sitting(tulisan, ktx.ketua(tps.kelurahan_id), waktu).ubah.append((pid, {
                    "tps_id": ke.id}, {"keterangan": f"Penataan TPS: {tps.label} melebihi "
                                                     f"{maks} pemilih, KK dipindah ke {ke.label}"}))
            isi[tid] -= len(rumah[nkk])
            isi[ke.id] += len(rumah[nkk])
            moved += len(rumah[nkk])
    with jam.pada(waktu):
        _tulis_semua(tulisan)
    return moved


def _ket_loksus(situs: Situs) -> str:
    return ("Pendaftaran pemilih lokasi khusus " + situs.kelurahan.nama + ": "
            + ("warga binaan Lapas" if situs.jenis == "LAPAS" else "santri pondok pesantren")
            + " berdasarkan data dari lembaga")


def _pindah_lokal(ktx: Konteks, bersih: list[Orang], dipindah: set[int], situs: Situs,
                  tps: TPS, n: int, laki: float, umur: tuple[int, int], label: str,
                  t: Tulisan) -> int:
    """Move ``n`` city residents on the list at home to the loksus TPS (about ``laki`` men)."""
    n_l = round(n * laki)
    mau = {"L": n_l, "P": n - n_l}
    calon = [o for o in bersih if o.id not in dipindah and umur[0] <= _umur(o.lahir) <= umur[1]]
    for o in _urut(ktx.seed, label + situs.kode, calon, lambda o: o.nik):
        if mau[o.jk] <= 0:
            continue
        mau[o.jk] -= 1
        dipindah.add(o.id)
        t.ubah.append((o.id, _pindah_ke(tps), {"keterangan": _ket_loksus(situs) + " (dipindah "
                                                "dari TPS asal)"}))
        if not any(mau.values()):
            break
    return n - sum(mau.values())


def _coret(ktx: Konteks, jk: str, n: int, label: str, tulisan: dict, waktu: datetime,
           kecuali: set[int], *, lintas: bool) -> int:
    """Strike out ``n`` voters of sex ``jk``: the records coklit missed first (deaths, moves,
    duplicates, then TNI/Polri and under age), then new events. Returns how many came from the
    truth."""
    seed = ktx.seed
    urutan = {k: i for i, k in enumerate(KATEGORI_HAPUS)}
    sisa = [(pid, kat) for pid, kat in
            KebenaranDemo.objects.filter(kategori__in=KATEGORI_HAPUS, pemilih__tms_kode="",
                                         pemilih__jenis_kelamin=jk)
            .exclude(pemilih__tps_id__in=ktx.loksus_tps).values_list("pemilih_id", "kategori")
            if pid not in kecuali]
    sisa.sort(key=lambda x: (urutan[x[1]], pecahan(seed, label, "truth", x[0])))
    kel = dict(Pemilih.objects.filter(pk__in=[p for p, _k in sisa[:n]])
               .values_list("id", "kelurahan_id"))
    for pid, kat in sisa[:n]:
        kecuali.add(pid)
        changed, note = _tms(TMS_KATEGORI[kat], _KET_AKHIR[kat])
        _sitting(tulisan, ktx.ketua(kel[pid]), waktu).ubah.append((pid, changed, note))
    dari_truth = min(n, len(sisa))
    rest = n - dari_truth
    if rest > 0:
        bersih = [o for o in ktx.bersih(kecuali=kecuali) if o.jk == jk]
        if lintas:  # registered where they now live (mostly married out), age 21-40
            calon = _urut(seed, label + "-lintas", bersih, lambda o: o.nik,
                          lambda o: 2.0 if 21 <= _umur(o.lahir) <= 40 else 0.2)
            for o in calon[:rest]:
                kecuali.add(o.id)
                changed, note = _tms(kode.TMS_PINDAH_DOMISILI, _KET_LINTAS)
                _sitting(tulisan, ktx.ketua(o.kelurahan_id), waktu).ubah.append(
                    (o.id, changed, note))
        else:
            for o, kat in _peristiwa_baru(seed, label, bersih, rest):
                kecuali.add(o.id)
                changed, note = _tms(TMS_KATEGORI[kat], _KET_BARU[kat])
                _sitting(tulisan, ktx.ketua(o.kelurahan_id), waktu).ubah.append(
                    (o.id, changed, note))
    return dari_truth


def _peristiwa_baru(seed: int, label: str, bersih: list[Orang], n: int) -> list:
    """``n`` new events among ``bersih``: about 60% deaths (weighted by age), 40% moves
    (young adults)."""
    n_wafat = round(n * 0.6)
    wafat = _urut(seed, label + "-wafat", bersih, lambda o: o.nik,
                  lambda o: math.exp(0.085 * (_umur(o.lahir) - 60)))[:n_wafat]
    ambil = {o.id for o in wafat}
    pindah = _urut(seed, label + "-pindah", [o for o in bersih if o.id not in ambil],
                   lambda o: o.nik, lambda o: 2.0 if 20 <= _umur(o.lahir) <= 40 else 0.5)
    return [(o, "MENINGGAL") for o in wafat] + [(o, "PINDAH") for o in pindah[:n - n_wafat]]


_KET_AKHIR = {
    "MENINGGAL": "Pemeriksaan akhir PPS: meninggal dunia (data kematian Dukcapil dan surat "
                 "keterangan kelurahan)",
    "PINDAH": "Pemeriksaan akhir PPS: sudah pindah domisili (data pindah Dukcapil)",
    "GANDA": "Pemeriksaan akhir PPS: ganda, orang yang sama dengan pemilih lain yang "
             "dipertahankan (dicocokkan dengan KTP-el dan KK)",
    "TNI": "Pemeriksaan akhir PPS: anggota TNI (data kesatuan)",
    "POLRI": "Pemeriksaan akhir PPS: anggota Polri (data kesatuan)",
    "DIBAWAH_UMUR": "Pemeriksaan akhir PPS: belum 17 tahun pada hari pemungutan suara",
}
_KET_LINTAS = ("Pemeriksaan akhir KPU/PPS: terdaftar juga di daerah domisili baru (analisis "
               "kegandaan Sidalih); dicoret di sini, tetap terdaftar di tempat tinggalnya")
_KET_BARU = {
    "MENINGGAL": "Perbaikan PPS: meninggal dunia sesudah coklit (data kematian Dukcapil)",
    "PINDAH": "Perbaikan PPS: pindah domisili ke luar kota sesudah coklit (data Dukcapil)",
}


# -- plenaries ----------------------------------------------------------------------------------
def _nama(seed: int, *label, jk: str | None = None, tahun=(1965, 2000)) -> tuple[str, str]:
    rng = acak(seed, "nama", *label)
    jk = jk or rng.choice("LP")
    budaya = names.pilih_budaya(rng)
    return names.nama_orang(rng, jk, rng.randint(*tahun), budaya,
                            names.marga_keluarga(rng, budaya)), jk


def _saksi(ktx: Konteks, label: tuple, semua: bool) -> list[dict]:
    out = []
    for k in ktx.kontestasi:
        if k.jenis != "WALIKOTA" and not semua:
            continue
        for ps in sorted(k.paslon.all(), key=lambda p: p.nomor_urut):
            if not semua and pecahan(ktx.seed, "saksi-hadir", *label, ps.id) < 0.2:
                continue
            nama, _jk = _nama(ktx.seed, "saksi", *label, ps.id)
            pemilihan = "Wali Kota" if k.jenis == "WALIKOTA" else "Gubernur"
            out.append({"nama": nama, "unsur": f"Saksi pasangan calon {pemilihan} nomor urut "
                                               f"{ps.nomor_urut}"})
    return out


def data_pleno(ktx: Konteks, tahap: str, wilayah: Wilayah, tanggal: date) -> pleno.DataPleno:
    seed, label = ktx.seed, (tahap, wilayah.kode)
    if wilayah.tingkat == 2:
        hadir = []
        for i in range(5):
            nama, _jk = _nama(seed, "kpu", i)
            hadir.append({"nama": nama, "jabatan": "Ketua KPU Kota Kediri" if i == 0 else
                          "Anggota KPU Kota Kediri", "tanda_tangan": True})
        tempat = "Aula KPU Kota Kediri"
        pengawas = [{"nama": _nama(seed, "bawaslu", i)[0], "jabatan": "Bawaslu Kota Kediri"}
                    for i in range(2)]
        saksi = _saksi(ktx, label, semua=True)
    else:
        tingkat = "PPK" if wilayah.tingkat == 3 else "PPS"
        hadir = []
        for i, p in enumerate(ktx.petugas[wilayah.id]):
            absen = i > 0 and pecahan(seed, "absen", *label, p.id) < 0.08
            if not absen:
                hadir.append({"nama": p.nama, "jabatan": f"{'Ketua' if i == 0 else 'Anggota'} "
                              f"{tingkat} {wilayah.nama}", "tanda_tangan": True})
        kantor = "Kantor Kecamatan" if wilayah.tingkat == 3 else "Kantor Kelurahan"
        tempat = f"Aula {kantor} {wilayah.nama}"
        pengawas = [{"nama": _nama(seed, "pengawas", *label)[0],
                     "jabatan": ("Panwaslu Kecamatan " if wilayah.tingkat == 3
                                 else "Pengawas Kelurahan/Desa ") + wilayah.nama}]
        saksi = _saksi(ktx, label, semua=False)
    nama_daftar = {"DPHP": "Daftar Pemilih Hasil Pemutakhiran (DPHP)",
                   "DPSHP": "Daftar Pemilih Sementara Hasil Perbaikan (DPSHP)",
                   "DPS": "Daftar Pemilih Sementara (DPS)",
                   "DPT": "Daftar Pemilih Tetap (DPT)"}[tahap]
    catatan = (f"Rekapitulasi {nama_daftar} {wilayah.nama} dibacakan per TPS dan disahkan. "
               "Salinan berita acara diserahkan kepada saksi dan pengawas yang hadir.")
    keberatan = ""
    if saksi and pecahan(seed, "keberatan", *label) < 0.1:
        keberatan = (f"{saksi[0]['unsur']} menanyakan pemilih yang dicoret di salah satu TPS; "
                     "dijelaskan dengan bukti dan diterima.")
    return pleno.DataPleno(tempat=tempat, hadir=hadir, tanggal=tanggal, saksi=saksi,
                           pengawas=pengawas, catatan=catatan, keberatan=keberatan)


def adakan(ktx: Konteks, tahap: str, wilayah: Wilayah, tanggal: date, menit: int) -> Pleno:
    user = ktx.kpu if wilayah.tingkat == 2 else ktx.ketua(wilayah.id)
    with jam.pada(_waktu(tanggal, 9) + timedelta(minutes=menit)):
        return pleno.adakan(user, pemilihan=ktx.pemilihan, tahap=tahap, wilayah=wilayah,
                            data=data_pleno(ktx, tahap, wilayah, tanggal))


def jadwal_pleno(ktx: Konteks, tahap_pps: str) -> dict[date, list[tuple[Wilayah, int]]]:
    """The day (and minute after 09:00) of each PPS and PPK plenary of a round."""
    pps_hari, ppk_hari = (DPHP_PPS, DPHP_PPK) if tahap_pps == "DPHP" else (DPSHP_PPS, DPSHP_PPK)
    out: dict[date, list] = defaultdict(list)
    urut = _urut(ktx.seed, "pleno-" + tahap_pps, ktx.kelurahan, lambda w: w.kode)
    for i, w in enumerate(urut):
        d = pps_hari[i * len(pps_hari) // len(urut)]
        out[d].append((w, int(pecahan(ktx.seed, "menit", tahap_pps, w.kode) * 300)))
    for i, w in enumerate(_urut(ktx.seed, "pleno-ppk-" + tahap_pps, ktx.kecamatan,
                                lambda w: w.kode)):
        out[ppk_hari[i % len(ppk_hari)]].append((w, 60 + 60 * i))
    return out


# -- the announcement: public responses ---------------------------------------------------------
@dataclass
class Rencana:
    """One planned public response."""

    jenis: str
    terima: bool
    kelurahan_id: int
    ajukan: datetime
    putus: datetime
    pemilih_id: int | None = None
    data: dict | None = None
    tps_id: int | None = None
    tms_kode: str | None = None
    perbaikan: dict | None = None
    alasan: str = ""
    keputusan: str = ""
    pelapor: str = ""


def _hari_kantor(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() != 6:
            n -= 1
    return d


def rencana_tanggapan(ktx: Konteks) -> list[Rencana]:
    """Every public response of the announcement, from the frozen DPS and the truth only (so
    the plan is the same whichever day it is computed on)."""
    seed = ktx.seed
    dps = DaftarTetap.objects.get(pemilihan=ktx.pemilihan, tahap="DPS")
    baris = [Orang(pid, nik, nkk, jk, lahir, tps, kel) for pid, nik, nkk, jk, lahir, tps, kel in
             BarisDaftar.objects.filter(daftar=dps).exclude(tps_id__in=ktx.loksus_tps)
             .order_by("urutan").values_list("pemilih_id", "nik", "nkk", "jenis_kelamin",
                                             "tanggal_lahir", "tps_id", "kelurahan_id")]
    by_id = {o.id: o for o in baris}
    truth: dict[int, tuple[str, dict]] = {}
    for pid, kat, data in (KebenaranDemo.objects.exclude(pemilih=None)
                           .exclude(kategori="MIRIP").values_list("pemilih_id", "kategori",
                                                                  "data")):
        if pid in by_id:
            truth[pid] = (kat, data)
    dipakai: set[int] = set()
    items: list[tuple[str, bool, Orang | None, dict]] = []

    def ambil(kategori: tuple[str, ...], n: int, label: str, cadangan) -> list:
        calon = [by_id[pid] for pid, (kat, _d) in truth.items() if kat in kategori]
        calon = _urut(seed, label, calon, lambda o: o.nik)
        out = [o for o in calon if o.id not in dipakai][:n]
        if len(out) < n:
            bersih = [o for o in baris if o.id not in truth and o.id not in dipakai]
            out += _urut(seed, label + "-baru", bersih, lambda o: o.nik, cadangan)[:n - len(out)]
        dipakai.update(o.id for o in out)
        return out

    terima = kediri.TANGGAPAN_DITERIMA
    def tua(o):
        return math.exp(0.085 * (_umur(o.lahir) - 60))

    def muda(o):
        return 2.0 if 20 <= _umur(o.lahir) <= 40 else 0.3

    def rekrut(o):
        return 3.0 if o.jk == "L" and 18 <= _umur(o.lahir) <= 23 else 0.0

    for o in ambil(("MENINGGAL",), terima["MENINGGAL"], "t-wafat", tua):
        items.append(("MENINGGAL", True, o, {"kode": kode.TMS_MENINGGAL}))
    for o in ambil(("PINDAH",), terima["PINDAH"], "t-pindah", muda):
        items.append(("PINDAH", True, o, {"kode": kode.TMS_PINDAH_DOMISILI}))
    for o in ambil(("GANDA",), terima["GANDA"], "t-ganda", muda):
        items.append(("GANDA", True, o, {"kode": kode.TMS_GANDA}))
    for o in ambil(("TNI", "POLRI", "DIBAWAH_UMUR"), terima["TMS"], "t-tms", rekrut):
        kat = truth.get(o.id, ("TNI" if pecahan(seed, "tni", o.nik) < 0.5 else "POLRI",))[0]
        items.append(("TMS", True, o, {"kode": TMS_KATEGORI[kat], "kategori": kat}))
    salah = []
    for pid, (kat, data) in truth.items():
        if kat != "DATA_SALAH":
            continue
        salah.append((by_id[pid], data["benar"]))
    salah = _urut(seed, "t-data", salah, lambda x: x[0].nik)
    rows = {r["pemilih_id"]: r for r in BarisDaftar.objects.filter(
        daftar=dps, pemilih_id__in=[o.id for o, _b in salah]).values()}
    n_data = 0
    for o, benar in salah:
        if n_data >= terima["DATA_SALAH"]:
            break
        r = rows.get(o.id)
        if r is None or "jenis_kelamin" in benar or "nik" in benar:
            continue
        clean, problems = clean_fields(benar)
        beda = {k: benar[k] for k, v in clean.items() if r.get(k) != v}
        merged = {k: r[k] for k in FIELDS} | clean
        problems += validate_record(merged, hari_pemungutan=kediri.HARI_PEMUNGUTAN,
                                    kode_kecamatan=ktx.kel_by_id[o.kelurahan_id].induk.kode)
        if any(p.is_error for p in problems):
            continue  # PPS would not accept it either: the public never reports it this way
        if beda and o.id not in dipakai:
            dipakai.add(o.id)
            items.append(("DATA_SALAH", True, o, {"perbaikan": beda}))
            n_data += 1
    ada_nik = {o.nik for o in baris}
    hilang = [(nik, tps_id, data) for nik, tps_id, data in _hilang(ktx, ada_nik)]
    hilang = _urut(seed, "t-hilang", hilang, lambda h: h[0])
    for nik, tps_id, data in hilang[:terima["BELUM_TERDAFTAR"]]:
        items.append(("BELUM_TERDAFTAR", True, None, {"data": data, "tps_id": tps_id,
                                                       "nik": nik}))
    tolak = kediri.TANGGAPAN_DITOLAK
    bersih = [o for o in baris if o.id not in truth and o.id not in dipakai]
    for o in _urut(seed, "t-tolak-wafat", bersih, lambda o: o.nik, tua)[:tolak["MENINGGAL"]]:
        dipakai.add(o.id)
        items.append(("MENINGGAL", False, o, {}))
    bersih = [o for o in bersih if o.id not in dipakai]
    for o in _urut(seed, "t-tolak-pindah", bersih, lambda o: o.nik, muda)[:tolak["PINDAH"]]:
        dipakai.add(o.id)
        items.append(("PINDAH", False, o, {}))
    bersih = [o for o in bersih if o.id not in dipakai]
    for o in _urut(seed, "t-tolak-ada", bersih, lambda o: o.nik)[:tolak["BELUM_TERDAFTAR"]]:
        dipakai.add(o.id)
        items.append(("BELUM_TERDAFTAR", False, o, {}))

    hari = [TANGGAPAN_MULAI + timedelta(days=i)
            for i in range((TANGGAPAN_SELESAI - TANGGAPAN_MULAI).days + 1)]
    # More on the first days (the lists just went up) and on the last (before the deadline).
    bobot = [1.6 if i < 2 else (1.3 if i >= len(hari) - 2 else 1.0) for i in range(len(hari))]
    kum = [sum(bobot[:i + 1]) / sum(bobot) for i in range(len(bobot))]
    items = _urut(seed, "t-urut", items, lambda it: (it[0], it[1], it[2].nik if it[2] else
                                                       it[3]["nik"]))
    out = []
    for it in items:
        jenis, ok, o, extra = it
        kunci = o.nik if o else extra["nik"]
        u = pecahan(seed, "t-hari", jenis, kunci)
        d = hari[next(i for i, k in enumerate(kum) if u <= k)]
        ajukan = _waktu(d, 7) + timedelta(minutes=int(pecahan(seed, "t-menit", kunci) * 840))
        putus_hari = _hari_kantor(d, 1 + int(pecahan(seed, "t-putus", kunci) * 2))
        putus = _waktu(putus_hari, 9) + timedelta(
            minutes=int(pecahan(seed, "t-putus-menit", kunci) * 360))
        kel = o.kelurahan_id if o else ktx.tps[extra["tps_id"]].kelurahan_id
        r = Rencana(jenis=jenis, terima=ok, kelurahan_id=kel, ajukan=ajukan, putus=putus,
                    pemilih_id=o.id if o else None, pelapor=_nama(seed, "pelapor", kunci)[0])
        _isi_rencana(ktx, r, o, extra)
        out.append(r)
    out.sort(key=lambda r: (r.ajukan, r.pemilih_id or 0))
    return out


def _isi_rencana(ktx: Konteks, r: Rencana, o: Orang | None, extra: dict) -> None:
    j, ok = r.jenis, r.terima
    if j == "MENINGGAL":
        r.alasan = "Yang bersangkutan sudah meninggal dunia, tetangga kami; keluarga masih " \
                   "menyimpan surat keterangan kematian dari kelurahan."
        r.keputusan = ("Diterima: surat keterangan kematian dari kelurahan sudah dicek; "
                       "pemilih dicoret (TMS 1).") if ok else (
            "Tidak diterima: setelah dicek ke rumah, pemilih masih hidup dan berdomisili di "
            "alamat itu.")
        r.tms_kode = extra.get("kode")
    elif j == "PINDAH":
        r.alasan = "Sudah lama pindah ke luar kota dan tidak tinggal lagi di alamat ini."
        r.keputusan = ("Diterima: keluarga dan ketua RT membenarkan yang bersangkutan sudah "
                       "pindah domisili (TMS 4).") if ok else (
            "Tidak diterima: yang bersangkutan masih tinggal di alamat itu (dicek bersama "
            "ketua RT).")
        r.tms_kode = extra.get("kode")
    elif j == "GANDA":
        r.alasan = "Nama ini tercantum dua kali dalam DPS (di KK lama dan KK baru)."
        r.keputusan = "Diterima: orang yang sama dengan pemilih lain yang dipertahankan " \
                      "(dicocokkan dengan KTP-el dan KK); yang ini dicoret (TMS 2)."
        r.tms_kode = extra.get("kode")
    elif j == "TMS":
        kat = extra.get("kategori")
        r.alasan = {"TNI": "Yang bersangkutan sudah menjadi anggota TNI.",
                    "POLRI": "Yang bersangkutan sudah menjadi anggota Polri.",
                    "DIBAWAH_UMUR": "Anak ini belum berumur 17 tahun pada hari pemungutan "
                                    "suara dan belum menikah."}[kat]
        r.keputusan = {"TNI": "Diterima: kartu tanda anggota TNI diperlihatkan keluarga "
                              "(TMS 6).",
                       "POLRI": "Diterima: kartu tanda anggota Polri diperlihatkan keluarga "
                                "(TMS 7).",
                       "DIBAWAH_UMUR": "Diterima: menurut KK belum 17 tahun pada hari "
                                       "pemungutan suara (TMS 3)."}[kat]
        r.tms_kode = extra.get("kode")
    elif j == "DATA_SALAH":
        r.perbaikan = extra["perbaikan"]
        r.alasan = "Data dalam DPS tidak sama dengan KTP-el/KK: " + ", ".join(
            sorted(r.perbaikan)).replace("_", " ") + "."
        r.keputusan = "Diterima: dicocokkan dengan KTP-el dan KK, data diperbaiki."
    elif ok:
        r.data = {k: str(extra["data"][k]) for k in (*FIELDS,)}
        r.tps_id = extra["tps_id"]
        r.alasan = "Warga kami sudah berhak memilih tetapi namanya tidak ada dalam DPS."
        r.keputusan = "Diterima: KTP-el dan KK dicek, didaftarkan sebagai pemilih baru."
    else:
        p = Pemilih.objects.get(pk=o.id)
        r.data = {k: str(getattr(p, k)) for k in FIELDS if k not in ("disabilitas", "ktp_el")}
        r.pemilih_id = None
        r.alasan = "Nama saya tidak ketemu di DPS yang ditempel di kelurahan."
        r.keputusan = "Tidak diterima: NIK ini sudah terdaftar dalam DPS di TPS kelurahan ini."


def main_tanggapan(ktx: Konteks, d: date, rencana: list[Rencana], hasil) -> list[str]:
    """File the day's responses and decide the ones due (in the order of their moments)."""
    kejadian = []
    for r in rencana:
        if r.ajukan.date() == d:
            kejadian.append((r.ajukan, 0, r))
        if r.putus.date() == d:
            kejadian.append((r.putus, 1, r))
    kejadian.sort(key=lambda e: (e[0], e[1], e[2].pemilih_id or 0))
    masuk = diputus = 0
    kel = {w.id: w for w in ktx.kelurahan}
    for waktu, jenis, r in kejadian:
        with jam.pada(waktu):
            if jenis == 0:
                _ajukan(ktx, r, kel[r.kelurahan_id])
                masuk += 1
                continue
            t = _cari(ktx, r)
            if t is None or t.status != StatusTanggapan.MENUNGGU:
                continue
            perbaikan = dict(r.perbaikan or {})
            if r.jenis == "BELUM_TERDAFTAR" and r.terima:
                isi = Pemilih.objects.filter(tps_id=r.tps_id, tms_kode="").count()
                tps = _tps_berruang(ktx, Counter({r.tps_id: isi}), r.tps_id)
                perbaikan["tps"] = tps.id
            user = ktx.ketua(r.kelurahan_id)
            try:
                tanggapan.putuskan(user, t, terima=r.terima, keputusan=r.keputusan,
                                   tms_kode=r.tms_kode if r.terima else None,
                                   perbaikan=perbaikan or None)
                hasil.keputusan["tanggapan_" + ("diterima" if r.terima else "ditolak")] += 1
            except ServiceError as e:  # the register says no: PPS refuse it, saying why
                hasil.peringatan.append(f"tanggapan {r.jenis} ditolak layanan: {e}")
                tanggapan.putuskan(user, t, terima=False, keputusan="Tidak diterima: " + str(e))
                hasil.keputusan["tanggapan_ditolak"] += 1
            diputus += 1
    out = []
    if masuk:
        out.append(f"{masuk} tanggapan masyarakat masuk")
    if diputus:
        out.append(f"PPS memutuskan {diputus} tanggapan")
    return out


def _ajukan(ktx: Konteks, r: Rencana, kelurahan: Wilayah) -> Tanggapan:
    k = r.pemilih_id or r.data["nik"]
    a, b = int(pecahan(ktx.seed, "ip", k) * 250) + 1, int(pecahan(ktx.seed, "ip2", k) * 250) + 1
    telp = f"08{int(pecahan(ktx.seed, 'telp', k) * 10**10):010d}"[:12]
    data = r.data if r.jenis == "BELUM_TERDAFTAR" else None
    if data is not None and r.terima and r.tps_id:
        data = {**data, "tps": r.tps_id}
    return tanggapan.ajukan(ktx.pemilihan, jenis=r.jenis, kelurahan=kelurahan,
                            pemilih=r.pemilih_id, data=data, alasan=r.alasan,
                            pelapor_nama=r.pelapor, pelapor_kontak=telp,
                            alamat=f"10.71.{a}.{b}")


def _cari(ktx: Konteks, r: Rencana) -> Tanggapan | None:
    qs = Tanggapan.objects.filter(pemilihan=ktx.pemilihan, jenis=r.jenis,
                                  kelurahan_id=r.kelurahan_id)
    if r.pemilih_id:
        qs = qs.filter(pemilih_id=r.pemilih_id)
    else:
        qs = qs.filter(pemilih=None, data__nik=r.data["nik"])
    return qs.order_by("id").first()


# -- 30/31 Aug: PPS's fixes and KPU's loksus changes --------------------------------------------
def _dps(ktx: Konteks) -> DaftarTetap:
    return DaftarTetap.objects.get(pemilihan=ktx.pemilihan, tahap="DPS")


def hapus_dan_baru(ktx: Konteks) -> tuple[int, int]:
    """Since the DPS: records struck out (no longer eligible anywhere in the city) and voters
    added (eligible, not on the DPS), as the DPT plenary will count them."""
    dps = _dps(ktx)
    ms = Pemilih.objects.filter(pemilihan=ktx.pemilihan, tms_kode="")
    hapus = BarisDaftar.objects.filter(daftar=dps).exclude(
        Exists(ms.filter(pk=OuterRef("pemilih_id")))).count()
    baru = ms.exclude(Exists(BarisDaftar.objects.filter(daftar=dps,
                                                        pemilih_id=OuterRef("pk")))).count()
    return hapus, baru


def _loksus_dps(ktx: Konteks) -> Counter:
    dps = _dps(ktx)
    return Counter(dict(BarisDaftar.objects.filter(daftar=dps, tps_id__in=ktx.loksus_tps)
                        .order_by().values("tps_id").annotate(n=Count("id"))
                        .values_list("tps_id", "n")))


def _rencana_loksus(ktx: Konteks) -> tuple[int, int]:
    """(struck out, new registrations) the loksus changes of 31 Aug will make."""
    dps = _loksus_dps(ktx)
    baru = keluar = 0
    for kel_kode, situs in ktx.situs.items():
        sebelum = sum(dps[t.id] for t in situs.tps.values())
        sesudah = sum(kediri.LOKSUS_DPT[(kel_kode, n)] for n in situs.tps)
        k, m = kediri.LOKSUS_KELUAR[kel_kode], kediri.LOKSUS_MASUK_LOKAL[kel_kode]
        keluar += k
        baru += sesudah - sebelum + k - m
    return keluar, baru


def perbaikan_pps(ktx: Konteks, hasil) -> list[str]:
    """PPS's own fixes after the announcement: what the DPT needs besides the responses and
    the loksus changes (deaths and moves from Dukcapil data, new voters)."""
    keluar_lok, baru_lok = _rencana_loksus(ktx)
    hapus, baru = hapus_dan_baru(ktx)
    perlu_hapus = kediri.DPS_DPT_HAPUS - keluar_lok - hapus
    perlu_baru = kediri.DPS_DPT_BARU - baru_lok - baru
    waktu = _waktu(PERBAIKAN_PPS, 10)
    tulisan: dict = {}
    out = []
    with jam.pada(waktu):
        if perlu_hapus > 0:
            kecuali = set(Tanggapan.objects.filter(pemilihan=ktx.pemilihan)
                          .exclude(pemilih=None).values_list("pemilih_id", flat=True))
            n_l = perlu_hapus // 2 + perlu_hapus % 2
            dari = _coret(ktx, "L", n_l, "dpshp", tulisan, waktu, kecuali, lintas=False)
            dari += _coret(ktx, "P", perlu_hapus - n_l, "dpshp", tulisan, waktu, kecuali,
                           lintas=False)
            out.append(f"PPS mencoret {perlu_hapus:,} pemilih (data Dukcapil; {dari:,} "
                       "terlewat sebelumnya)")
            hasil.keputusan["dpshp_coret"] += perlu_hapus
        if perlu_baru > 0:
            ada = set(Pemilih.objects.filter(pemilihan=ktx.pemilihan)
                      .values_list("nik", flat=True))
            isi = ktx.isi_tps()
            n_l = perlu_baru // 2
            for jk, n in (("L", n_l), ("P", perlu_baru - n_l)):
                _tambah_penduduk(ktx, f"dpshp-{jk}", jk, n, "DPSHP", "Perbaikan PPS: warga "
                                 "memenuhi syarat yang belum terdaftar (data Dukcapil)", ada,
                                 tulisan, waktu, isi)
            out.append(f"PPS menambah {perlu_baru:,} pemilih")
            hasil.keputusan["dpshp_tambah"] += perlu_baru
        if perlu_hapus < 0 or perlu_baru < 0:
            hasil.peringatan.append(
                f"tanggapan melampaui rencana DPT: hapus {perlu_hapus}, baru {perlu_baru}")
    _tulis_semua(tulisan)
    return out


def perbaikan_loksus(ktx: Konteks, hasil) -> list[str]:
    """KPU's loksus changes before the DPSHP: releases, newly detained city residents and new
    santri moved in, TPS 902 opened for the Lapas, new registrations up to the DPT figures."""
    seed = ktx.seed
    t = Tulisan(ktx.kpu, _waktu(PERBAIKAN_LOKSUS, 9))
    bersih = ktx.bersih(kecuali=set(Tanggapan.objects.filter(pemilihan=ktx.pemilihan)
                                    .exclude(pemilih=None).values_list("pemilih_id", flat=True)))
    dipindah: set[int] = set()
    baru_n = 0
    with jam.pada(t.waktu):
        for kel_kode in sorted(ktx.situs):
            situs = ktx.situs[kel_kode]
            nomor = sorted(situs.tps)
            isi: dict[int, list[int]] = {n: list(Pemilih.objects.filter(
                tps=situs.tps[n], tms_kode="").order_by("nik").values_list("id", flat=True))
                for n in nomor}
            # released / transferred / left: TMS 4
            semua = [(n, pid) for n in nomor for pid in isi[n]]
            keluar = _urut(seed, "loksus-keluar", semua, lambda x: x[1])[
                :kediri.LOKSUS_KELUAR[kel_kode]]
            ket = ("bebas atau dipindah ke lapas lain di luar kota" if situs.jenis == "LAPAS"
                   else "sudah tidak mondok di pesantren ini")
            for n, pid in keluar:
                isi[n].remove(pid)
                t.ubah.append((pid, *_tms(kode.TMS_PINDAH_DOMISILI, "Perbaikan KPU lokasi "
                                          f"khusus: {ket}")))
            # the biggest TPS hands voters over to a TPS below its target (901 -> 902)
            target = {n: kediri.LOKSUS_DPT[(kel_kode, n)] for n in nomor}
            for n in nomor:
                lebih = len(isi[n]) - target[n]
                for m in nomor:
                    if lebih <= 0:
                        break
                    kurang = target[m] - len(isi[m])
                    if m == n or kurang <= 0:
                        continue
                    pindah = _urut(seed, "loksus-bagi", isi[n], lambda pid: pid)[
                        :min(lebih, kurang)]
                    for pid in pindah:
                        isi[n].remove(pid)
                        isi[m].append(pid)
                        t.ubah.append((pid, _pindah_ke(situs.tps[m]), {
                            "keterangan": f"TPS {m} dibuka di {situs.kelurahan.nama}: pemilih "
                                          f"dibagi dari TPS {n}"}))
                    lebih -= len(pindah)
            # city residents moved in (newly detained, new santri), to the emptiest TPS
            umur = (19, 55) if situs.jenis == "LAPAS" else (17, 23)
            m_n = kediri.LOKSUS_MASUK_LOKAL[kel_kode]
            tujuan = max(nomor, key=lambda n: (target[n] - len(isi[n]), -n))
            tmp = Tulisan(t.user, t.waktu)
            _pindah_lokal(ktx, bersih, dipindah, situs, situs.tps[tujuan], m_n,
                          kediri.LOKSUS_LAKI[situs.jenis], umur, "loksus-dpt", tmp)
            for pid, changed, note in tmp.ubah:
                isi[tujuan].append(pid)
                t.ubah.append((pid, changed, note))
            # new registrations up to the DPT figure of each TPS
            for n in nomor:
                for i in range(target[n] - len(isi[n])):
                    rng = acak(seed, "loksus-dpt", kel_kode, n, i)
                    jk = "L" if rng.random() < kediri.LOKSUS_LAKI[situs.jenis] else "P"
                    kec, asal = rng.choice(kediri.ASAL_PENDATANG)
                    p = orang_baru(ktx, rng, jk=jk, umur=umur, tps=situs.tps[n], kec_nik=kec,
                                   nkk=None, alamat=situs.alamat, rt="001", rw="001",
                                   tahap="DPSHP",
                                   tempat=asal.replace("KAB. ", "").replace("KOTA ", ""))
                    t.tambah.append((p, {"keterangan": _ket_loksus(situs)}))
                    baru_n += 1
    tulis(t)
    hasil.keputusan["loksus_dpt_baru"] += baru_n
    return [f"KPU memperbarui pemilih lokasi khusus: {baru_n} pemilih baru, TPS 902 Lapas "
            "dibuka"]


# -- DPTb -----------------------------------------------------------------------------------------
@dataclass
class Pindah:
    tanggal: datetime
    pemilih_id: int
    kelurahan_id: int
    alasan: str
    tujuan: list[int]  # destination TPS in order of preference
    keterangan: str


def rencana_dptb(ktx: Konteks) -> list[Pindah]:
    """Every DPTb move, from the frozen DPT and the seed."""
    seed = ktx.seed
    dpt = DaftarTetap.objects.get(pemilihan=ktx.pemilihan, tahap="DPT")
    baris = [Orang(pid, nik, "", jk, lahir, tps, kel) for pid, nik, jk, lahir, tps, kel in
             BarisDaftar.objects.filter(daftar=dpt).exclude(tps_id__in=ktx.loksus_tps)
             .order_by("urutan").values_list("pemilih_id", "nik", "jenis_kelamin",
                                             "tanggal_lahir", "tps_id", "kelurahan_id")]
    reguler = sorted((t for t in ktx.tps.values() if t.jenis == "REGULER"), key=lambda t: t.kode)
    lapas = [t.id for s in ktx.situs.values() if s.jenis == "LAPAS"
             for _n, t in sorted(s.tps.items())]
    ponpes = [t.id for s in ktx.situs.values() if s.jenis == "PONPES"
              for _n, t in sorted(s.tps.items())]
    dipakai: set[int] = set()
    hari = [DPTB_MULAI + timedelta(days=i) for i in range((AKHIR - DPTB_MULAI).days + 1)]
    # More as polling day nears: weight 1 + 3 (t/T)^2.
    bobot = [1 + 3 * (i / (len(hari) - 1)) ** 2 for i in range(len(hari))]
    kum = [sum(bobot[:i + 1]) / sum(bobot) for i in range(len(bobot))]
    profil = {
        "TUGAS": (lambda o: 1.0 if 20 <= _umur(o.lahir) <= 50 else 0.0),
        "PINDAH_DOMISILI": (lambda o: 1.0 if 20 <= _umur(o.lahir) <= 45 else 0.1),
        "BEKERJA": (lambda o: 1.0 if 20 <= _umur(o.lahir) <= 50 else 0.0),
        "TAHANAN": (lambda o: 1.0 if o.jk == "L" and 19 <= _umur(o.lahir) <= 50 else 0.0),
        "TUGAS_BELAJAR": (lambda o: 1.0 if 17 <= _umur(o.lahir) <= 21 else 0.0),
        "RAWAT_INAP": (lambda o: math.exp(0.06 * (_umur(o.lahir) - 60))),
    }
    keterangan = {
        "TUGAS": "Bertugas di TPS lain pada hari pemungutan suara",
        "PINDAH_DOMISILI": "Pindah rumah ke kelurahan lain di Kota Kediri",
        "BEKERJA": "Bekerja di tempat lain pada hari pemungutan suara",
        "TAHANAN": "Menjadi tahanan di Lapas Kelas IIA Kediri",
        "TUGAS_BELAJAR": "Mondok di pondok pesantren",
        "RAWAT_INAP": "Menjalani rawat inap",
    }
    out = []
    for alasan, n in kediri.DPTB.items():
        calon = [o for o in baris if o.id not in dipakai and profil[alasan](o) > 0.01]
        for o in _urut(seed, "dptb-" + alasan, calon, lambda o: o.nik, profil[alasan])[:n]:
            dipakai.add(o.id)
            if alasan == "TAHANAN":
                tujuan = _urut(seed, "dptb-lapas-" + o.nik, lapas, str)
            elif alasan == "TUGAS_BELAJAR":
                tujuan = _urut(seed, "dptb-ponpes-" + o.nik, ponpes, str)
            else:
                lain = [t.id for t in reguler if t.kelurahan_id != o.kelurahan_id]
                tujuan = _urut(seed, "dptb-tps-" + o.nik, lain, str)[:5]
            u = pecahan(seed, "dptb-hari", o.nik)
            d = hari[next(i for i, k in enumerate(kum) if u <= k)]
            waktu = _waktu(d, 8) + timedelta(minutes=int(pecahan(seed, "dptb-menit", o.nik)
                                                         * 420))
            out.append(Pindah(waktu, o.id, o.kelurahan_id, alasan, tujuan, keterangan[alasan]))
    out.sort(key=lambda p: (p.tanggal, p.pemilih_id))
    return out


def main_dptb(ktx: Konteks, d: date, rencana: list[Pindah], hasil) -> list[str]:
    n = 0
    ada = set(PindahMemilih.objects.filter(pemilihan=ktx.pemilihan)
              .values_list("pemilih_id", flat=True))
    for p in rencana:
        if p.tanggal.date() != d or p.pemilih_id in ada:
            continue
        pemilih = Pemilih.objects.get(pk=p.pemilih_id)
        user = ktx.ketua(p.kelurahan_id)
        with jam.pada(p.tanggal):
            for tps_id in p.tujuan:
                try:
                    dptb.catat(user, pemilih, alasan=p.alasan, tps_tujuan=ktx.tps[tps_id],
                               keterangan=p.keterangan)
                except ServiceError as e:
                    if any(x.code == "dptb_tps_penuh" for x in e.problems):
                        continue
                    raise
                n += 1
                hasil.keputusan["dptb_" + p.alasan.lower()] += 1
                break
    return [f"{n} pemilih pindah memilih (DPTb)"] if n else []


# -- a day ----------------------------------------------------------------------------------------
class Pasca:
    """The plans of the stages after coklit, built when first needed in a run."""

    def __init__(self, ktx: Konteks):
        self.ktx = ktx
        self.pleno = {"DPHP": jadwal_pleno(ktx, "DPHP"), "DPSHP": jadwal_pleno(ktx, "DPSHP")}
        self._tanggapan: list[Rencana] | None = None
        self._dptb: list[Pindah] | None = None

    def tanggapan(self) -> list[Rencana]:
        if self._tanggapan is None:
            self._tanggapan = rencana_tanggapan(self.ktx)
        return self._tanggapan

    def dptb(self) -> list[Pindah]:
        if self._dptb is None:
            self._dptb = rencana_dptb(self.ktx)
        return self._dptb


def main_hari(pasca: Pasca, d: date, hasil) -> list[str]:
    """Play one day after coklit; returns what happened (for the daily table)."""
    ktx = pasca.ktx
    out: list[str] = []
    if d == PEMERIKSAAN:
        out += pemeriksaan_akhir(ktx, hasil)
    for tahap in ("DPHP", "DPSHP"):
        acara = sorted(pasca.pleno[tahap].get(d, []), key=lambda x: (x[0].tingkat * -1, x[1]))
        pps = [(w, m) for w, m in acara if w.tingkat == 4]
        ppk = [(w, m) for w, m in acara if w.tingkat == 3]
        for w, m in sorted(pps, key=lambda x: (x[1], x[0].kode)) + ppk:
            p = adakan(ktx, tahap, w, d, m)
            hasil.keputusan[f"pleno_{tahap.lower()}_{'pps' if w.tingkat == 4 else 'ppk'}"] += 1
            if w.tingkat == 3:
                out.append(f"pleno {tahap} PPK {w.nama}: {p.jumlah:,} pemilih")
        if pps:
            out.append(f"pleno {tahap} PPS di {len(pps)} kelurahan")
    if d == PENETAPAN_DPS:
        p = adakan(ktx, "DPS", ktx.kota, d, 0)
        hasil.daftar["DPS"] = ringkas(p)
        out.append(f"KPU menetapkan DPS: {p.jumlah:,} pemilih (L {p.jumlah_l:,} / P "
                   f"{p.jumlah_p:,}) di {p.jumlah_tps} TPS")
    if TANGGAPAN_MULAI <= d <= _hari_kantor(TANGGAPAN_SELESAI, 2):
        out += main_tanggapan(ktx, d, pasca.tanggapan(), hasil)
    if d == PERBAIKAN_PPS:
        out += perbaikan_pps(ktx, hasil)
    if d == PERBAIKAN_LOKSUS:
        out += perbaikan_loksus(ktx, hasil)
    if d == PENETAPAN_DPT:
        p = adakan(ktx, "DPT", ktx.kota, d, 0)
        hasil.daftar["DPT"] = ringkas(p)
        out.append(f"KPU menetapkan DPT: {p.jumlah:,} pemilih di {p.jumlah_tps} TPS, "
                   f"{p.rekap['perubahan']['hapus']:,} dicoret sejak DPS")
        periksa_dpt(p, hasil)
    if DPTB_MULAI <= d <= AKHIR:
        out += main_dptb(ktx, d, pasca.dptb(), hasil)
    return out


def ringkas(p: Pleno) -> dict:
    """A set list's figures: total, L/P, TPS with voters, regular and loksus split."""
    reg = [b for b in p.rekap["tps"] if b["jenis"] == "REGULER"]
    lok = [b for b in p.rekap["tps"] if b["jenis"] == "LOKSUS"]
    return {"jumlah": p.jumlah, "l": p.jumlah_l, "p": p.jumlah_p, "tps": p.jumlah_tps,
            "reguler": sum(b["total"] for b in reg), "tps_reguler": len(reg),
            "loksus": sum(b["total"] for b in lok), "tps_loksus": len(lok),
            "loksus_per_tps": {b["label"] + " " + b["kelurahan"]: b["total"] for b in lok},
            "hapus": p.rekap["perubahan"]["hapus"], "baru": p.rekap["perubahan"]["baru"],
            "sha256": p.sha256, "nomor_ba": p.nomor_ba}


def periksa_dpt(p: Pleno, hasil) -> None:
    r = ringkas(p)
    harap = {"jumlah": kediri.DPT_TOTAL, "tps": kediri.DPT_TPS, "reguler": kediri.DPT_REGULER,
             "loksus": kediri.DPT_LOKSUS, "hapus": kediri.DPS_DPT_HAPUS}
    for k, v in harap.items():
        if r[k] != v:
            hasil.peringatan.append(f"DPT {k}: {r[k]:,}, angka KPU {v:,}")


def angka(ktx: Konteks, d: date) -> dict:
    """The day's figures after coklit, for ``SimulasiDemo.harian``."""
    pid = ktx.pemilihan.id
    kota = Rekap.objects.get(pemilihan_id=pid, tingkat=2, objek_id=ktx.kota.id)
    status = Counter(dict(Tanggapan.objects.filter(pemilihan_id=pid).order_by()
                          .values("status").annotate(n=Count("id"))
                          .values_list("status", "n")))
    pl = Counter(Pleno.objects.filter(pemilihan_id=pid).values_list("tahap", "tingkat"))
    return {
        "tanggal": d.isoformat(), "tahap": tahap_pada(d), "ms": kota.ms, "l": kota.ms_l,
        "p": kota.ms_p, "tms": kota.tms,
        "pleno_dphp": pl[("DPHP", 4)] + pl[("DPHP", 3)],
        "pleno_dpshp": pl[("DPSHP", 4)] + pl[("DPSHP", 3)],
        "dps": pl[("DPS", 2)] > 0, "dpt": pl[("DPT", 2)] > 0,
        "tanggapan": sum(status.values()),
        "tanggapan_menunggu": status[StatusTanggapan.MENUNGGU],
        "tanggapan_diterima": status[StatusTanggapan.DITERIMA],
        "tanggapan_ditolak": status[StatusTanggapan.DITOLAK],
        "dptb": PindahMemilih.objects.filter(pemilihan_id=pid).count(),
    }
