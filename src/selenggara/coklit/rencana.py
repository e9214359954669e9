"""The coklit plan: what share of the voters should be checked by the end of each day.

KPU Kota Kediri's 2024 plan was the default here: every voter checked by the end of week 2 of
the four-week stage (24 Jun - 24 Jul 2024), PPS evaluating in weeks 3 and 4. So without a plan
of its own an election gets a straight line from the first day of the coklit stage
(``pemilihan.Tahapan`` with kode ``coklit``) to 100% at the end of its 14th day (start + 13).

KPU may set its own plan as points ``(tanggal, persen)``: by the end of ``tanggal``,
``persen`` of the voters checked. Between points (and from 0% on the eve of the stage to the
first point) the plan is a straight line; after the last point, which must be 100, it stays
there. :func:`simpan` checks and writes a plan in one transaction with its audit record;
:func:`kembali_bawaan` goes back to the default. Nothing is half-saved: any broken rule
refuses the whole plan with a :class:`~selenggara.errors.ServiceError` naming each point.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError, masalah
from selenggara.pemilihan.models import Tahapan
from selenggara.petugas.models import Peran
from selenggara.petugas.scope import get_scope
from selenggara.rules.problem import Problem, gettext_noop

from .models import RencanaCoklit

KODE_TAHAPAN = "coklit"
HARI_BAWAAN = 14
"""The default plan reaches 100% at the end of the 14th day of the stage (end of week 2)."""
MAKS_TITIK = 31


@dataclass(frozen=True)
class Rencana:
    """The plan of one election: the stage's dates and the points (the last one at 100)."""

    mulai: date
    selesai: date
    titik: tuple[tuple[date, Decimal], ...]
    sendiri: bool
    """True when KPU set it; False for the default line."""

    @property
    def akhir(self) -> date:
        """The day the plan reaches 100%."""
        return self.titik[-1][0]

    def hari_ke(self, tanggal: date) -> int:
        """1 on the stage's first day."""
        return (tanggal - self.mulai).days + 1

    def persen(self, tanggal: date) -> float:
        """The planned share (0-100) by the end of ``tanggal``."""
        sebelum_d, sebelum_p = self.mulai - timedelta(days=1), 0.0
        if tanggal <= sebelum_d:
            return 0.0
        for d, p in self.titik:
            p = float(p)
            if tanggal <= d:
                rentang = (d - sebelum_d).days
                return round(sebelum_p + (p - sebelum_p) * (tanggal - sebelum_d).days / rentang,
                             2)
            sebelum_d, sebelum_p = d, p
        return 100.0

    def pemilih(self, tanggal: date, pemilih: int) -> int:
        """How many of ``pemilih`` voters the plan wants checked by the end of ``tanggal``."""
        return round(pemilih * self.persen(tanggal) / 100)

    def sebagai_data(self) -> list[dict]:
        return [{"tanggal": d.isoformat(), "persen": format(Decimal(p).normalize(), "f")}
                for d, p in self.titik]


def bawaan(mulai: date, selesai: date) -> Rencana:
    """Straight to 100% at the end of week 2 (or at the stage's end, if it is shorter)."""
    akhir = min(mulai + timedelta(days=HARI_BAWAAN - 1), selesai)
    return Rencana(mulai=mulai, selesai=selesai, titik=((akhir, Decimal(100)),), sendiri=False)


def tahapan_coklit(pemilihan_id: int | None) -> Tahapan | None:
    if pemilihan_id is None:
        return None
    return Tahapan.objects.filter(pemilihan_id=pemilihan_id, kode=KODE_TAHAPAN).first()


def untuk(pemilihan_id: int | None) -> Rencana | None:
    """The election's plan (its own, or the default); None without a coklit stage."""
    tahap = tahapan_coklit(pemilihan_id)
    if tahap is None:
        return None
    titik = tuple(RencanaCoklit.objects.filter(pemilihan_id=pemilihan_id).order_by("tanggal")
                  .values_list("tanggal", "persen"))
    if not titik:
        return bawaan(tahap.mulai, tahap.selesai)
    return Rencana(mulai=tahap.mulai, selesai=tahap.selesai, titik=titik, sendiri=True)


# -- checking a plan ------------------------------------------------------------------------------


def baca_persen(teks) -> Decimal | None:
    """``"57,5"`` or ``"57.5"`` or ``"57,5%"`` as a Decimal; None when it is not a number."""
    if isinstance(teks, Decimal | int | float):
        return Decimal(str(teks))
    teks = str(teks or "").strip().rstrip("%").strip().replace(",", ".")
    try:
        nilai = Decimal(teks)
    except InvalidOperation:
        return None
    return nilai if nilai.is_finite() else None


def periksa(titik: list[tuple[date, Decimal]], mulai: date, selesai: date) -> list[Problem]:
    """Every rule the points break (empty: the plan is good). Points in the given order."""
    fmt = "%d-%m-%Y"
    if not titik:
        return [masalah("titik", "rencana_kosong", gettext_noop(
            "Isi paling sedikit satu titik rencana (tanggal dan persen); titik terakhir harus "
            "100%."))]
    if len(titik) > MAKS_TITIK:
        return [masalah("titik", "rencana_terlalu_banyak", gettext_noop(
            "Paling banyak %(maks)s titik rencana."), maks=MAKS_TITIK)]
    out: list[Problem] = []
    for i, (d, p) in enumerate(titik, start=1):
        if not (mulai <= d <= selesai):
            out.append(masalah("titik", "rencana_di_luar_tahapan", gettext_noop(
                "Titik %(no)s: tanggal %(tanggal)s di luar tahapan coklit (%(mulai)s s.d. "
                "%(selesai)s)."), no=i, tanggal=d.strftime(fmt), mulai=mulai.strftime(fmt),
                selesai=selesai.strftime(fmt)))
        if not (0 < p <= 100) or p.as_tuple().exponent < -2:
            out.append(masalah("titik", "rencana_persen", gettext_noop(
                "Titik %(no)s: persen %(persen)s harus lebih dari 0 dan paling banyak 100, "
                "dengan paling banyak dua angka di belakang koma."), no=i, persen=teks_persen(p)))
    for i in range(1, len(titik)):
        (d0, p0), (d1, p1) = titik[i - 1], titik[i]
        if d1 <= d0:
            out.append(masalah("titik", "rencana_tanggal_urut", gettext_noop(
                "Titik %(no)s: tanggal %(tanggal)s harus sesudah tanggal titik sebelumnya "
                "(%(sebelum)s); tulis titik dari tanggal terawal, tiap tanggal sekali."),
                no=i + 1, tanggal=d1.strftime(fmt), sebelum=d0.strftime(fmt)))
        elif p1 <= p0:
            out.append(masalah("titik", "rencana_persen_naik", gettext_noop(
                "Titik %(no)s: persen harus naik dari titik ke titik; %(persen)s%% pada "
                "%(tanggal)s tidak lebih dari %(sebelum)s%% titik sebelumnya."),
                no=i + 1, persen=teks_persen(p1), tanggal=d1.strftime(fmt),
                sebelum=teks_persen(p0)))
    d_akhir, p_akhir = titik[-1]
    if p_akhir != 100:
        out.append(masalah("titik", "rencana_akhir_100", gettext_noop(
            "Titik terakhir harus 100%% (sekarang %(persen)s%% pada %(tanggal)s): rencana "
            "menyatakan kapan semua pemilih selesai dicoklit."),
            persen=teks_persen(p_akhir), tanggal=d_akhir.strftime(fmt)))
    return out


def teks_persen(p: Decimal) -> str:
    """``57,5``, ``100``: a percent as KPU writes it (decimal comma, no trailing zeros)."""
    teks = format(p, "f")
    if "." in teks:
        teks = teks.rstrip("0").rstrip(".")
    return teks.replace(".", ",")


# -- writing it -----------------------------------------------------------------------------------


def _kpu(user):
    """The caller's scope, if it may set the plan (KPU of the election, or a superuser that
    chose one); else a refusal."""
    scope = get_scope(user)
    if not scope.has_role(Peran.KPU):
        raise ServiceError.satu("", "rencana_bukan_kpu", gettext_noop(
            "Hanya KPU yang dapat mengubah rencana coklit."), jenis=Jenis.DITOLAK,
            pesan=_("Hanya KPU yang dapat mengubah rencana coklit."))
    if scope.pemilihan_id is None:
        raise ServiceError.keadaan(_("Pilih pemilihan dulu, lalu ubah rencananya."),
                                   jenis=Jenis.TIDAK_VALID, code="rencana_tanpa_pemilihan")
    return scope


def _tahap_atau_galat(pemilihan_id: int) -> Tahapan:
    tahap = tahapan_coklit(pemilihan_id)
    if tahap is None:
        raise ServiceError.keadaan(_(
            "Tahapan coklit (kode \"coklit\") belum ada di jadwal pemilihan ini; isi jadwalnya "
            "dulu di Admin, lalu buat rencananya."), jenis=Jenis.TIDAK_VALID,
            code="rencana_tanpa_tahapan")
    return tahap


def simpan(user, titik: list[tuple[date, Decimal]]) -> Rencana:
    """Replace the election's plan by ``titik`` (all or nothing, audited)."""
    scope = _kpu(user)
    tahap = _tahap_atau_galat(scope.pemilihan_id)
    titik = [(d, baca_persen(p) if not isinstance(p, Decimal) else p) for d, p in titik]
    if any(p is None for _d, p in titik):
        raise ServiceError.satu("titik", "rencana_persen", gettext_noop(
            "Persen harus berupa angka, misalnya 57,5."))
    masalah_ = periksa(titik, tahap.mulai, tahap.selesai)
    if masalah_:
        raise ServiceError(masalah_, _("Rencana tidak disimpan: perbaiki titik yang disebut."))
    with transaction.atomic():
        appender = Appender()
        lama = untuk(scope.pemilihan_id)
        RencanaCoklit.objects.filter(pemilihan_id=scope.pemilihan_id).delete()
        RencanaCoklit.objects.bulk_create(
            RencanaCoklit(pemilihan_id=scope.pemilihan_id, tanggal=d, persen=p) for d, p in titik)
        baru = Rencana(mulai=tahap.mulai, selesai=tahap.selesai, titik=tuple(titik),
                       sendiri=True)
        appender.add(AksiAudit.COKLIT_RENCANA, user=user, objek_tipe="pemilihan.pemilihan",
                     objek_id=scope.pemilihan_id,
                     sebelum={"titik": lama.sebagai_data(), "bawaan": not lama.sendiri},
                     sesudah={"titik": baru.sebagai_data(), "bawaan": False})
        appender.flush()
    return baru


def kembali_bawaan(user) -> Rencana:
    """Drop KPU's own plan: the default line applies again (audited)."""
    scope = _kpu(user)
    tahap = _tahap_atau_galat(scope.pemilihan_id)
    with transaction.atomic():
        appender = Appender()
        lama = untuk(scope.pemilihan_id)
        RencanaCoklit.objects.filter(pemilihan_id=scope.pemilihan_id).delete()
        baru = bawaan(tahap.mulai, tahap.selesai)
        appender.add(AksiAudit.COKLIT_RENCANA, user=user, objek_tipe="pemilihan.pemilihan",
                     objek_id=scope.pemilihan_id,
                     sebelum={"titik": lama.sebagai_data(), "bawaan": not lama.sendiri},
                     sesudah={"titik": baru.sebagai_data(), "bawaan": True})
        appender.flush()
    return baru
