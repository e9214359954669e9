"""Pantarlih accounts, managed by the PPS that recruits them (one at a time or from an XLSX).

Rules:

- Only a PPS account acts, and only for a TPS of its own kelurahan; another kelurahan's TPS or
  Pantarlih answers 404 (``get_scoped_or_404``), as everywhere else.
- A Pantarlih needs nama, a valid NIK (``rules.nik``, checked against the jenis kelamin), L/P,
  an optional telephone number and a TPS. A NIK already used by a Pantarlih of the same election
  is refused (re-activate that account instead).
- Username: ``pantarlih.<kelurahan-slug>.<tps 3 digits>.<n>`` (the demo's scheme), ``n`` the next
  free number at that TPS; numbers are never reused.
- The password is generated, shown once and never stored in plain text: the account keeps only
  its hash. Hashing (PBKDF2, slow on purpose) happens before the transaction, so the audit lock
  is held for milliseconds, not seconds.
- An XLSX upload is validated whole first; any error (listed by sheet row, column and what to
  fix) creates nothing. Otherwise all accounts are created in one transaction.
- The rule of one Pantarlih per TPS (two above ``Pemilihan.batas_dua_pantarlih`` voters) gives a
  warning, not a refusal: voter counts change during coklit and a replacement may overlap.
"""

from __future__ import annotations

import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.audit.services import Appender
from selenggara.demo.loader import slug
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan, Tahapan
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import Scope, get_scope, get_scoped_or_404, scoped
from selenggara.rules import kode
from selenggara.rules.nik import bersihkan_nik, mask_nik_tail, validate_nik
from selenggara.rules.tps import jumlah_pantarlih
from selenggara.wilayah.models import TPS

KOLOM = ("nama", "nik", "jenis_kelamin", "telepon", "nomor_tps")
LEMBAR_DATA = "Pantarlih"
LEMBAR_PETUNJUK = "Petunjuk"
MAKS_BARIS = 500
MAKS_UKURAN_BERKAS = 2 * 1024 * 1024
BARIS_TEMPLAT = 200  # rows pre-formatted as text in the template
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_HURUF_SANDI = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed on phones
_TELEPON = re.compile(r"^\+?\d{8,15}$")


# -- errors and results ---------------------------------------------------------------------------
class AkunError(Exception):
    def __init__(self, pesan: str):
        super().__init__(pesan)
        self.pesan = pesan


class DataTidakValid(AkunError):
    """Per-field problems of one Pantarlih (``galat``: field -> messages)."""

    def __init__(self, galat: dict[str, list[str]], pesan: str = ""):
        super().__init__(pesan or _("Data Pantarlih belum dapat disimpan: periksa isian yang "
                                    "ditandai."))
        self.galat = galat


@dataclass(frozen=True)
class GalatBaris:
    """One problem in an uploaded sheet: where (row, column) and what to fix."""

    baris: int
    kolom: str
    nama_kolom: str
    pesan: str

    def __str__(self) -> str:
        if not self.baris:
            return self.pesan
        if not self.kolom:
            return _("Baris %(baris)s: %(pesan)s") % {"baris": self.baris, "pesan": self.pesan}
        return _("Baris %(baris)s, kolom %(kolom)s (%(nama)s): %(pesan)s") % {
            "baris": self.baris, "kolom": self.kolom, "nama": self.nama_kolom,
            "pesan": self.pesan}


class BerkasTidakValid(AkunError):
    def __init__(self, galat: list[GalatBaris]):
        super().__init__(_("Tidak ada akun yang dibuat: perbaiki %(n)s masalah di berkas lalu "
                           "unggah lagi.") % {"n": len(galat)})
        self.galat = galat


@dataclass
class AkunBaru:
    """An account with its one-time password (never stored; shown once)."""

    petugas: Petugas
    username: str
    password: str
    peringatan: list[str] = field(default_factory=list)


# -- permission and context -----------------------------------------------------------------------
def _scope_pps(user) -> Scope:
    scope = get_scope(user)
    if scope.peran != Peran.PPS or scope.pemilihan_id is None:
        raise PermissionDenied(_("Akun Pantarlih dikelola oleh PPS kelurahan/desa masing-masing."))
    return scope


def boleh_kelola(scope: Scope) -> bool:
    return scope.peran == Peran.PPS and scope.pemilihan_id is not None


def pantarlih_qs(scope: Scope):
    """Pantarlih of the caller's area (and election), with their accounts and TPS."""
    qs = scoped(Petugas.objects.filter(peran=Peran.PANTARLIH), scope)
    if scope.pemilihan_id is not None:
        qs = qs.filter(pemilihan_id=scope.pemilihan_id)
    return qs.select_related("user", "tps", "wilayah").order_by("wilayah__nama", "tps__nomor",
                                                                "-aktif", "nama")


def tps_kelurahan(scope: Scope):
    return scoped(TPS.objects.select_related("kelurahan"), scope).order_by(
        "kelurahan__nama", "nomor")


def _masa(scope: Scope) -> tuple:
    """Term of a new Pantarlih: the election's coklit stage, else the PPS's own term."""
    coklit = Tahapan.objects.filter(pemilihan_id=scope.pemilihan_id, kode="coklit").first()
    if coklit is not None:
        return coklit.mulai, coklit.selesai
    pps = Petugas.objects.get(pk=scope.petugas_id)
    return pps.masa_mulai, pps.masa_selesai


def buat_sandi() -> str:
    """``abcd-efgh-jkmn``: 12 random characters (about 59 bits), easy to read out and type."""
    return "-".join("".join(secrets.choice(_HURUF_SANDI) for _ in range(4)) for _ in range(3))


def _awalan_username(tps: TPS) -> str:
    return f"pantarlih.{slug(tps.kelurahan.nama)}.{tps.nomor:03d}"


class _Penomor:
    """Hands out ``<awalan>.<n>`` usernames: above every number ever used at that TPS (also by
    inactive accounts), one query per TPS prefix."""

    def __init__(self):
        self.terpakai: dict[str, set[int]] = {}

    def berikut(self, awalan: str) -> str:
        if awalan not in self.terpakai:
            pola = re.compile(re.escape(awalan) + r"\.(\d+)$")
            nama = get_user_model().objects.filter(username__startswith=awalan + ".")
            self.terpakai[awalan] = {int(m.group(1)) for u in nama.values_list("username",
                                                                                flat=True)
                                     if (m := pola.match(u))}
        n = max(self.terpakai[awalan], default=0) + 1
        self.terpakai[awalan].add(n)
        return f"{awalan}.{n}"


# -- validation -----------------------------------------------------------------------------------
def bersihkan(data: dict) -> tuple[dict, dict[str, list[str]]]:
    """Check nama, nik, jenis_kelamin and telepon of one Pantarlih; (clean values, errors)."""
    clean: dict = {}
    galat: dict[str, list[str]] = {}

    def salah(name: str, pesan: str) -> None:
        galat.setdefault(name, []).append(pesan)

    nama = " ".join(str(data.get("nama") or "").split())
    if not nama:
        salah("nama", _("Nama wajib diisi, seperti pada KTP-el."))
    elif len(nama) > 150:
        salah("nama", _("Nama terlalu panjang (paling banyak 150 karakter)."))
    elif any(c.isdigit() for c in nama):
        salah("nama", _("Nama tidak boleh berisi angka."))
    else:
        clean["nama"] = nama

    jk = str(data.get("jenis_kelamin") or "").strip().upper()[:1]
    if jk not in kode.kode_set(kode.JENIS_KELAMIN):
        salah("jenis_kelamin", _("Isi L (laki-laki) atau P (perempuan)."))
    else:
        clean["jenis_kelamin"] = jk

    nik_mentah = data.get("nik")
    if isinstance(nik_mentah, float | int) and not isinstance(nik_mentah, bool):
        salah("nik", _("NIK terbaca sebagai angka, sehingga digit terakhirnya bisa hilang. "
                       "Format kolom NIK sebagai Teks (atau awali dengan tanda petik ') lalu "
                       "ketik ulang NIK."))
    else:
        nik = bersihkan_nik(str(nik_mentah or ""))
        if not nik:
            salah("nik", _("NIK wajib diisi (16 digit, dari KTP-el)."))
        else:
            problems = [p for p in validate_nik(nik, jenis_kelamin=clean.get("jenis_kelamin"))
                        if p.is_error]
            for p in problems:
                salah(p.field, _(p.message) % p.params)
            if not problems:
                clean["nik"] = nik

    tel = data.get("telepon")
    if isinstance(tel, int) and not isinstance(tel, bool):
        tel = str(tel)
        if tel.startswith("8"):  # a spreadsheet ate the leading zero of 08xx
            tel = "0" + tel
    tel = re.sub(r"[\s\-.()]", "", str(tel or ""))
    if tel and not _TELEPON.match(tel):
        salah("telepon", _("Nomor telepon harus 8 sampai 15 angka, mis. 081234567890."))
    else:
        clean["telepon"] = tel
    return clean, galat


def _nik_terpakai(pemilihan_id: int, niks: list[str]) -> dict[str, Petugas]:
    return {p.nik: p for p in Petugas.objects.filter(
        pemilihan_id=pemilihan_id, peran=Peran.PANTARLIH, nik__in=niks).select_related("tps")}


def _pesan_nik_terpakai(p: Petugas, scope: Scope) -> str:
    if p.wilayah_id == scope.wilayah_id:
        status = _("aktif") if p.aktif else _("nonaktif; aktifkan kembali akun itu")
        return _("NIK ini sudah terdaftar sebagai Pantarlih %(nama)s di TPS %(tps)s "
                 "(%(status)s).") % {
            "nama": p.nama, "tps": f"{p.tps.nomor:03d}" if p.tps else "-", "status": status}
    return _("NIK ini sudah terdaftar sebagai Pantarlih di kelurahan/desa lain.")


def _peringatan_jumlah(pemilihan: Pemilihan, tps_ids: set[int]) -> list[str]:
    """Warn where a TPS has more active Pantarlih than the rule asks for (1, or 2 above the
    election's limit). One GROUP BY query per table."""
    pemilih = dict(Pemilih.objects.filter(tps_id__in=tps_ids, pemilihan=pemilihan, tms_kode="")
                   .values_list("tps_id").annotate(n=Count("id")).order_by())
    aktif = dict(Petugas.objects.filter(tps_id__in=tps_ids, peran=Peran.PANTARLIH, aktif=True,
                                        pemilihan=pemilihan)
                 .values_list("tps_id").annotate(n=Count("id")).order_by())
    out = []
    for tps in TPS.objects.filter(pk__in=tps_ids).order_by("nomor"):
        perlu = jumlah_pantarlih(pemilih.get(tps.id, 0), pemilihan.batas_dua_pantarlih)
        if aktif.get(tps.id, 0) > perlu:
            out.append(_("TPS %(tps)s kini punya %(ada)s Pantarlih aktif, padahal dengan "
                         "%(pemilih)s pemilih cukup %(perlu)s. Nonaktifkan Pantarlih yang "
                         "digantikan.") % {"tps": f"{tps.nomor:03d}", "ada": aktif[tps.id],
                                           "pemilih": pemilih.get(tps.id, 0), "perlu": perlu})
    return out


# -- creating -------------------------------------------------------------------------------------
def _simpan(user, scope: Scope, baris: list[tuple[dict, TPS]]) -> list[AkunBaru]:
    """Create accounts for validated rows, all in one transaction (audit head locked first)."""
    sandi = [buat_sandi() for _ in baris]
    hashes = [make_password(s) for s in sandi]  # slow on purpose: before taking the lock
    pemilihan = Pemilihan.objects.get(pk=scope.pemilihan_id)
    mulai, selesai = _masa(scope)
    User = get_user_model()
    hasil: list[AkunBaru] = []
    with transaction.atomic():
        appender = Appender()
        # Checked again under the lock: another PPS member may have added the same NIK.
        terpakai = _nik_terpakai(scope.pemilihan_id, [d["nik"] for d, _t in baris])
        if terpakai:
            raise DataTidakValid({"nik": [_pesan_nik_terpakai(p, scope)
                                          for p in terpakai.values()]})
        penomor = _Penomor()
        for (data, tps), pw, hashed in zip(baris, sandi, hashes, strict=True):
            username = penomor.berikut(_awalan_username(tps))
            akun = User.objects.create(username=username, password=hashed,
                                       first_name=data["nama"][:150])
            petugas = Petugas.objects.create(
                pemilihan=pemilihan, user=akun, peran=Peran.PANTARLIH, jabatan="ANGGOTA",
                wilayah=tps.kelurahan, tps=tps, nama=data["nama"], nik=data["nik"],
                jenis_kelamin=data["jenis_kelamin"], telepon=data.get("telepon", ""),
                masa_mulai=mulai, masa_selesai=selesai)
            appender.add("pps.pantarlih_buat", user=user, objek=petugas, sesudah={
                "nama": petugas.nama, "nik": mask_nik_tail(petugas.nik), "tps": tps.kode,
                "username": username})
            hasil.append(AkunBaru(petugas, username, pw))
        appender.flush()
    peringatan = _peringatan_jumlah(pemilihan, {t.id for _d, t in baris})
    if hasil:
        hasil[0].peringatan = peringatan
    return hasil


def buat_pantarlih(user, data: dict) -> AkunBaru:
    """One Pantarlih with an account. ``data``: nama, nik, jenis_kelamin, telepon, tps (id).

    A TPS outside the PPS's kelurahan is a 404, like any other object outside its area."""
    scope = _scope_pps(user)
    try:
        tps_id = int(data.get("tps"))
    except (TypeError, ValueError):
        raise DataTidakValid({"tps": [_("Pilih TPS tempat Pantarlih bertugas.")]}) from None
    tps = get_scoped_or_404(TPS.objects.select_related("kelurahan"), scope, pk=tps_id)
    clean, galat = bersihkan(data)
    if "nik" in clean:
        lama = _nik_terpakai(scope.pemilihan_id, [clean["nik"]]).get(clean["nik"])
        if lama is not None:
            galat.setdefault("nik", []).append(_pesan_nik_terpakai(lama, scope))
    if galat:
        raise DataTidakValid(galat)
    return _simpan(user, scope, [(clean, tps)])[0]


def _pantarlih(scope: Scope, petugas_id: int, *, lock: bool = False) -> Petugas:
    qs = Petugas.objects.filter(peran=Peran.PANTARLIH, pemilihan_id=scope.pemilihan_id)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return get_scoped_or_404(qs.select_related("user", "tps__kelurahan"), scope, pk=petugas_id)


def reset_sandi(user, petugas_id: int) -> AkunBaru:
    """A new one-time password (and an account, if the Pantarlih had none yet)."""
    scope = _scope_pps(user)
    petugas = _pantarlih(scope, petugas_id)
    if not petugas.aktif:
        raise AkunError(_("Pantarlih ini nonaktif; aktifkan kembali dulu sebelum membuat kata "
                          "sandi baru."))
    pw = buat_sandi()
    hashed = make_password(pw)
    User = get_user_model()
    with transaction.atomic():
        appender = Appender()
        petugas = _pantarlih(scope, petugas_id, lock=True)
        if petugas.user_id is None:
            username = _Penomor().berikut(_awalan_username(petugas.tps))
            petugas.user = User.objects.create(username=username, password=hashed,
                                               first_name=petugas.nama[:150])
            petugas.save(update_fields=["user"])
            aksi = "pps.pantarlih_buat_akun"
        else:
            petugas.user.password = hashed
            petugas.user.save(update_fields=["password"])
            aksi = "pps.pantarlih_sandi"
        appender.add(aksi, user=user, objek=petugas,
                     sesudah={"username": petugas.user.get_username()})
        appender.flush()
    return AkunBaru(petugas, petugas.user.get_username(), pw)


def atur_aktif(user, petugas_id: int, aktif: bool) -> Petugas:
    """Deactivate (or re-activate) a Pantarlih and its login. An inactive account cannot log in
    and its open sessions stop working at the next request."""
    scope = _scope_pps(user)
    with transaction.atomic():
        appender = Appender()
        petugas = _pantarlih(scope, petugas_id, lock=True)
        if petugas.aktif == aktif:
            return petugas
        petugas.aktif = aktif
        petugas.save(update_fields=["aktif"])
        if petugas.user_id is not None:
            petugas.user.is_active = aktif
            petugas.user.save(update_fields=["is_active"])
        appender.add("pps.pantarlih_aktif" if aktif else "pps.pantarlih_nonaktif", user=user,
                     objek=petugas, sebelum={"aktif": not aktif}, sesudah={"aktif": aktif})
        appender.flush()
    return petugas


# -- XLSX -----------------------------------------------------------------------------------------
def _xlsx_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def templat_xlsx(scope: Scope) -> bytes:
    """The upload template: a data sheet with the five columns (NIK and telephone formatted as
    text, drop-down lists for L/P and the kelurahan's TPS numbers) and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    daftar_tps = list(tps_kelurahan(scope))
    wb = Workbook()
    ws = wb.active
    ws.title = LEMBAR_DATA
    tebal = Font(bold=True)
    isi = PatternFill("solid", fgColor="EEF0F3")
    ws.append(list(KOLOM))
    for cell in ws[1]:
        cell.font, cell.fill = tebal, isi
    for huruf, lebar in zip("ABCDE", (32, 20, 14, 16, 11), strict=True):
        ws.column_dimensions[huruf].width = lebar
    for r in range(2, BARIS_TEMPLAT + 2):
        for huruf in "BDE":  # nik, telepon, nomor_tps as text: no 3.57E+15, no lost zeros
            ws[f"{huruf}{r}"].number_format = "@"
    ws.freeze_panes = "A2"
    jk = DataValidation(type="list", formula1='"L,P"', allow_blank=True,
                        error=_("Isi L atau P."), errorTitle=_("Jenis kelamin"))
    jk.add(f"C2:C{BARIS_TEMPLAT + 1}")
    ws.add_data_validation(jk)
    if daftar_tps:
        nomor = ",".join(f"{t.nomor:03d}" for t in daftar_tps)
        if len(nomor) < 250:  # Excel's limit for an inline list
            dv = DataValidation(type="list", formula1=f'"{nomor}"', allow_blank=True,
                                error=_("Pilih nomor TPS kelurahan/desa Anda."),
                                errorTitle=_("Nomor TPS"))
            dv.add(f"E2:E{BARIS_TEMPLAT + 1}")
            ws.add_data_validation(dv)

    info = wb.create_sheet(LEMBAR_PETUNJUK)
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 90
    kelurahan = {t.kelurahan.nama for t in daftar_tps}
    baris = [
        (_("Templat akun Pantarlih"), ", ".join(sorted(kelurahan))),
        ("", ""),
        (_("Cara mengisi"), _("Isi satu Pantarlih per baris pada lembar '%(lembar)s', mulai "
                              "baris 2. Jangan mengubah judul kolom di baris 1.")
         % {"lembar": LEMBAR_DATA}),
        ("nama", _("Nama lengkap sesuai KTP-el. Wajib.")),
        ("nik", _("16 digit NIK dari KTP-el. Kolom ini berformat Teks; bila menempel dari "
                  "berkas lain, tempel sebagai nilai (Paste Values) agar tidak berubah menjadi "
                  "3,57E+15. Wajib.")),
        ("jenis_kelamin", _("L (laki-laki) atau P (perempuan); harus cocok dengan NIK. Wajib.")),
        ("telepon", _("Nomor HP aktif, mis. 081234567890. Boleh kosong.")),
        ("nomor_tps", _("Nomor TPS tempat bertugas, mis. 001 (lihat daftar di bawah). Wajib.")),
        ("", ""),
        (_("Setelah diunggah"), _("Semua baris diperiksa dulu. Bila ada satu saja yang salah, "
                                  "tidak ada akun yang dibuat dan Selenggara menunjukkan baris, "
                                  "kolom dan cara memperbaikinya. Bila semua benar, nama "
                                  "pengguna dan kata sandi setiap Pantarlih ditampilkan SEKALI; "
                                  "unduh atau catat saat itu juga.")),
        (_("Aturan"), _("1 Pantarlih per TPS; 2 Pantarlih bila TPS memiliki lebih dari "
                        "%(batas)s pemilih.") % {"batas": _batas(scope)}),
        ("", ""),
        (_("Nomor TPS"), _("Lokasi")),
    ]
    for a, b in baris:
        info.append([a, b])
    info["A1"].font = Font(bold=True, size=14)
    info.cell(row=len(baris), column=1).font = tebal
    info.cell(row=len(baris), column=2).font = tebal
    for t in daftar_tps:
        info.append([f"{t.nomor:03d}", " · ".join(x for x in (t.nama, t.alamat) if x)])
    for row in info.iter_rows(min_row=1, max_col=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[0].alignment = Alignment(vertical="top")
    wb.active = 0
    return _xlsx_bytes(wb)


def _batas(scope: Scope) -> int:
    return (Pemilihan.objects.filter(pk=scope.pemilihan_id)
            .values_list("batas_dua_pantarlih", flat=True).first() or 400)


def _baca(berkas) -> tuple[list[tuple[int, dict]], dict[str, int]]:
    """Rows of the data sheet as ``(sheet row number, values)``; structural problems raise."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = berkas.read(MAKS_UKURAN_BERKAS + 1) if hasattr(berkas, "read") else bytes(berkas)
    if len(data) > MAKS_UKURAN_BERKAS:
        raise BerkasTidakValid([GalatBaris(0, "", "", _(
            "Berkas lebih dari 2 MB; gunakan templat dari Selenggara tanpa gambar atau lembar "
            "tambahan."))])
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise BerkasTidakValid([GalatBaris(0, "", "", _(
            "Berkas tidak terbaca sebagai XLSX. Unduh templat, isi, simpan sebagai Excel "
            "Workbook (.xlsx), lalu unggah lagi."))]) from None
    try:
        ws = wb[LEMBAR_DATA] if LEMBAR_DATA in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        kolom = {}
        for i, v in enumerate(header):
            nama = str(v or "").strip().lower().replace(" ", "_")
            if nama in KOLOM and nama not in kolom:
                kolom[nama] = i
        kurang = [k for k in KOLOM if k not in kolom]
        if kurang:
            raise BerkasTidakValid([GalatBaris(1, "", "", _(
                "Judul kolom %(kolom)s tidak ada di baris 1 lembar '%(lembar)s'. Gunakan templat "
                "dari Selenggara dan jangan mengubah judul kolomnya.")
                % {"kolom": ", ".join(kurang), "lembar": ws.title})])
        out = []
        for nomor, row in enumerate(rows, start=2):
            values = {k: (row[i] if i < len(row) else None) for k, i in kolom.items()}
            if all(v is None or str(v).strip() == "" for v in values.values()):
                continue
            out.append((nomor, values))
            if len(out) > MAKS_BARIS:
                raise BerkasTidakValid([GalatBaris(nomor, "", "", _(
                    "Terlalu banyak baris (paling banyak %(maks)s Pantarlih per unggahan).")
                    % {"maks": MAKS_BARIS})])
    finally:
        wb.close()
    if not out:
        raise BerkasTidakValid([GalatBaris(0, "", "", _(
            "Lembar '%(lembar)s' belum berisi data Pantarlih (mulai baris 2).")
            % {"lembar": LEMBAR_DATA})])
    return out, kolom


def periksa_xlsx(scope: Scope, berkas) -> list[tuple[dict, TPS]]:
    """Validate every row of an upload; all problems at once, or the clean rows with their TPS."""
    from openpyxl.utils import get_column_letter

    baris, kolom = _baca(berkas)
    tps_by_nomor = {t.nomor: t for t in tps_kelurahan(scope)}
    nama_kelurahan = ", ".join(sorted({t.kelurahan.nama for t in tps_by_nomor.values()}))
    galat: list[GalatBaris] = []
    hasil: list[tuple[dict, TPS]] = []
    nik_baris: dict[str, int] = {}

    def letak(name: str) -> tuple[str, str]:
        name = name if name in kolom else "nik"
        return get_column_letter(kolom[name] + 1), name

    for nomor, values in baris:
        clean, salah = bersihkan(values)
        mentah = values.get("nomor_tps")
        tps = None
        try:
            nomor_tps = int(str(mentah).strip()) if mentah not in (None, "") else None
        except ValueError:
            nomor_tps = None
        if nomor_tps is None:
            salah.setdefault("nomor_tps", []).append(_("Isi nomor TPS, mis. 001."))
        else:
            tps = tps_by_nomor.get(nomor_tps)
            if tps is None:
                salah.setdefault("nomor_tps", []).append(_(
                    "TPS %(nomor)s tidak ada di %(kelurahan)s; lihat daftar TPS di lembar "
                    "Petunjuk.") % {"nomor": f"{nomor_tps:03d}", "kelurahan": nama_kelurahan})
        nik = clean.get("nik")
        if nik:
            if nik in nik_baris:
                salah.setdefault("nik", []).append(_("NIK sama dengan baris %(b)s.")
                                                   % {"b": nik_baris[nik]})
            else:
                nik_baris[nik] = nomor
        for name, pesan_list in salah.items():
            huruf, name = letak(name)
            galat.extend(GalatBaris(nomor, huruf, name, p) for p in pesan_list)
        if not salah and tps is not None:
            hasil.append((clean, tps))
    if nik_baris:
        for nik, p in _nik_terpakai(scope.pemilihan_id, list(nik_baris)).items():
            huruf, name = letak("nik")
            galat.append(GalatBaris(nik_baris[nik], huruf, name, _pesan_nik_terpakai(p, scope)))
    if galat:
        raise BerkasTidakValid(sorted(galat, key=lambda g: (g.baris, g.kolom)))
    return hasil


def impor_xlsx(user, berkas) -> list[AkunBaru]:
    """Create every Pantarlih of an uploaded template, or none (all problems listed)."""
    scope = _scope_pps(user)
    baris = periksa_xlsx(scope, berkas)
    return _simpan(user, scope, baris)


def xlsx_akun(akun: list[AkunBaru]) -> bytes:
    """The one-time list of new usernames and passwords, made in memory for one download."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Akun Pantarlih")
    ws.append([_("Nama"), _("TPS"), _("Nama pengguna"), _("Kata sandi")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for a in akun:
        t = a.petugas.tps
        ws.append([a.petugas.nama, f"TPS {t.nomor:03d} {t.kelurahan.nama}", a.username,
                   a.password])
    ws.append([])
    ws.append([_("Berikan kata sandi kepada masing-masing Pantarlih secara pribadi, lalu hapus "
                 "berkas ini. Selenggara tidak menyimpan kata sandi dan tidak dapat "
                 "menampilkannya lagi; bila hilang, buat kata sandi baru.")])
    ws.append([_("Dibuat %(waktu)s") % {"waktu": timezone.localtime().strftime("%d-%m-%Y %H:%M")}])
    for huruf, lebar in zip("ABCD", (32, 28, 34, 18), strict=True):
        ws.column_dimensions[huruf].width = lebar
    return _xlsx_bytes(wb)


def ringkasan_tps(scope: Scope) -> list[dict]:
    """Per TPS of the area: voters, active Pantarlih and how many the rule asks for."""
    daftar = list(tps_kelurahan(scope))
    ids = [t.id for t in daftar]
    pemilih = dict(Pemilih.objects.filter(tps_id__in=ids, tms_kode="").values_list("tps_id")
                   .annotate(n=Count("id")).order_by())
    aktif = dict(Petugas.objects.filter(tps_id__in=ids, peran=Peran.PANTARLIH)
                 .values_list("tps_id").annotate(n=Count("id", filter=Q(aktif=True))).order_by())
    batas = _batas(scope) if scope.pemilihan_id else 400
    return [{"tps": t, "pemilih": pemilih.get(t.id, 0), "aktif": aktif.get(t.id, 0),
             "perlu": jumlah_pantarlih(pemilih.get(t.id, 0), batas)} for t in daftar]

