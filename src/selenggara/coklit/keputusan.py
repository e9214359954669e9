"""PPS decisions on coklit: approve, correct, return, settle a conflict.

Every applied TMS, Ubah and Baru, and every conflict, waits as a :class:`Perubahan` with
``tinjauan = MENUNGGU``. A PPS member decides each one with a service function here:

- :func:`setujui` approves (the voter is not touched); :func:`setujui_banyak` approves a
  selection at once (all or nothing, one audit record per change).
- :func:`koreksi` writes PPS's own values for the voter's data elements (validated with
  ``rules.pemilih`` like a Pantarlih's Ubah).
- :func:`kembalikan` returns the change to the Pantarlih with a note: its effect on the voter is
  undone (values restored, a TMS 8 move reversed), the voter's coklit goes back to "belum" and
  carries the note, so the field app shows it again at its next download.
- :func:`putus_konflik` settles a conflict: ``terapkan`` applies the Pantarlih's version on top
  of the current record (re-validated by the sync's own rules), ``pertahankan`` keeps the
  server's record.

Each runs in one transaction that first locks the audit chain's head (``Appender``), so it queues
behind phones syncing and other PPS members; then it locks the change row and checks that it is
still waiting. Two PPS members clicking at once: the second gets a :class:`ServiceError` of kind
``KONFLIK`` and nothing is applied twice. The voter changes through the voter-write protocol
(``pemilih.services``), like a sync, so the field app downloads it.

Who may decide: PPS of the kelurahan (and a superuser without an officer record). KPU and PPK
see the queue of their area read-only; a decision needs the body that evaluates coklit
(DOMAIN.md: "PPS evaluates in weeks 3-4").
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import PenulisPemilih, plain
from selenggara.petugas.models import Peran
from selenggara.petugas.scope import Scope, get_scope, get_scoped_or_404, scoped, unscoped
from selenggara.rules.pemilih import FIELDS, clean_fields, validate_record
from selenggara.rules.problem import Problem, gettext_noop
from selenggara.web import jam
from selenggara.wilayah.models import TPS

from . import sync
from .antrean import label_elemen
from .models import Aksi, Perubahan, Status, Tinjauan
from .rekap import PenghitungCoklit

PERAN_PENINJAU = (Peran.PPS,)
"""Roles that may decide review items (plus a superuser without an officer record)."""
PERAN_PEMANTAU = (Peran.KPU, Peran.PPK, Peran.PPS)
"""Roles that may see progress and the queue of their area."""
MAKS_CATATAN = 300  # Pemilih.catatan_pps
TERAPKAN, PERTAHANKAN = "terapkan", "pertahankan"


@dataclass
class Hasil:
    perubahan: Perubahan
    pesan: str
    peringatan: list[str] = field(default_factory=list)


# -- permissions ----------------------------------------------------------------------------------
def boleh_meninjau(scope: Scope) -> bool:
    return scope.has_role(*PERAN_PENINJAU)


def boleh_memantau(scope: Scope) -> bool:
    return scope.has_role(*PERAN_PEMANTAU)


def _peninjau(user) -> Scope:
    scope = get_scope(user)
    if not boleh_meninjau(scope):
        raise ServiceError.keadaan(_(
            "Hanya PPS yang dapat memutuskan hasil coklit; KPU dan PPK dapat melihat antrean "
            "tinjauan tanpa mengubahnya."), jenis=Jenis.DITOLAK, code="bukan_pps")
    return scope


def _tidak_valid(galat_field: str, code: str, message: str, /, **params) -> ServiceError:
    return ServiceError.satu(galat_field, code, message, **params)


# -- helpers --------------------------------------------------------------------------------------
def _teks_nilai(value) -> str:
    """A value as compared for "did the user change it": spacing and case ignored."""
    return " ".join(str(plain(value) if value is not None else "").split()).upper()


def _kunci(user, perubahan_id: int) -> tuple[Scope, Appender, Perubahan]:
    """Inside an atomic block: lock the audit head FIRST, then the change row (404 outside the
    caller's area), and check that it still waits for review."""
    scope = _peninjau(user)
    appender = Appender()
    row = get_scoped_or_404(Perubahan.objects.select_for_update(of=("self",)), scope,
                            pk=perubahan_id)
    if row.tinjauan != Tinjauan.MENUNGGU:
        oleh = row.ditinjau_oleh.get_username() if row.ditinjau_oleh_id else _("petugas lain")
        pada = (timezone.localtime(row.ditinjau_pada).strftime("%d-%m-%Y %H:%M")
                if row.ditinjau_pada else "-")
        raise ServiceError.keadaan(_(
            "Perubahan ini sudah diputuskan oleh %(oleh)s pada %(pada)s (%(status)s). Tidak ada "
            "yang diubah; muat ulang antrean untuk melihat keadaan terbaru.")
            % {"oleh": oleh, "pada": pada, "status": row.get_tinjauan_display()},
            code="sudah_diputuskan")
    return scope, appender, row


def _pemilih(row: Perubahan) -> Pemilih:
    if row.pemilih_id is None:
        raise ServiceError.keadaan(_("Perubahan ini tidak terhubung dengan data pemilih."),
                                   jenis=Jenis.TIDAK_VALID, code="tanpa_pemilih")
    # The change row passed the scope check; its voter is read (and locked) through it.
    return (unscoped(Pemilih.objects, "the voter of a change already fetched in scope")
            .select_for_update(of=("self",)).select_related("pemilihan", "kecamatan")
            .get(pk=row.pemilih_id))


def _tutup(row: Perubahan, user, tinjauan: str, now: datetime, catatan: str = "",
           hasil_pps: dict | None = None) -> None:
    row.tinjauan = tinjauan
    row.catatan_pps = catatan
    row.ditinjau_oleh = user if getattr(user, "is_authenticated", False) else None
    row.ditinjau_pada = now
    update = ["tinjauan", "catatan_pps", "ditinjau_oleh", "ditinjau_pada"]
    if hasil_pps is not None:
        row.hasil = {**(row.hasil or {}), "pps": hasil_pps}
        update.append("hasil")
    row.save(update_fields=update)
    # The counters, in the same transaction: one item off the backlog, one decision more.
    hitung = PenghitungCoklit()
    kolom = {Tinjauan.DISETUJUI: "disetujui", Tinjauan.DIKOREKSI: "dikoreksi",
             Tinjauan.DIKEMBALIKAN: "dikembalikan", Tinjauan.DITOLAK: "dipertahankan"}[tinjauan]
    hitung.tambah(row.petugas.pemilihan_id, row.tps_id, menunggu=-1, **{kolom: 1})
    if tinjauan == Tinjauan.DIKEMBALIKAN:
        hitung.aktif(row.petugas_id, row.tps_id, None, dikembalikan=1)
    hitung.flush()


def _harus_diterapkan(row: Perubahan) -> None:
    if row.status != Status.APPLIED or row.aksi not in sync.PERLU_TINJAUAN:
        raise ServiceError.keadaan(_(
            "Hanya perubahan TMS, Ubah atau Baru yang sudah diterapkan yang dapat diputuskan "
            "dengan cara ini; konflik diputuskan dengan Terapkan atau Pertahankan."),
            jenis=Jenis.TIDAK_VALID, code="bukan_perubahan_diterapkan")


# -- decisions ------------------------------------------------------------------------------------
def setujui(user, perubahan_id: int) -> Hasil:
    """Approve an applied change as it is."""
    with transaction.atomic():
        _scope, appender, row = _kunci(user, perubahan_id)
        _harus_diterapkan(row)
        now = jam.sekarang()
        _tutup(row, user, Tinjauan.DISETUJUI, now)
        appender.add(AksiAudit.PPS_SETUJUI, user=user, objek=row,
                     sesudah={"perubahan": str(row.client_id), "pemilih": row.pemilih_id,
                              "aksi": row.aksi, "tinjauan": Tinjauan.DISETUJUI})
        appender.flush()
    return Hasil(row, _("Disetujui."))


def koreksi(user, perubahan_id: int, data: dict) -> Hasil:
    """PPS writes its own values for the voter's data elements (any of ``rules.pemilih.FIELDS``).

    ``data`` holds raw form values; they are cleaned and the merged record re-validated (NIK
    against birth date and sex, eligibility on polling day). Errors are per field; warnings
    (e.g. a NIK issued in another kecamatan) are returned with the result.
    """
    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ServiceError([Problem(name, "elemen_tidak_dapat_dikoreksi", gettext_noop(
            "Elemen data ini tidak dapat dikoreksi di sini."), {}) for name in unknown])
    with transaction.atomic():
        _scope, appender, row = _kunci(user, perubahan_id)
        _harus_diterapkan(row)
        p = _pemilih(row)
        # Only what the PPS member actually changed: a form re-sends every field, and an
        # untouched "Kediri" must not count as a change to "KEDIRI".
        sekarang = {k: _teks_nilai(getattr(p, k)) for k in FIELDS}
        data = {k: v for k, v in data.items() if _teks_nilai(v) != sekarang[k]}
        clean, problems = clean_fields(data)
        if problems:
            raise ServiceError(problems)
        now = jam.sekarang()
        merged = {name: getattr(p, name) for name in FIELDS} | clean
        problems = validate_record(merged, hari_pemungutan=p.pemilihan.hari_pemungutan,
                                   kode_kecamatan=p.kecamatan.kode,
                                   hari_ini=jam.hari_ini())
        errors = [x for x in problems if x.is_error]
        if errors:
            raise ServiceError(errors)
        changed = {k: v for k, v in clean.items() if getattr(p, k) != v}
        if not changed:
            raise ServiceError([], _("Tidak ada nilai yang berbeda dari data sekarang. Pilih "
                                     "Setujui bila data sudah benar."))
        peringatan = sync.texts([x for x in problems if not x.is_error])
        if "nik" in changed:
            peringatan += sync.nik_terdaftar_warning(changed["nik"], p.pemilihan_id,
                                                     kecuali=p.pk)
        sebelum = {k: plain(getattr(p, k)) for k in changed}
        sesudah = {k: plain(v) for k, v in changed.items()}
        penulis = PenulisPemilih(appender, now=now)
        penulis.ubah(p, {**changed, "catatan_pps": ""}, aksi=AksiAudit.PPS_KOREKSI, user=user,
                     sebelum=sebelum, sesudah=sesudah, catatan={"perubahan": str(row.client_id)})
        penulis.flush()
        _tutup(row, user, Tinjauan.DIKOREKSI, now,
               hasil_pps={"sebelum": sebelum, "sesudah": sesudah, "versi": p.versi})
        appender.flush()
    return Hasil(row, _("Koreksi PPS tersimpan."), peringatan)


def kembalikan(user, perubahan_id: int, catatan: str) -> Hasil:
    """Return an applied change to the Pantarlih with a note, undoing its effect on the voter.

    - Ubah / TMS: each field the change set is restored to its ``sebelum`` value, but only while
      it still holds the change's value (a later change to that field is never overwritten; the
      fields left alone are named in the result).
    - TMS 8 (salah TPS): the voter moves back to the Pantarlih's TPS, and a ``PindahTPS``
      tombstone the other way makes the other TPS's field app drop it again.
    - Baru: the new voter stays on the list, coklit back to "belum"; the Pantarlih re-checks it.

    Always: voter coklit = "" (belum), ``catatan_pps`` = the note, versi+1, rev = audit seq.
    """
    catatan = " ".join((catatan or "").split())
    if not catatan:
        raise _tidak_valid("catatan", "catatan_wajib", gettext_noop(
            "Tulis catatan untuk Pantarlih: apa yang harus diperiksa ulang."))
    if len(catatan) > MAKS_CATATAN:
        raise _tidak_valid("catatan", "catatan_panjang", gettext_noop(
            "Catatan terlalu panjang (%(n)s karakter, paling banyak %(maks)s)."),
            n=len(catatan), maks=MAKS_CATATAN)
    with transaction.atomic():
        _scope, appender, row = _kunci(user, perubahan_id)
        _harus_diterapkan(row)
        p = _pemilih(row)
        now = jam.sekarang()
        changed: dict = {}
        dibiarkan: list[str] = []
        if row.aksi != Aksi.BARU:
            sebelum_row, sesudah_row = row.sebelum or {}, row.sesudah or {}
            for name, nilai in sesudah_row.items():
                if name in ("coklit", "perubahan") or name not in sebelum_row:
                    continue
                if plain(getattr(p, name)) != nilai:
                    dibiarkan.append(name)
                    continue
                lama = sebelum_row[name]
                if name == "tanggal_lahir" and lama:
                    lama = date.fromisoformat(lama)
                changed[name] = lama
            if "tps_id" in changed:
                pindah_ke = changed["tps_id"]
                if pindah_ke != row.tps_id or not unscoped(
                        TPS.objects, "the TPS a returned TMS 8 goes back to").filter(
                        pk=pindah_ke, kelurahan_id=p.kelurahan_id).exists():
                    raise ServiceError.keadaan(_(
                        "TPS asal pemilih ini tidak lagi di kelurahan/desa yang sama; hubungi "
                        "operator KPU."), code="tps_asal_pindah")
        sebelum = {k: plain(getattr(p, k)) for k in changed}
        sebelum.update(coklit=p.coklit, catatan_pps=p.catatan_pps)
        sesudah = {k: plain(v) for k, v in changed.items()}
        sesudah.update(coklit="", catatan_pps=catatan)
        penulis = PenulisPemilih(appender, now=now)
        penulis.ubah(p, {**changed, "coklit": "", "coklit_waktu": None, "catatan_pps": catatan},
                     aksi=AksiAudit.PPS_KEMBALIKAN, user=user, sebelum=sebelum, sesudah=sesudah,
                     catatan={"perubahan": str(row.client_id), "dibiarkan": dibiarkan})
        penulis.flush()
        _tutup(row, user, Tinjauan.DIKEMBALIKAN, now, catatan,
               hasil_pps={"sebelum": sebelum, "sesudah": sesudah, "versi": p.versi,
                          "dibiarkan": dibiarkan})
        appender.flush()
    peringatan = []
    if dibiarkan:
        peringatan.append(_("Elemen %(f)s tidak dikembalikan ke nilai lama karena sudah diubah "
                            "lagi setelah perubahan ini.")
                          % {"f": ", ".join(label_elemen(n) for n in dibiarkan)})
    return Hasil(row, _("Dikembalikan ke Pantarlih dengan catatan."), peringatan)


def putus_konflik(user, perubahan_id: int, pilihan: str, catatan: str = "") -> Hasil:
    """Settle a conflict: apply the Pantarlih's version (``terapkan``, → DISETUJUI) or keep the
    server's record (``pertahankan``, → DITOLAK)."""
    if pilihan not in (TERAPKAN, PERTAHANKAN):
        raise _tidak_valid("pilihan", "pilihan_konflik", gettext_noop(
            "Pilih Terapkan atau Pertahankan."))
    catatan = " ".join((catatan or "").split())[:MAKS_CATATAN]
    with transaction.atomic():
        _scope, appender, row = _kunci(user, perubahan_id)
        if row.status != Status.CONFLICT:
            raise ServiceError.keadaan(_("Perubahan ini bukan konflik."),
                                       jenis=Jenis.TIDAK_VALID, code="bukan_konflik")
        now = jam.sekarang()
        if pilihan == PERTAHANKAN:
            _tutup(row, user, Tinjauan.DITOLAK, now, catatan,
                   hasil_pps={"pilihan": PERTAHANKAN})
            appender.add(AksiAudit.PPS_PUTUS_KONFLIK, user=user, objek=row,
                         sesudah={"perubahan": str(row.client_id), "pemilih": row.pemilih_id,
                                  "pilihan": PERTAHANKAN, "tinjauan": Tinjauan.DITOLAK})
            appender.flush()
            return Hasil(row, _("Data server dipertahankan; versi Pantarlih tidak dipakai."))
        p = _pemilih(row)
        if p.tps_id != row.tps_id:
            raise ServiceError.keadaan(_(
                "Pemilih ini sudah dipindah ke TPS lain sejak perubahan dikirim; versi Pantarlih "
                "tidak dapat diterapkan. Pilih Pertahankan."), code="pemilih_pindah")
        penerap = sync.Batch(row.petugas, user, appender=appender, tps_id=row.tps_id)
        change = sync.Change(id=row.client_id, aksi=row.aksi, pemilih_id=p.pk, versi=p.versi,
                             data=row.data or {})
        try:
            changed, peringatan = penerap.changes_for(change, p)
        except ServiceError as exc:
            raise ServiceError(exc.problems, _(
                "Versi Pantarlih tidak lolos pemeriksaan terhadap data sekarang: %(pesan)s")
                % {"pesan": "; ".join(m for ms in exc.galat.values() for m in ms)}) from None
        sebelum = {k: plain(getattr(p, k)) for k in changed}
        sesudah = {k: plain(v) for k, v in changed.items()}
        penulis = PenulisPemilih(appender, now=now)
        penulis.ubah(p, {**changed, "catatan_pps": "", "coklit_waktu": now},
                     aksi=AksiAudit.PPS_PUTUS_KONFLIK, user=user, sebelum=sebelum,
                     sesudah=sesudah, catatan={"perubahan": str(row.client_id),
                                               "pilihan": TERAPKAN})
        penulis.flush()
        row.sebelum, row.sesudah = sebelum, sesudah
        row.save(update_fields=["sebelum", "sesudah"])
        _tutup(row, user, Tinjauan.DISETUJUI, now, catatan,
               hasil_pps={"pilihan": TERAPKAN, "versi": p.versi})
        appender.flush()
    return Hasil(row, _("Versi Pantarlih diterapkan."), peringatan)


MAKS_SETUJUI_BANYAK = 500
"""Most changes one "Setujui yang dipilih" may approve at once (a page of the queue)."""


@dataclass
class HasilBanyak:
    perubahan: list[Perubahan]
    pesan: str


def setujui_banyak(user, perubahan_ids) -> HasilBanyak:
    """Approve several applied changes as they are (the queue's "Setujui yang dipilih").

    All or nothing, in one transaction that locks the audit head first, then the rows: every id
    must be in the caller's area (else 404, naming none of them), still waiting (else 409: a
    colleague decided some a moment ago; reload), and an applied TMS, Ubah or Baru (a conflict
    is settled one by one with Terapkan / Pertahankan). Each approval gets its own audit record,
    the same one :func:`setujui` writes; the counters move once per TPS.
    """
    try:
        ids = sorted({int(i) for i in perubahan_ids})
    except (TypeError, ValueError):
        raise _tidak_valid("perubahan", "id_tidak_sah", gettext_noop(
            "Pilihan perubahan tidak terbaca; muat ulang antrean.")) from None
    if not ids:
        raise _tidak_valid("perubahan", "pilih_perubahan", gettext_noop(
            "Pilih sedikitnya satu perubahan untuk disetujui."))
    if len(ids) > MAKS_SETUJUI_BANYAK:
        raise ServiceError.satu("perubahan", "terlalu_banyak_dipilih", gettext_noop(
            "Paling banyak %(maks)s perubahan sekali setujui (dipilih %(n)s)."),
            maks=MAKS_SETUJUI_BANYAK, n=len(ids))
    with transaction.atomic():
        scope = _peninjau(user)
        appender = Appender()
        rows = list(scoped(Perubahan.objects.select_for_update(of=("self",)), scope)
                    .filter(pk__in=ids).select_related("petugas").order_by("pk"))
        if len(rows) != len(ids):
            raise ServiceError.keadaan(_(
                "%(n)s dari %(total)s perubahan yang dipilih tidak ditemukan di wilayah Anda; "
                "tidak ada yang disetujui. Muat ulang antrean.")
                % {"n": len(ids) - len(rows), "total": len(ids)},
                jenis=Jenis.TIDAK_DITEMUKAN, code="tidak_ditemukan")
        sudah = [r for r in rows if r.tinjauan != Tinjauan.MENUNGGU]
        if sudah:
            raise ServiceError.keadaan(_(
                "%(n)s dari %(total)s perubahan yang dipilih sudah diputuskan petugas lain; "
                "tidak ada yang disetujui. Muat ulang antrean untuk melihat keadaan terbaru.")
                % {"n": len(sudah), "total": len(rows)}, code="sudah_diputuskan")
        bukan = [r for r in rows if r.status != Status.APPLIED or r.aksi not in
                 sync.PERLU_TINJAUAN]
        if bukan:
            raise ServiceError.keadaan(_(
                "%(n)s dari %(total)s perubahan yang dipilih adalah konflik; putuskan konflik "
                "satu per satu dengan Terapkan atau Pertahankan. Tidak ada yang disetujui.")
                % {"n": len(bukan), "total": len(rows)}, jenis=Jenis.TIDAK_VALID,
                code="bukan_perubahan_diterapkan")
        now = jam.sekarang()
        oleh = user if getattr(user, "is_authenticated", False) else None
        Perubahan.objects.filter(pk__in=ids).update(
            tinjauan=Tinjauan.DISETUJUI, catatan_pps="", ditinjau_oleh=oleh, ditinjau_pada=now)
        hitung = PenghitungCoklit()
        for row in rows:
            row.tinjauan, row.catatan_pps, row.ditinjau_oleh, row.ditinjau_pada = (
                Tinjauan.DISETUJUI, "", oleh, now)
            hitung.tambah(row.petugas.pemilihan_id, row.tps_id, menunggu=-1, disetujui=1)
            appender.add(AksiAudit.PPS_SETUJUI, user=user, objek=row,
                         sesudah={"perubahan": str(row.client_id), "pemilih": row.pemilih_id,
                                  "aksi": row.aksi, "tinjauan": Tinjauan.DISETUJUI,
                                  "bersama": len(rows)})
        hitung.flush()
        appender.flush()
    return HasilBanyak(rows, _("%(n)s perubahan disetujui.") % {"n": len(rows)})
