"""Tanggapan masyarakat: the public's responses to the announced DPS, and the PPS decisions.

- :func:`ajukan` (anyone, no account) files a response while the DPS is announced: the DPS is
  set and the DPT not yet, and the kelurahan has not yet held its DPSHP plenary. A response is
  about a listed person (deceased, moved, not eligible, listed twice, wrong data: the person
  must be a voter of the set DPS in that kelurahan) or about an eligible person missing from
  the list (``data``: nama, nik, jenis_kelamin, tempat_lahir, tanggal_lahir, status_kawin,
  alamat, rt, rw, optionally nkk and tps; checked with the same rules as a new voter in coklit).
  Text is plain text only (a tag is refused, control characters dropped, lengths bounded); the
  evidence photo is a JPEG or PNG of at most :data:`MAKS_FOTO` bytes (the declared size is
  refused before anything is read). The receipt code (:func:`kode_baru`) is random, 10
  characters of an alphabet without 0/O/1/I.
- :func:`putuskan` (PPS of the kelurahan) accepts or refuses it. Accepting applies it to the
  register through the voter-write protocol: MENINGGAL/PINDAH/GANDA/TMS mark the voter TMS
  (1/4/2/the code PPS gives), DATA_SALAH applies ``perbaikan``, BELUM_TERDAFTAR adds a new
  voter (``sumber`` BARU) at the TPS given (``perbaikan["tps"]`` or the one in the response).

Rate limits per client address live in the page (``portal.views_tanggapan``): the simulation
calls these services directly.

``alamat`` of :func:`ajukan` is the client's network address (``web.alamat.alamat_klien``); the
audit record keeps only a keyed digest of it (``web.batas.kunci``), enough to link abuse from
one address, never the address itself. NIK and NKK never enter the audit record: only their
last four digits.
"""

from __future__ import annotations

import re
import secrets
import unicodedata

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError, masalah, teks
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import PenulisPemilih, plain
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import get_scope
from selenggara.rules import kode as kode_aturan
from selenggara.rules.pemilih import FIELDS, clean_fields, validate_record, validate_tms
from selenggara.rules.problem import Problem, gettext_noop
from selenggara.web import batas, jam
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from . import kunci
from .models import (
    BarisDaftar,
    DaftarTetap,
    JenisTanggapan,
    Pleno,
    StatusTanggapan,
    Tanggapan,
)

# ---- limits ------------------------------------------------------------------------------

MAKS_FOTO = 2 * 1024 * 1024
MAKS_ALASAN, MIN_ALASAN = 1000, 10
MAKS_KEPUTUSAN = 1000
MAKS_PELAPOR = 100
# The receipt alphabet: no 0/O, 1/I (read aloud or copied by hand without doubt).
ABJAD_KODE = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PANJANG_KODE = 10

TANDA_FOTO = {"jpg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}

# The TMS code a kind of response implies when PPS accepts it (TMS: PPS names the code).
TMS_JENIS = {
    JenisTanggapan.MENINGGAL: kode_aturan.TMS_MENINGGAL,
    JenisTanggapan.PINDAH: kode_aturan.TMS_PINDAH_DOMISILI,
    JenisTanggapan.GANDA: kode_aturan.TMS_GANDA,
}
JENIS_TMS = frozenset({JenisTanggapan.MENINGGAL, JenisTanggapan.PINDAH, JenisTanggapan.TMS,
                       JenisTanggapan.GANDA})
# Fields of a missing person (BELUM_TERDAFTAR): required, and optional.
DATA_WAJIB = ("nama", "nik", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin",
              "alamat", "rt", "rw")
DATA_BOLEH = ("nkk", "tps", "disabilitas", "ktp_el")
# What PPS may correct on a DATA_SALAH response.
PERBAIKAN_BOLEH = frozenset(FIELDS)

_TAG = re.compile(r"<\s*[A-Za-z!/?]|&#|javascript:", re.IGNORECASE)


# ---- plain text --------------------------------------------------------------------------

def teks_polos(nilai, *, field: str, maks: int, wajib: bool = False, minimal: int = 0,
               baris: bool = False) -> tuple[str, list[Problem]]:
    """``nilai`` as plain text: control and invisible format characters dropped (newlines
    kept when ``baris``), spaces collapsed, markup refused, length bounded."""
    s = "" if nilai is None else str(nilai)
    keluar = []
    for ch in s:
        if ch == "\n" and baris:
            keluar.append(ch)
        elif ch in "\t\r\n":
            keluar.append(" ")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            continue
        else:
            keluar.append(ch)
    s = "".join(keluar)
    if baris:
        s = "\n".join(" ".join(b.split()) for b in s.split("\n"))
        s = re.sub(r"\n{3,}", "\n\n", s).strip()
    else:
        s = " ".join(s.split())
    if _TAG.search(s):
        return s, [masalah(field, "teks_html", gettext_noop(
            "Tulis teks biasa saja: tanda < > dan kode HTML atau skrip tidak diterima."))]
    if not s and wajib:
        return s, [masalah(field, "teks_wajib", gettext_noop("Wajib diisi."))]
    if s and len(s) < minimal:
        return s, [masalah(field, "teks_pendek", gettext_noop(
            "Terlalu singkat: tulis sedikitnya %(min)s karakter."), min=minimal)]
    if len(s) > maks:
        return s, [masalah(field, "teks_panjang", gettext_noop(
            "Terlalu panjang (%(n)s karakter, paling banyak %(maks)s)."), n=len(s), maks=maks)]
    return s, []


# ---- the photo ---------------------------------------------------------------------------

def _ukuran(foto) -> int | None:
    ukuran = getattr(foto, "size", None)
    if isinstance(ukuran, int):
        return ukuran
    try:
        pos = foto.tell()
        foto.seek(0, 2)
        ukuran = foto.tell()
        foto.seek(pos)
        return ukuran
    except (AttributeError, OSError):
        return None


def periksa_foto(foto) -> tuple[bytes, str]:
    """The photo's bytes and extension, or a refusal: the declared size first (a 50 MB file
    is refused before it is read), then the first bytes (a JPEG or PNG, whatever its name),
    then what was actually read (never more than the limit plus one byte)."""
    ukuran = _ukuran(foto)
    mb = f"{MAKS_FOTO / (1024 * 1024):.0f}"
    terlalu_besar = ServiceError.satu(
        "foto", "foto_terlalu_besar", gettext_noop(
            "Foto terlalu besar; paling besar %(maks)s MB. Kecilkan foto atau potong bagian "
            "yang penting saja."), jenis=Jenis.TERLALU_BESAR, maks=mb)
    if ukuran is not None and ukuran > MAKS_FOTO:
        raise terlalu_besar
    if hasattr(foto, "seek"):
        foto.seek(0)
    data = foto.read(MAKS_FOTO + 1)
    if len(data) > MAKS_FOTO:
        raise terlalu_besar
    for ext, tanda in TANDA_FOTO.items():
        if data.startswith(tanda):
            return data, ext
    raise ServiceError.satu("foto", "foto_tipe", gettext_noop(
        "Foto bukti harus berupa gambar JPEG atau PNG."), jenis=Jenis.TIPE_SALAH)


# ---- the window ---------------------------------------------------------------------------

def jendela(pemilihan: Pemilihan, kelurahan: Wilayah | None = None) -> Problem | None:
    """Why responses are not taken now (None: the announcement window is open)."""
    tetap = set(DaftarTetap.objects.filter(pemilihan=pemilihan).values_list("tahap", flat=True))
    if "DPS" not in tetap:
        return masalah("", "tanggapan_belum_dps", gettext_noop(
            "Tanggapan masyarakat dibuka setelah KPU menetapkan DPS dan mengumumkannya. "
            "Saat ini DPS belum ditetapkan."))
    if "DPT" in tetap:
        return masalah("", "tanggapan_sudah_dpt", gettext_noop(
            "Masa tanggapan masyarakat atas DPS sudah berakhir: DPT sudah ditetapkan. Untuk "
            "memeriksa pendaftaran, gunakan Cek DPT."))
    if kelurahan is not None and Pleno.objects.filter(
            pemilihan=pemilihan, wilayah=kelurahan, tahap="DPSHP").exists():
        return masalah("", "tanggapan_dpshp", gettext_noop(
            "PPS %(kelurahan)s sudah menetapkan DPSHP; tanggapan untuk kelurahan ini tidak "
            "diterima lagi."), kelurahan=kelurahan.nama)
    return None


def _baris_dps(pemilihan: Pemilihan, pemilih_id: int, kelurahan: Wilayah) -> BarisDaftar | None:
    return (BarisDaftar.objects.filter(daftar__pemilihan=pemilihan, daftar__tahap="DPS",
                                       pemilih_id=pemilih_id, kelurahan=kelurahan)
            .select_related("tps").first())


def kode_baru() -> str:
    for _i in range(20):
        k = "".join(secrets.choice(ABJAD_KODE) for _j in range(PANJANG_KODE))
        if not Tanggapan.objects.filter(kode=k).exists():
            return k
    raise RuntimeError("no free receipt code after 20 tries")  # 32**10 codes: never


def normalkan_kode(teks: str) -> str:
    """A receipt code as typed (lower case, spaces, dashes) in its stored form."""
    return re.sub(r"[^A-Z0-9]", "", str(teks or "").upper())[:PANJANG_KODE + 2]


def _data_baru(data, pemilihan: Pemilihan, kelurahan: Wilayah) -> tuple[dict, TPS | None]:
    """The missing person's data, cleaned and checked like a new voter in coklit."""
    if not isinstance(data, dict):
        raise ServiceError.satu("data", "data_kosong", gettext_noop(
            "Isi data orang yang belum terdaftar."))
    problems = [Problem(name, "wajib", gettext_noop("Wajib diisi."), {})
                for name in DATA_WAJIB if str(data.get(name) or "").strip() == ""]
    if problems:
        raise ServiceError(problems)
    mentah = {k: data[k] for k in (*DATA_WAJIB, "disabilitas", "ktp_el") if k in data}
    if str(data.get("nkk") or "").strip():
        mentah["nkk"] = data["nkk"]
    for k in ("nama", "tempat_lahir", "alamat"):
        if _TAG.search(str(mentah.get(k, ""))):
            raise ServiceError.satu(k, "teks_html", gettext_noop(
                "Tulis teks biasa saja: tanda < > dan kode HTML atau skrip tidak diterima."))
    clean, problems = clean_fields({"disabilitas": "0", "ktp_el": "S", **mentah})
    if problems:
        raise ServiceError(problems)
    problems = validate_record(clean, hari_pemungutan=pemilihan.hari_pemungutan,
                               kode_kecamatan=kelurahan.induk.kode, hari_ini=jam.hari_ini())
    errors = [x for x in problems if x.is_error]
    if errors:
        raise ServiceError(errors)
    tps = None
    if data.get("tps") not in (None, ""):
        try:
            tps = TPS.objects.filter(pk=int(data["tps"]), kelurahan=kelurahan).first()
        except (TypeError, ValueError):
            tps = None
        if tps is None:
            raise ServiceError.satu("tps", "tps_bukan_kelurahan", gettext_noop(
                "Pilih TPS di kelurahan yang sama."))
    hasil = {k: plain(v) for k, v in clean.items()}
    return hasil, tps


# ---- filing a response ---------------------------------------------------------------------

def ajukan(pemilihan: Pemilihan, *, jenis: str, kelurahan: Wilayah, pemilih=None, data=None,
           alasan: str, foto=None, pelapor_nama: str = "", pelapor_kontak: str = "",
           alamat: str = "") -> Tanggapan:
    """File a public response (no account). See the module docstring."""
    if jenis not in JenisTanggapan.values:
        raise ServiceError.satu("jenis", "jenis_tanggapan", gettext_noop(
            "Pilih jenis tanggapan yang tersedia."))
    if (kelurahan is None or kelurahan.tingkat != Tingkat.KELURAHAN
            or kelurahan.induk is None or kelurahan.induk.induk_id != pemilihan.wilayah_id):
        raise ServiceError.satu("kelurahan", "kelurahan_luar", gettext_noop(
            "Pilih kelurahan di wilayah pemilihan ini."))
    alasan_bersih, problems = teks_polos(alasan, field="alasan", maks=MAKS_ALASAN, wajib=True,
                                         minimal=MIN_ALASAN, baris=True)
    nama_pelapor, p2 = teks_polos(pelapor_nama, field="pelapor_nama", maks=MAKS_PELAPOR)
    kontak, p3 = teks_polos(pelapor_kontak, field="pelapor_kontak", maks=MAKS_PELAPOR)
    problems += p2 + p3
    if problems:
        raise ServiceError(problems)
    isi_foto = periksa_foto(foto) if foto is not None else None

    with transaction.atomic():
        appender = Appender()
        tutup = jendela(pemilihan, kelurahan)
        if tutup is not None:
            raise ServiceError([tutup], teks(tutup), jenis=Jenis.KONFLIK)
        tps, orang, isi = None, None, {}
        if jenis == JenisTanggapan.BELUM_TERDAFTAR:
            if pemilih is not None:
                raise ServiceError.satu("pemilih", "pemilih_tidak_perlu", gettext_noop(
                    "Untuk orang yang belum terdaftar, jangan pilih nama dari daftar."))
            isi, tps = _data_baru(data, pemilihan, kelurahan)
        else:
            pid = getattr(pemilih, "pk", pemilih)
            baris = _baris_dps(pemilihan, pid, kelurahan) if pid else None
            if baris is None:
                raise ServiceError.satu("pemilih", "bukan_dps", gettext_noop(
                    "Pilih orang yang tercantum dalam DPS kelurahan ini."))
            orang = Pemilih.objects.get(pk=baris.pemilih_id)
            tps = baris.tps
        t = Tanggapan(pemilihan=pemilihan, kode=kode_baru(), jenis=jenis, kelurahan=kelurahan,
                      tps=tps, pemilih=orang, data=isi, alasan=alasan_bersih,
                      pelapor_nama=nama_pelapor, pelapor_kontak=kontak,
                      status=StatusTanggapan.MENUNGGU, diterima=appender.waktu)
        if isi_foto is not None:
            byte, ext = isi_foto
            t.foto.save(f"{t.kode}.{ext}", ContentFile(byte), save=False)
        try:
            t.save()
            appender.add(AksiAudit.DAFTAR_TANGGAPAN, objek=t, sesudah={
                "kode": t.kode, "jenis": jenis, "kelurahan": kelurahan.kode,
                "tps": tps.kode if tps else "", "pemilih_id": orang.pk if orang else None,
                "nik_akhir": (orang.nik if orang else isi.get("nik", ""))[-4:],
                "foto": bool(isi_foto), "pelapor": bool(nama_pelapor or kontak),
                "alamat": batas.kunci("tanggapan-alamat", alamat) if alamat else ""})
            appender.flush()
        except Exception:
            if t.foto:
                t.foto.delete(save=False)
            raise
    return t


# ---- the PPS decision -------------------------------------------------------------------------

def _wewenang(user, t: Tanggapan) -> None:
    scope = get_scope(user)
    if scope.semua:
        return
    if scope.peran != "PPS":
        raise ServiceError.satu("", "tanggapan_bukan_pps", gettext_noop(
            "Tanggapan masyarakat diputuskan oleh PPS kelurahan yang bersangkutan."),
            jenis=Jenis.DITOLAK)
    if scope.wilayah_id != t.kelurahan_id or scope.pemilihan_id != t.pemilihan_id:
        raise ServiceError.keadaan(_("Tanggapan tidak ditemukan di wilayah Anda."),
                                   jenis=Jenis.TIDAK_DITEMUKAN, code="tanggapan_luar")


def _tps_baru(t: Tanggapan, perbaikan: dict) -> TPS:
    tid = perbaikan.get("tps") or t.tps_id
    tps = None
    if tid not in (None, ""):
        try:
            tps = TPS.objects.select_related("kelurahan__induk").filter(
                pk=int(tid), kelurahan_id=t.kelurahan_id).first()
        except (TypeError, ValueError):
            tps = None
    if tps is None:
        raise ServiceError.satu("tps", "tps_wajib", gettext_noop(
            "Pilih TPS di kelurahan ini untuk pemilih baru."))
    n = Pemilih.objects.filter(pemilihan_id=t.pemilihan_id, tps=tps, tms_kode="").count()
    if n >= t.pemilihan.maks_pemilih_per_tps:
        raise ServiceError.satu("tps", "tps_penuh", gettext_noop(
            "TPS %(tps)s sudah berisi %(n)s pemilih (batas %(maks)s); pilih TPS lain."),
            tps=tps.label, n=n, maks=t.pemilihan.maks_pemilih_per_tps)
    return tps


def _tambah(user, t: Tanggapan, perbaikan: dict, penulis: PenulisPemilih) -> dict:
    tps = _tps_baru(t, perbaikan)
    mentah = {**t.data, **{k: v for k, v in perbaikan.items() if k in FIELDS and v not in
                           (None, "")}}
    mentah.pop("tps", None)
    if not str(mentah.get("nkk") or "").strip():
        raise ServiceError.satu("nkk", "nkk_wajib", gettext_noop(
            "Isi NKK orang ini dari Kartu Keluarganya sebelum mendaftarkannya."))
    clean, problems = clean_fields({"disabilitas": "0", "ktp_el": "S", **mentah})
    if problems:
        raise ServiceError(problems)
    problems = validate_record(clean, hari_pemungutan=t.pemilihan.hari_pemungutan,
                               kode_kecamatan=tps.kelurahan.induk.kode, hari_ini=jam.hari_ini())
    errors = [x for x in problems if x.is_error]
    if errors:
        raise ServiceError(errors)
    ada = (Pemilih.objects.filter(pemilihan_id=t.pemilihan_id, nik=clean["nik"], tms_kode="")
           .select_related("tps__kelurahan").first())
    if ada is not None:
        raise ServiceError.satu("nik", "nik_sudah_terdaftar", gettext_noop(
            "NIK ini sudah terdaftar di %(tps)s %(kelurahan)s; tolak tanggapan ini dengan "
            "keterangan itu."), jenis=Jenis.KONFLIK, tps=ada.tps.label,
            kelurahan=ada.tps.kelurahan.nama)
    p = penulis.tambah(
        Pemilih(pemilihan_id=t.pemilihan_id, kecamatan_id=tps.kelurahan.induk_id,
                kelurahan_id=tps.kelurahan_id, tps=tps, sumber="BARU", tahap="DPSHP", **clean),
        aksi=AksiAudit.DAFTAR_TANGGAPAN_PUTUS, user=user,
        sesudah=lambda p: {"tps": tps.kode, "nama": p.nama, "nik_akhir": p.nik[-4:],
                           "sumber": p.sumber},
        catatan={"tanggapan": t.kode})
    return {"pemilih_id": p.pk, "tps": tps.label}


def _ubah(user, t: Tanggapan, perbaikan: dict, penulis: PenulisPemilih) -> dict:
    p = Pemilih.objects.select_related("kecamatan").get(pk=t.pemilih_id)
    unknown = sorted(set(perbaikan) - PERBAIKAN_BOLEH)
    if unknown:
        raise ServiceError([Problem(name, "elemen_tidak_dapat_diperbaiki", gettext_noop(
            "Elemen data ini tidak dapat diperbaiki di sini."), {}) for name in unknown])
    for k in ("nama", "tempat_lahir", "alamat"):
        if _TAG.search(str(perbaikan.get(k, ""))):
            raise ServiceError.satu(k, "teks_html", gettext_noop(
                "Tulis teks biasa saja: tanda < > dan kode HTML atau skrip tidak diterima."))
    isi = {k: v for k, v in perbaikan.items() if str(v or "").strip() != ""}
    clean, problems = clean_fields(isi)
    if problems:
        raise ServiceError(problems)
    changed = {k: v for k, v in clean.items() if getattr(p, k) != v}
    if not changed:
        raise ServiceError.satu("", "perbaikan_kosong", gettext_noop(
            "Isi elemen data yang diperbaiki (nilai yang berbeda dari data sekarang)."))
    merged = {name: getattr(p, name) for name in FIELDS} | changed
    problems = validate_record(merged, hari_pemungutan=t.pemilihan.hari_pemungutan,
                               kode_kecamatan=p.kecamatan.kode, hari_ini=jam.hari_ini())
    errors = [x for x in problems if x.is_error]
    if errors:
        raise ServiceError(errors)

    def aman(d):  # NIK/NKK as their tail in the record (the log redacts them anyway)
        return {(f"{k}_akhir" if k in ("nik", "nkk") else k):
                (str(v)[-4:] if k in ("nik", "nkk") else plain(v)) for k, v in d.items()}

    sebelum = aman({k: getattr(p, k) for k in changed})
    penulis.ubah(p, changed, aksi=AksiAudit.DAFTAR_TANGGAPAN_PUTUS, user=user, sebelum=sebelum,
                 sesudah=aman(changed), catatan={"tanggapan": t.kode})
    return {"ubah": sorted(changed)}


def _tms(user, t: Tanggapan, tms_kode: str | None, keputusan: str,
         penulis: PenulisPemilih) -> dict:
    kode_tms = str(tms_kode or TMS_JENIS.get(t.jenis, ""))
    if kode_tms not in kode_aturan.TMS_HAPUS:
        raise ServiceError.satu("tms_kode", "tms_kode_tanggapan", gettext_noop(
            "Pilih kode TMS 1 sampai 7 (TMS 8 memindahkan pemilih, bukan menghapusnya)."))
    problems = validate_tms(kode_tms, dokumen=keputusan)
    if problems:
        raise ServiceError(problems)
    p = Pemilih.objects.get(pk=t.pemilih_id)
    if p.tms_kode:
        return {"tms_kode": p.tms_kode, "sudah_tms": True}
    penulis.ubah(p, {"tms_kode": kode_tms}, aksi=AksiAudit.DAFTAR_TANGGAPAN_PUTUS, user=user,
                 catatan={"tanggapan": t.kode})
    return {"tms_kode": kode_tms}


def putuskan(user, tanggapan: Tanggapan, *, terima: bool, keputusan: str,
             tms_kode: str | None = None, perbaikan: dict | None = None) -> Tanggapan:
    """The PPS decision on one response, applied to the register in the same transaction as
    its audit record. A response already decided is refused (``KONFLIK``)."""
    keputusan, problems = teks_polos(keputusan, field="keputusan", maks=MAKS_KEPUTUSAN,
                                     wajib=True, baris=True)
    if problems:
        raise ServiceError(problems)
    perbaikan = dict(perbaikan or {})
    with transaction.atomic():
        appender = Appender()
        t = (Tanggapan.objects.select_for_update().select_related("pemilihan", "kelurahan")
             .get(pk=getattr(tanggapan, "pk", tanggapan)))
        _wewenang(user, t)
        if t.status != StatusTanggapan.MENUNGGU:
            raise ServiceError.keadaan(
                _("Tanggapan %(kode)s sudah diputuskan (%(status)s).")
                % {"kode": t.kode, "status": t.get_status_display()}, jenis=Jenis.KONFLIK,
                code="tanggapan_sudah_diputuskan")
        galat = kunci.terkunci(t.pemilihan_id, t.kelurahan_id)
        if galat is not None:
            raise galat
        hasil: dict = {}
        if terima:
            penulis = PenulisPemilih(appender)
            if t.jenis in JENIS_TMS:
                hasil = _tms(user, t, tms_kode, keputusan, penulis)
            elif t.jenis == JenisTanggapan.DATA_SALAH:
                hasil = _ubah(user, t, perbaikan, penulis)
            else:
                hasil = _tambah(user, t, perbaikan, penulis)
            penulis.flush()
        t.status = StatusTanggapan.DITERIMA if terima else StatusTanggapan.DITOLAK
        t.keputusan, t.hasil = keputusan, hasil
        t.diputuskan = appender.waktu
        t.diputuskan_oleh = user if getattr(user, "pk", None) else None
        t.save(update_fields=["status", "keputusan", "hasil", "diputuskan", "diputuskan_oleh"])
        appender.add(AksiAudit.DAFTAR_TANGGAPAN_PUTUS, user=user, objek=t, sebelum={
            "status": StatusTanggapan.MENUNGGU}, sesudah={
            "kode": t.kode, "jenis": t.jenis, "status": t.status, "hasil": hasil})
        appender.flush()
    return t
