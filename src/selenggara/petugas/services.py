"""Officer accounts: the one place that creates officers and their logins, resets passwords
and deactivates accounts.

Pantarlih accounts are managed by the PPS that recruits them (one at a time or from an XLSX,
:mod:`.akun_xlsx`):

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
- The rule of one Pantarlih per TPS (two above ``Pemilihan.batas_dua_pantarlih`` voters) gives a
  warning, not a refusal: voter counts change during coklit and a replacement may overlap. The
  register lives above this app, so it installs how voters per TPS are counted
  (:func:`pasang_hitung_pemilih`, from ``pemilih.apps``).
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilihan.models import Pemilihan, Tahapan
from selenggara.rules import kode
from selenggara.rules.nik import bersihkan_nik, mask_nik_tail, validate_nik
from selenggara.rules.pemilih import masalah_nama
from selenggara.rules.problem import Problem, gettext_noop
from selenggara.rules.teks import slug
from selenggara.rules.tps import jumlah_pantarlih
from selenggara.web import jam
from selenggara.wilayah.models import TPS

from .models import Peran, Petugas
from .scope import Scope, get_scope, get_scoped_or_404, scoped

HitungPemilih = Callable[[Iterable[int], int], dict[int, int]]
"""``(tps ids, pemilihan id) -> {tps id: eligible voters}``."""
_hitung_pemilih: HitungPemilih | None = None


def pasang_hitung_pemilih(fn: HitungPemilih) -> None:
    global _hitung_pemilih
    _hitung_pemilih = fn

_HURUF_SANDI = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed on phones
_TELEPON = re.compile(r"^\+?\d{8,15}$")


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
        raise ServiceError.keadaan(_("Akun Pantarlih dikelola oleh PPS kelurahan/desa "
                                     "masing-masing."), jenis=Jenis.DITOLAK, code="bukan_pps")
    return scope


def boleh_kelola(scope: Scope) -> bool:
    return scope.peran == Peran.PPS and scope.pemilihan_id is not None


def pantarlih_qs(scope: Scope):
    """Pantarlih of the caller's area and election, with their accounts and TPS."""
    return (scoped(Petugas.objects.filter(peran=Peran.PANTARLIH), scope)
            .select_related("user", "tps", "wilayah")
            .order_by("wilayah__nama", "tps__nomor", "-aktif", "nama"))


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


def batas_dua_pantarlih(pemilihan_id: int | None) -> int:
    return (Pemilihan.objects.filter(pk=pemilihan_id)
            .values_list("batas_dua_pantarlih", flat=True).first() or 400)


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
def _p(field: str, code: str, message: str, **params) -> Problem:
    return Problem(field=field, code=code, message=message, params=params)


def bersihkan(data: dict) -> tuple[dict, list[Problem]]:
    """Check nama, nik, jenis_kelamin and telepon of one officer; (clean values, problems)."""
    clean: dict = {}
    problems: list[Problem] = []

    nama = " ".join(str(data.get("nama") or "").split())
    if not nama:
        problems.append(_p("nama", "nama_wajib", gettext_noop(
            "Nama wajib diisi, seperti pada KTP-el.")))
    elif len(nama) > 150:
        problems.append(_p("nama", "nama_panjang", gettext_noop(
            "Nama terlalu panjang (paling banyak 150 karakter).")))
    elif (salah := masalah_nama(nama)) is not None:
        problems.append(salah)
    else:
        clean["nama"] = nama

    jk = str(data.get("jenis_kelamin") or "").strip().upper()[:1]
    if jk not in kode.kode_set(kode.JENIS_KELAMIN):
        problems.append(_p("jenis_kelamin", "jk", gettext_noop(
            "Isi L (laki-laki) atau P (perempuan).")))
    else:
        clean["jenis_kelamin"] = jk

    nik_mentah = data.get("nik")
    if isinstance(nik_mentah, float | int) and not isinstance(nik_mentah, bool):
        problems.append(_p("nik", "nik_angka", gettext_noop(
            "NIK terbaca sebagai angka, sehingga digit terakhirnya bisa hilang. Format kolom NIK "
            "sebagai Teks (atau awali dengan tanda petik ') lalu ketik ulang NIK.")))
    else:
        nik = bersihkan_nik(str(nik_mentah or ""))
        if not nik:
            problems.append(_p("nik", "nik_wajib", gettext_noop(
                "NIK wajib diisi (16 digit, dari KTP-el).")))
        else:
            salah = [p for p in validate_nik(nik, jenis_kelamin=clean.get("jenis_kelamin"),
                                             reference=jam.hari_ini()) if p.is_error]
            problems += salah
            if not salah:
                clean["nik"] = nik

    tel = data.get("telepon")
    if isinstance(tel, int) and not isinstance(tel, bool):
        tel = str(tel)
        if tel.startswith("8"):  # a spreadsheet ate the leading zero of 08xx
            tel = "0" + tel
    tel = re.sub(r"[\s\-.()]", "", str(tel or ""))
    if tel and not _TELEPON.match(tel):
        problems.append(_p("telepon", "telepon", gettext_noop(
            "Nomor telepon harus 8 sampai 15 angka, mis. 081234567890.")))
    else:
        clean["telepon"] = tel
    return clean, problems


def nik_terpakai(pemilihan_id: int, niks: list[str]) -> dict[str, Petugas]:
    return {p.nik: p for p in Petugas.objects.filter(
        pemilihan_id=pemilihan_id, peran=Peran.PANTARLIH, nik__in=niks).select_related("tps")}


def masalah_nik_terpakai(p: Petugas, scope: Scope) -> Problem:
    if p.wilayah_id == scope.wilayah_id:
        status = _("aktif") if p.aktif else _("nonaktif; aktifkan kembali akun itu")
        return _p("nik", "nik_terpakai", gettext_noop(
            "NIK ini sudah terdaftar sebagai Pantarlih %(nama)s di TPS %(tps)s (%(status)s)."),
            nama=p.nama, tps=f"{p.tps.nomor:03d}" if p.tps else "-", status=status)
    return _p("nik", "nik_terpakai", gettext_noop(
        "NIK ini sudah terdaftar sebagai Pantarlih di kelurahan/desa lain."))


def pemilih_per_tps(tps_ids: Iterable[int], pemilihan_id: int) -> dict[int, int]:
    """Eligible voters per TPS, as the register counts them (empty before it is installed)."""
    return _hitung_pemilih(tps_ids, pemilihan_id) if _hitung_pemilih else {}


def peringatan_jumlah(pemilihan: Pemilihan, tps_ids: set[int]) -> list[str]:
    """Warn where a TPS has more active Pantarlih than the rule asks for (1, or 2 above the
    election's limit). One GROUP BY query per table."""
    pemilih = pemilih_per_tps(tps_ids, pemilihan.id)
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
def simpan_pantarlih(user, scope: Scope, baris: list[tuple[dict, TPS]]) -> list[AkunBaru]:
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
        terpakai = nik_terpakai(scope.pemilihan_id, [d["nik"] for d, _t in baris])
        if terpakai:
            raise ServiceError([masalah_nik_terpakai(p, scope) for p in terpakai.values()],
                               _("Data Pantarlih belum dapat disimpan: periksa isian yang "
                                 "ditandai."))
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
            appender.add(AksiAudit.PPS_PANTARLIH_BUAT, user=user, objek=petugas, sesudah={
                "nama": petugas.nama, "nik": mask_nik_tail(petugas.nik), "tps": tps.kode,
                "username": username})
            hasil.append(AkunBaru(petugas, username, pw))
        appender.flush()
    peringatan = peringatan_jumlah(pemilihan, {t.id for _d, t in baris})
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
        raise ServiceError.satu("tps", "tps_wajib", gettext_noop(
            "Pilih TPS tempat Pantarlih bertugas.")) from None
    tps = get_scoped_or_404(TPS.objects.select_related("kelurahan"), scope, pk=tps_id)
    clean, problems = bersihkan(data)
    if "nik" in clean:
        lama = nik_terpakai(scope.pemilihan_id, [clean["nik"]]).get(clean["nik"])
        if lama is not None:
            problems.append(masalah_nik_terpakai(lama, scope))
    if problems:
        raise ServiceError(problems, _("Data Pantarlih belum dapat disimpan: periksa isian yang "
                                       "ditandai."))
    return simpan_pantarlih(user, scope, [(clean, tps)])[0]


def _pantarlih(scope: Scope, petugas_id: int, *, lock: bool = False) -> Petugas:
    qs = Petugas.objects.filter(peran=Peran.PANTARLIH)
    if lock:
        qs = qs.select_for_update(of=("self",))
    return get_scoped_or_404(qs.select_related("user", "tps__kelurahan"), scope, pk=petugas_id)


def reset_sandi(user, petugas_id: int) -> AkunBaru:
    """A new one-time password (and an account, if the Pantarlih had none yet)."""
    scope = _scope_pps(user)
    petugas = _pantarlih(scope, petugas_id)
    if not petugas.aktif:
        raise ServiceError.keadaan(_("Pantarlih ini nonaktif; aktifkan kembali dulu sebelum "
                                     "membuat kata sandi baru."), code="nonaktif")
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
            aksi = AksiAudit.PPS_PANTARLIH_BUAT_AKUN
        else:
            petugas.user.password = hashed
            petugas.user.save(update_fields=["password"])
            aksi = AksiAudit.PPS_PANTARLIH_SANDI
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
        appender.add(AksiAudit.PPS_PANTARLIH_AKTIF if aktif else AksiAudit.PPS_PANTARLIH_NONAKTIF,
                     user=user, objek=petugas, sebelum={"aktif": not aktif},
                     sesudah={"aktif": aktif})
        appender.flush()
    return petugas


def ringkasan_tps(scope: Scope) -> list[dict]:
    """Per TPS of the area: voters, active Pantarlih and how many the rule asks for."""
    daftar = list(tps_kelurahan(scope))
    ids = [t.id for t in daftar]
    pemilih = pemilih_per_tps(ids, scope.pemilihan_id) if scope.pemilihan_id else {}
    aktif = dict(scoped(Petugas.objects.filter(tps_id__in=ids, peran=Peran.PANTARLIH,
                                               aktif=True), scope)
                 .values_list("tps_id").annotate(n=Count("id")).order_by())
    batas = batas_dua_pantarlih(scope.pemilihan_id)
    return [{"tps": t, "pemilih": pemilih.get(t.id, 0), "aktif": aktif.get(t.id, 0),
             "perlu": jumlah_pantarlih(pemilih.get(t.id, 0), batas)} for t in daftar]


def buat_massal(akun: list, petugas: list[Petugas]) -> None:
    """Create officers with their accounts in bulk (the demo, and the appointment of a whole
    body at once): ``akun[i]`` (an unsaved user, password already hashed) belongs to
    ``petugas[i]``. In the caller's transaction; the caller audits it as one record."""
    User = get_user_model()
    User.objects.bulk_create(akun)
    ids = dict(User.objects.filter(username__in=[u.username for u in akun])
               .values_list("username", "id"))
    for user, officer in zip(akun, petugas, strict=True):
        officer.user_id = ids[user.username]
    Petugas.objects.bulk_create(petugas)
