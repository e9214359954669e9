"""Holding a rapat pleno of the list stages: the order check, the recap, the freeze.

``adakan`` is the one write. It runs in one transaction with its audit record:

1. the caller must be the body of that level (PPS for its kelurahan, PPK for its kecamatan, KPU
   for its kab/kota) and the plenary must be in order (``rules.daftar.periksa_urutan``: every
   area below has held its own, the previous list is set, not twice);
2. the area's list (eligible voters, in list order) is read once, streamed: its SHA-256 (and
   each kelurahan's and kecamatan's part), the recap per TPS rolled up to every area, and the
   changes since the previous stage (counted in SQL);
3. a KPU plenary (DPS, DPT) copies the list into :class:`BarisDaftar` with one
   ``INSERT ... SELECT`` and checks that each kelurahan's part hashes to what its PPS plenary
   published: the list KPU sets is exactly the one PPS read out and signed (the kelurahan were
   frozen in between, ``daftar.kunci``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, Subquery

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError, masalah
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import get_scope
from selenggara.rules import daftar as aturan
from selenggara.rules.problem import Problem, gettext_noop
from selenggara.web import jam
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .models import BarisDaftar, DaftarTetap, Pleno, StatusTanggapan, Tanggapan

# Columns of a list record, as read from the register and as copied into BarisDaftar.
KOLOM = ("tps_id", "kelurahan_id", "kecamatan_id", "nkk", "nik", "nama", "jenis_kelamin",
         "tempat_lahir", "tanggal_lahir", "status_kawin", "alamat", "rt", "rw", "disabilitas",
         "ktp_el", "sumber")
# The list order (the hash order): kelurahan code, TPS number, then household and NIK.
URUTAN = ("kelurahan__kode", "tps__nomor", "nkk", "nik", "id")
PERAN_TINGKAT = {Tingkat.KELURAHAN: "PPS", Tingkat.KECAMATAN: "PPK", Tingkat.KABKOTA: "KPU"}

# Other apps' conditions for a plenary (the coklit queue of the kelurahan must be empty before
# its DPHP plenary): functions of (pemilihan_id, tahap, tingkat, wilayah) -> [Problem].
_PRASYARAT: list = []


def pasang_prasyarat(fn) -> None:
    if fn not in _PRASYARAT:
        _PRASYARAT.append(fn)


@dataclass
class DataPleno:
    """What the minutes record besides the list (the form or the simulation fills it)."""

    tempat: str
    hadir: list[dict]
    tanggal: date | None = None
    saksi: list[dict] = field(default_factory=list)
    pengawas: list[dict] = field(default_factory=list)
    catatan: str = ""
    keberatan: str = ""
    nomor_ba: str = ""


def area_q(wilayah: Wilayah, prefix: str = "") -> Q:
    """Voters (or list rows) of an area, on the indexed kecamatan/kelurahan columns."""
    if wilayah.tingkat == Tingkat.KELURAHAN:
        return Q(**{f"{prefix}kelurahan_id": wilayah.pk})
    if wilayah.tingkat == Tingkat.KECAMATAN:
        return Q(**{f"{prefix}kecamatan_id": wilayah.pk})
    return Q(**{f"{prefix}kecamatan_id__in": list(
        Wilayah.objects.filter(induk=wilayah).values_list("pk", flat=True))})


def _teks(v, maks: int) -> str:
    return " ".join(str(v or "").split())[:maks]


def _orang(daftar, kunci: tuple[str, ...], maks: int = 30) -> list[dict]:
    """A cleaned list of people (names bounded, no markup kept: templates escape, the PDF draws
    text only)."""
    hasil = []
    for d in list(daftar or [])[:maks]:
        if not isinstance(d, dict):
            continue
        orang = {k: _teks(d.get(k), 120) for k in kunci if k != "tanda_tangan"}
        if "tanda_tangan" in kunci:
            orang["tanda_tangan"] = bool(d.get("tanda_tangan"))
        if orang.get("nama"):
            hasil.append(orang)
    return hasil


def _periksa_data(data: DataPleno) -> tuple[DataPleno, list[Problem]]:
    bersih = DataPleno(
        tempat=_teks(data.tempat, 200), tanggal=data.tanggal,
        hadir=_orang(data.hadir, ("nama", "jabatan", "tanda_tangan")),
        saksi=_orang(data.saksi, ("nama", "unsur")),
        pengawas=_orang(data.pengawas, ("nama", "jabatan")),
        catatan=str(data.catatan or "")[:5000], keberatan=str(data.keberatan or "")[:5000],
        nomor_ba=_teks(data.nomor_ba, 80))
    problems = []
    if not bersih.tempat:
        problems.append(masalah("tempat", "pleno_tempat", gettext_noop(
            "Isi tempat pleno (mis. Aula Kantor Kelurahan).")))
    if not any(h["tanda_tangan"] for h in bersih.hadir):
        problems.append(masalah("hadir", "pleno_tanpa_ttd", gettext_noop(
            "Catat anggota yang hadir; sedikitnya satu menandatangani berita acara.")))
    return bersih, problems


def _boleh(user, wilayah: Wilayah, pemilihan: Pemilihan) -> None:
    scope = get_scope(user)
    if scope.semua:
        return
    peran = PERAN_TINGKAT.get(wilayah.tingkat)
    if scope.peran != peran or scope.wilayah_id != wilayah.pk \
            or scope.pemilihan_id != pemilihan.pk:
        raise ServiceError.satu("tahap", "pleno_bukan_wewenang", gettext_noop(
            "Pleno %(wilayah)s diadakan oleh %(peran)s %(wilayah)s; akun Anda tidak dapat "
            "mencatatnya."), jenis=Jenis.DITOLAK, wilayah=wilayah.nama, peran=peran or "-")


def keadaan(pemilihan: Pemilihan, tahap: str, wilayah: Wilayah, tanggal: date | None = None
            ) -> aturan.KeadaanPleno:
    """What the order rule needs to know about a plenary, read from the database."""
    akhir = aturan.putaran(tahap, wilayah.tingkat)
    bawah_belum: list[str] = []
    if akhir is not None and wilayah.tingkat < Tingkat.KELURAHAN:
        tahap_bawah = aturan.PUTARAN[akhir][wilayah.tingkat + 1]
        sudah = Pleno.objects.filter(pemilihan=pemilihan, tahap=tahap_bawah,
                                     wilayah__induk=wilayah).values("wilayah_id")
        bawah_belum = list(Wilayah.objects.filter(induk=wilayah).exclude(pk__in=sudah)
                           .order_by("kode").values_list("nama", flat=True))
    sebelum = aturan.SEBELUM.get(akhir) if akhir else None
    return aturan.KeadaanPleno(
        tahap=tahap, tingkat=wilayah.tingkat, nama_wilayah=wilayah.nama,
        sudah_ada=Pleno.objects.filter(pemilihan=pemilihan, tahap=tahap,
                                       wilayah=wilayah).exists(),
        bawah_belum=bawah_belum,
        sebelumnya_ditetapkan=sebelum is None or DaftarTetap.objects.filter(
            pemilihan=pemilihan, tahap=sebelum).exists(),
        tanggal=tanggal, hari_ini=jam.hari_ini())


def _prasyarat_sendiri(pemilihan_id: int, tahap: str, tingkat: int, wilayah: Wilayah
                       ) -> list[Problem]:
    """The public's responses to the DPS in a kelurahan must all be decided before its DPSHP."""
    if tahap != "DPSHP" or tingkat != Tingkat.KELURAHAN:
        return []
    n = Tanggapan.objects.filter(pemilihan_id=pemilihan_id, kelurahan=wilayah,
                                 status=StatusTanggapan.MENUNGGU).count()
    if not n:
        return []
    return [masalah("tahap", "tanggapan_menunggu", gettext_noop(
        "%(n)s tanggapan masyarakat di %(wilayah)s belum diputuskan PPS; putuskan semuanya "
        "sebelum pleno DPSHP."), n=n, wilayah=wilayah.nama)]


# ---- reading the list ------------------------------------------------------------------------

@dataclass
class Bacaan:
    """One pass over an area's list: hash, per-area hashes, recap per TPS."""

    hash: aturan.PenghitungHash
    per_tps: dict[int, aturan.Rekap]


def _kode_tps(tps_ids) -> dict[int, tuple[str, str, str]]:
    """TPS id -> (KPU's TPS code, kelurahan code, kecamatan code)."""
    hasil = {}
    for t in TPS.objects.filter(pk__in=tps_ids).select_related("kelurahan__induk"):
        hasil[t.pk] = (t.kode, t.kelurahan.kode, t.kelurahan.induk.kode)
    return hasil


def _baca(rows, tps_info: dict[int, tuple[str, str, str]], *, nomor_dari_baris: bool) -> Bacaan:
    """Stream records ``(nomor?, *KOLOM)``; ``nomor_dari_baris``: the rows carry their nomor
    (a frozen list), otherwise it is counted per TPS as the list order gives it."""
    h = aturan.PenghitungHash()
    per_tps: dict[int, aturan.Rekap] = {}
    nomor_tps: dict[int, int] = {}
    for row in rows:
        if nomor_dari_baris:
            nomor, rec = row[0], row[1:]
        else:
            rec = row
            nomor = nomor_tps[rec[0]] = nomor_tps.get(rec[0], 0) + 1
        tps_id = rec[0]
        kode_tps, kel, kec = tps_info[tps_id]
        # kode_tps|nomor|nkk|nik|nama|jk|tempat_lahir|tgl_lahir|sts|alamat|rt|rw|dis|ktp_el
        h.tambah((kode_tps, nomor, *rec[3:15]), (kel, kec))
        r = per_tps.get(tps_id)
        if r is None:
            r = per_tps[tps_id] = aturan.Rekap(tps=1)
        if rec[6] == "L":
            r.l += 1
        else:
            r.p += 1
        if rec[13] != "0":
            r.disabilitas[rec[13]] = r.disabilitas.get(rec[13], 0) + 1
    return Bacaan(hash=h, per_tps=per_tps)


def _tps_area(pemilihan: Pemilihan, wilayah: Wilayah) -> dict[int, tuple[str, str, str]]:
    q = {Tingkat.KELURAHAN: Q(kelurahan=wilayah), Tingkat.KECAMATAN: Q(kelurahan__induk=wilayah),
         Tingkat.KABKOTA: Q(kelurahan__induk__induk=wilayah)}[wilayah.tingkat]
    return _kode_tps(TPS.objects.filter(q).values_list("pk", flat=True))


def baca_register(pemilihan: Pemilihan, wilayah: Wilayah) -> Bacaan:
    """The area's eligible voters in the register now, in list order."""
    rows = (Pemilih.objects.filter(area_q(wilayah), pemilihan=pemilihan, tms_kode="")
            .order_by(*URUTAN).values_list(*KOLOM).iterator(chunk_size=5000))
    return _baca(rows, _tps_area(pemilihan, wilayah), nomor_dari_baris=False)


def baca_daftar(daftar: DaftarTetap, wilayah: Wilayah | None = None) -> Bacaan:
    """A frozen list (or one area's part of it), from its copied rows."""
    qs = BarisDaftar.objects.filter(daftar=daftar)
    if wilayah is not None and wilayah.tingkat != Tingkat.KABKOTA:
        qs = qs.filter(area_q(wilayah))
    rows = qs.order_by("urutan").values_list("nomor", *KOLOM).iterator(chunk_size=5000)
    return _baca(rows, _tps_area(daftar.pemilihan, wilayah or daftar.pleno.wilayah),
                 nomor_dari_baris=True)


def salin(daftar: DaftarTetap, wilayah: Wilayah) -> int:
    """Copy the area's eligible voters into the frozen list: one INSERT ... SELECT, numbering
    in SQL (ROW_NUMBER over the list order) so no row passes through Python."""
    qn = connection.ops.quote_name
    cols = ", ".join(qn(c) for c in KOLOM)
    pcols = ", ".join(f"p.{qn(c)}" for c in KOLOM)
    kecamatan = list(Wilayah.objects.filter(induk=wilayah).values_list("pk", flat=True)) \
        if wilayah.tingkat == Tingkat.KABKOTA else [wilayah.pk]
    marks = ", ".join(["%s"] * len(kecamatan))
    urut = "w.kode, t.nomor, p.nkk, p.nik, p.id"
    sql = (
        f"INSERT INTO {qn(BarisDaftar._meta.db_table)} "
        f"(daftar_id, urutan, nomor, pemilih_id, {cols}) "
        f"SELECT %s, ROW_NUMBER() OVER (ORDER BY {urut}), "
        f"ROW_NUMBER() OVER (PARTITION BY p.tps_id ORDER BY p.nkk, p.nik, p.id), p.id, {pcols} "
        f"FROM {qn(Pemilih._meta.db_table)} p "
        f"JOIN {qn(TPS._meta.db_table)} t ON t.id = p.tps_id "
        f"JOIN {qn(Wilayah._meta.db_table)} w ON w.id = p.kelurahan_id "
        f"WHERE p.pemilihan_id = %s AND p.tms_kode = '' AND p.kecamatan_id IN ({marks})")
    with connection.cursor() as cur:
        cur.execute(sql, [daftar.pk, daftar.pemilihan_id, *kecamatan])
        return cur.rowcount


# ---- changes since the previous stage ----------------------------------------------------------

def perubahan(pemilihan: Pemilihan, wilayah: Wilayah, sebelumnya: DaftarTetap | None) -> dict:
    """What changed in the area's list since the previous stage: ``baru`` added, ``hapus``
    struck out (``tms`` by code), ``ubah`` changed records. Before the DPS, the previous stage
    is the A-Daftar (the DP4 handed over): struck = TMS, added = not from the DP4."""
    area = area_q(wilayah)
    reg = Pemilih.objects.filter(area, pemilihan=pemilihan)
    if sebelumnya is None:
        tms = dict(reg.exclude(tms_kode="").order_by().values("tms_kode")
                   .annotate(n=Count("id")).values_list("tms_kode", "n"))
        return {"dari": "A-Daftar", "baru": reg.filter(tms_kode="").exclude(sumber="DP4").count(),
                "ubah": reg.filter(tms_kode="", coklit="UBAH").count(),
                "hapus": sum(tms.values()), "tms": {k: tms[k] for k in sorted(tms)}}
    lama = BarisDaftar.objects.filter(area, daftar=sebelumnya)
    ms = Pemilih.objects.filter(pemilihan=pemilihan, tms_kode="")
    baru = reg.filter(tms_kode="").exclude(
        Exists(BarisDaftar.objects.filter(daftar=sebelumnya, pemilih_id=OuterRef("pk")))).count()
    hilang = lama.exclude(Exists(ms.filter(area, pk=OuterRef("pemilih_id"))))
    kode = Subquery(Pemilih.objects.filter(pk=OuterRef("pemilih_id")).values("tms_kode")[:1])
    tms = {}
    for k, n in (hilang.annotate(k=kode).order_by().values("k").annotate(n=Count("id"))
                 .values_list("k", "n")):
        k = k or "pindah"  # still eligible, now listed in another area
        tms[k] = tms.get(k, 0) + n
    beda = Q()
    for f in ("nkk", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin",
              "alamat", "rt", "rw", "disabilitas", "ktp_el", "tps_id"):
        beda |= ~Q(**{f: OuterRef(f)})
    ubah = lama.filter(Exists(ms.filter(Q(pk=OuterRef("pemilih_id")) & beda))).count()
    return {"dari": sebelumnya.tahap, "baru": baru, "ubah": ubah,
            "hapus": sum(tms.values()), "tms": {k: tms[k] for k in sorted(tms)}}


# ---- the recap tables --------------------------------------------------------------------------

def susun_rekap(wilayah: Wilayah, bacaan: Bacaan) -> dict:
    """The recap stored on the plenary: a row per TPS and per area of the plenary's area."""
    tps = {t.pk: t for t in TPS.objects.filter(pk__in=bacaan.per_tps)
           .select_related("kelurahan__induk")}
    induk: dict = {}
    for t in tps.values():
        induk[("tps", t.pk)] = ("w", t.kelurahan_id)
        induk[("w", t.kelurahan_id)] = ("w", t.kelurahan.induk_id)
        induk[("w", t.kelurahan.induk_id)] = ("w", t.kelurahan.induk.induk_id)
    # Stop the roll-up at the plenary's own area.
    induk[("w", wilayah.pk)] = None
    gulung = aturan.gulung({("tps", k): v for k, v in bacaan.per_tps.items()}, induk)
    areas = {w.pk: w for w in Wilayah.objects.filter(
        pk__in=[k[1] for k in gulung if k[0] == "w"])}
    baris_tps = []
    for tid, r in bacaan.per_tps.items():
        t = tps[tid]
        baris_tps.append({"tps_id": tid, "kode": t.kode, "label": t.label, "jenis": t.jenis,
                          "kelurahan": t.kelurahan.kode, **r.as_dict()})
    baris_tps.sort(key=lambda b: b["kode"])
    baris_wilayah = []
    for (jenis, wid), r in gulung.items():
        if jenis != "w" or wid not in areas:
            continue
        w = areas[wid]
        baris_wilayah.append({"id": wid, "kode": w.kode, "nama": w.nama, "tingkat": w.tingkat,
                              **r.as_dict()})
    baris_wilayah.sort(key=lambda b: (b["tingkat"], b["kode"]))
    return {"tps": baris_tps, "wilayah": baris_wilayah,
            "sha256_area": bacaan.hash.hasil_area()}


def total(rekap: dict, wilayah: Wilayah) -> dict:
    for b in rekap.get("wilayah", []):
        if b["id"] == wilayah.pk:
            return b
    return {"l": 0, "p": 0, "total": 0, "tps": 0, "disabilitas": {}}


# ---- the write -------------------------------------------------------------------------------

def adakan(user, *, pemilihan: Pemilihan, tahap: str, wilayah: Wilayah, data: DataPleno
           ) -> Pleno:
    """Hold a plenary: check, recap, freeze (KPU: copy the list), audit. All or nothing."""
    data, problems = _periksa_data(data)
    tanggal = data.tanggal or jam.hari_ini()
    with transaction.atomic():
        appender = Appender()  # first: the audit lock serialises plenaries with voter writes
        _boleh(user, wilayah, pemilihan)
        k = keadaan(pemilihan, tahap, wilayah, tanggal)
        problems = aturan.periksa_urutan(k) + problems
        if not problems:
            problems += _prasyarat_sendiri(pemilihan.pk, tahap, wilayah.tingkat, wilayah)
            for fn in _PRASYARAT:
                problems += fn(pemilihan.pk, tahap, wilayah.tingkat, wilayah)
        if problems:
            jenis = Jenis.KONFLIK if any(p.code in {"pleno_sudah_ada", "bawah_belum_pleno",
                                                    "tahap_sebelumnya_belum"}
                                         for p in problems) else Jenis.TIDAK_VALID
            raise ServiceError(problems, jenis=jenis)
        akhir = aturan.putaran(tahap, wilayah.tingkat)
        sebelumnya = (DaftarTetap.objects.filter(pemilihan=pemilihan, tahap=aturan.SEBELUM[akhir])
                      .first() if aturan.SEBELUM[akhir] else None)
        nomor_ba = data.nomor_ba or _nomor_ba(pemilihan, tahap, wilayah, tanggal)
        pleno = Pleno(pemilihan=pemilihan, tahap=tahap, tingkat=wilayah.tingkat, wilayah=wilayah,
                      nomor_ba=nomor_ba, tanggal=tanggal, tempat=data.tempat, hadir=data.hadir,
                      saksi=data.saksi, pengawas=data.pengawas, catatan=data.catatan,
                      keberatan=data.keberatan, dibuat=appender.waktu,
                      oleh=user if getattr(user, "pk", None) else None,
                      jumlah=0, jumlah_l=0, jumlah_p=0, jumlah_tps=0, sha256=aturan.HASH_KOSONG)
        daftar = None
        if wilayah.tingkat == Tingkat.KABKOTA:
            pleno.save()
            daftar = DaftarTetap.objects.create(pemilihan=pemilihan, tahap=tahap, pleno=pleno,
                                                jumlah=0, sha256=aturan.HASH_KOSONG,
                                                dibuat=appender.waktu)
            salin(daftar, wilayah)
            bacaan = baca_daftar(daftar, wilayah)
            _cocokkan_pps(pemilihan, aturan.PUTARAN[akhir][Tingkat.KELURAHAN], bacaan)
        else:
            bacaan = baca_register(pemilihan, wilayah)
        rekap = susun_rekap(wilayah, bacaan)
        rekap["perubahan"] = perubahan(pemilihan, wilayah, sebelumnya)
        jml = total(rekap, wilayah)
        pleno.rekap = rekap
        pleno.jumlah, pleno.jumlah_l, pleno.jumlah_p = jml["total"], jml["l"], jml["p"]
        pleno.jumlah_tps, pleno.sha256 = jml["tps"], bacaan.hash.hasil()
        pleno.save()
        if daftar is not None:
            daftar.jumlah, daftar.sha256 = pleno.jumlah, pleno.sha256
            daftar.save(update_fields=["jumlah", "sha256"])
        appender.add(AksiAudit.DAFTAR_PLENO, user=user, objek=pleno, sesudah={
            "tahap": tahap, "wilayah": wilayah.kode, "tanggal": tanggal.isoformat(),
            "jumlah": pleno.jumlah, "l": pleno.jumlah_l, "p": pleno.jumlah_p,
            "tps": pleno.jumlah_tps, "sha256": pleno.sha256, "nomor_ba": nomor_ba,
            "ditetapkan": daftar is not None})
        appender.flush()
    return pleno


def _cocokkan_pps(pemilihan: Pemilihan, tahap_pps: str, bacaan: Bacaan) -> None:
    """Each kelurahan's part of the list KPU sets must hash to what its PPS plenary set."""
    per_area = bacaan.hash.hasil_area()
    beda = []
    for kode, nama, sha in (Pleno.objects.filter(pemilihan=pemilihan, tahap=tahap_pps,
                                                 tingkat=Tingkat.KELURAHAN)
                            .values_list("wilayah__kode", "wilayah__nama", "sha256")):
        if per_area.get(kode, aturan.HASH_KOSONG) != sha:
            beda.append(nama)
    if beda:
        raise ServiceError.satu("tahap", "daftar_berubah_sejak_pps", gettext_noop(
            "Daftar %(nama)s tidak sama dengan yang ditetapkan dalam pleno PPS; periksa riwayat "
            "perubahan kelurahan itu sebelum menetapkan."), jenis=Jenis.KONFLIK,
            nama=", ".join(beda[:5]))


def _nomor_ba(pemilihan: Pemilihan, tahap: str, wilayah: Wilayah, tanggal: date) -> str:
    """A Berita Acara number in KPU's pattern (``12/PL.02.1-BA/3571/2024``); the sequence is
    the plenary's place among this election's plenaries of that level."""
    n = Pleno.objects.filter(pemilihan=pemilihan, tingkat=wilayah.tingkat).count() + 1
    return f"{n}/PL.02.1-BA/{wilayah.kode_polos}/{tanggal.year}"


def daftar_tetap(pemilihan: Pemilihan, tahap: str) -> DaftarTetap | None:
    return DaftarTetap.objects.filter(pemilihan=pemilihan, tahap=tahap).select_related(
        "pleno__wilayah").first()
