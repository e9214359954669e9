"""PPS evaluation of coklit: progress, the review queue, and the review decisions.

Every applied TMS, Ubah and Baru, and every conflict, waits as a :class:`Perubahan` with
``tinjauan = MENUNGGU``. A PPS member decides each one with a service function here:

- :func:`setujui` approves (the voter is not touched).
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
still waiting. Two PPS members clicking at once: the second gets :class:`SudahDitinjau` and
nothing is applied twice. The voter's ``versi`` goes up by one and ``rev`` becomes the audit
sequence number whenever the voter changes, like a sync does, so the field app downloads it.

Who may decide: PPS of the kelurahan (and a superuser without an officer record). KPU and PPK
see the queue of their area read-only; a decision needs the body that evaluates coklit
(DOMAIN.md: "PPS evaluates in weeks 3-4").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.audit.services import Appender
from selenggara.pemilih.models import Pemilih
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import Scope, get_scope, get_scoped_or_404, scoped
from selenggara.portal.ringkasan import pemilih_qs
from selenggara.rules import kode
from selenggara.rules.pemilih import FIELDS, clean_fields, validate_record
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from . import services
from .models import Aksi, Foto, Perubahan, PindahTPS, Status, StikerKK, Tinjauan

PERAN_PENINJAU = (Peran.PPS,)
"""Roles that may decide review items (plus a superuser without an officer record)."""
PERAN_PEMANTAU = (Peran.KPU, Peran.PPK, Peran.PPS)
"""Roles that may see progress and the queue of their area."""
MAKS_CATATAN = 300  # Pemilih.catatan_pps


# -- errors ---------------------------------------------------------------------------------------
class TinjauanError(Exception):
    """A decision that cannot be made; ``pesan`` says why, in words a PPS member acts on."""

    def __init__(self, pesan: str):
        super().__init__(pesan)
        self.pesan = pesan


class SudahDitinjau(TinjauanError):
    """Somebody decided this change already (another PPS member, a moment ago)."""


class DataTidakValid(TinjauanError):
    """Per-field problems (``galat``: field -> messages) and a summary."""

    def __init__(self, galat: dict[str, list[str]], pesan: str = ""):
        super().__init__(pesan or _("Data belum dapat disimpan: periksa isian yang ditandai."))
        self.galat = galat


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
        raise PermissionDenied(_("Hanya PPS yang dapat memutuskan hasil coklit; KPU dan PPK "
                                 "dapat melihat antrean tinjauan tanpa mengubahnya."))
    return scope


# -- helpers --------------------------------------------------------------------------------------
def _teks_nilai(value) -> str:
    """A value as compared for "did the user change it": spacing and case ignored."""
    return " ".join(str(services.plain(value) if value is not None else "").split()).upper()


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
        raise SudahDitinjau(_(
            "Perubahan ini sudah diputuskan oleh %(oleh)s pada %(pada)s (%(status)s). Tidak ada "
            "yang diubah; muat ulang antrean untuk melihat keadaan terbaru.")
            % {"oleh": oleh, "pada": pada, "status": row.get_tinjauan_display()})
    return scope, appender, row


def _pemilih(row: Perubahan) -> Pemilih:
    if row.pemilih_id is None:
        raise TinjauanError(_("Perubahan ini tidak terhubung dengan data pemilih."))
    return (Pemilih.objects.select_for_update(of=("self",))
            .select_related("pemilihan", "kecamatan").get(pk=row.pemilih_id))


def _simpan_pemilih(p: Pemilih, changed: dict, seq: int, now: datetime) -> None:
    """Write ``changed`` with versi+1 and rev = audit seq, guarded by the version read."""
    old = p.versi
    p.versi += 1
    p.rev = seq
    for name, value in changed.items():
        setattr(p, name, value)
    updated = Pemilih.objects.filter(pk=p.pk, versi=old).update(
        **changed, versi=p.versi, rev=seq, diubah=now)
    if updated != 1:
        raise RuntimeError(f"pemilih {p.pk} changed under the audit lock")


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


def _harus_diterapkan(row: Perubahan) -> None:
    if row.status != Status.APPLIED or row.aksi not in services.PERLU_TINJAUAN:
        raise TinjauanError(_("Hanya perubahan TMS, Ubah atau Baru yang sudah diterapkan yang "
                              "dapat diputuskan dengan cara ini; konflik diputuskan dengan "
                              "Terapkan atau Pertahankan."))


# -- decisions ------------------------------------------------------------------------------------
def setujui(user, perubahan_id: int) -> Hasil:
    """Approve an applied change as it is."""
    with transaction.atomic():
        _scope, appender, row = _kunci(user, perubahan_id)
        _harus_diterapkan(row)
        now = timezone.now()
        _tutup(row, user, Tinjauan.DISETUJUI, now)
        appender.add("pps.setujui", user=user, objek=row,
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
        raise DataTidakValid({name: [_("Elemen data ini tidak dapat dikoreksi di sini.")]
                              for name in unknown})
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
            raise DataTidakValid(services.per_field(problems))
        now = timezone.now()
        merged = {name: getattr(p, name) for name in FIELDS} | clean
        problems = validate_record(merged, hari_pemungutan=p.pemilihan.hari_pemungutan,
                                   kode_kecamatan=p.kecamatan.kode,
                                   hari_ini=timezone.localdate())
        errors = [x for x in problems if x.is_error]
        if errors:
            raise DataTidakValid(services.per_field(errors))
        changed = {k: v for k, v in clean.items() if getattr(p, k) != v}
        if not changed:
            raise DataTidakValid({}, _("Tidak ada nilai yang berbeda dari data sekarang. Pilih "
                                       "Setujui bila data sudah benar."))
        peringatan = services.texts([x for x in problems if not x.is_error])
        if "nik" in changed:
            peringatan += services.nik_terdaftar_warning(changed["nik"], p.pemilihan_id,
                                                         kecuali=p.pk)
        sebelum = {k: services.plain(getattr(p, k)) for k in changed}
        seq = appender.next_seq
        _simpan_pemilih(p, {**changed, "catatan_pps": ""}, seq, now)
        sesudah = {k: services.plain(v) for k, v in changed.items()}
        appender.add("pps.koreksi", user=user, objek=p, sebelum=sebelum,
                     sesudah={**sesudah, "perubahan": str(row.client_id)})
        _tutup(row, user, Tinjauan.DIKOREKSI, now,
               hasil_pps={"sebelum": sebelum, "sesudah": sesudah, "versi": p.versi})
        appender.flush()
    return Hasil(row, _("Koreksi PPS tersimpan."), peringatan)


def kembalikan(user, perubahan_id: int, catatan: str) -> Hasil:
    """Return an applied change to the Pantarlih with a note, undoing its effect on the voter.

    - Ubah / TMS: each field the change set is restored to its ``sebelum`` value, but only while
      it still holds the change's value (a later change to that field is never overwritten; the
      fields left alone are named in the result).
    - TMS 8 (salah TPS): the voter moves back to the Pantarlih's TPS, and a :class:`PindahTPS`
      tombstone the other way makes the other TPS's field app drop it again.
    - Baru: the new voter stays on the list, coklit back to "belum"; the Pantarlih re-checks it.

    Always: voter coklit = "" (belum), ``catatan_pps`` = the note, versi+1, rev = audit seq.
    """
    catatan = " ".join((catatan or "").split())
    if not catatan:
        raise DataTidakValid({"catatan": [_("Tulis catatan untuk Pantarlih: apa yang harus "
                                            "diperiksa ulang.")]})
    if len(catatan) > MAKS_CATATAN:
        raise DataTidakValid({"catatan": [_("Catatan terlalu panjang (%(n)s karakter, paling "
                                            "banyak %(maks)s).")
                                          % {"n": len(catatan), "maks": MAKS_CATATAN}]})
    with transaction.atomic():
        _scope, appender, row = _kunci(user, perubahan_id)
        _harus_diterapkan(row)
        p = _pemilih(row)
        now = timezone.now()
        changed: dict = {}
        dibiarkan: list[str] = []
        pindah_ke: int | None = None
        if row.aksi != Aksi.BARU:
            sebelum_row, sesudah_row = row.sebelum or {}, row.sesudah or {}
            for name, nilai in sesudah_row.items():
                if name in ("coklit", "perubahan") or name not in sebelum_row:
                    continue
                if services.plain(getattr(p, name)) != nilai:
                    dibiarkan.append(name)
                    continue
                lama = sebelum_row[name]
                if name == "tanggal_lahir" and lama:
                    lama = date.fromisoformat(lama)
                changed[name] = lama
            if "tps_id" in changed:
                pindah_ke = changed["tps_id"]
                if pindah_ke != row.tps_id or not TPS.objects.filter(
                        pk=pindah_ke, kelurahan_id=p.kelurahan_id).exists():
                    raise TinjauanError(_("TPS asal pemilih ini tidak lagi di kelurahan/desa "
                                          "yang sama; hubungi operator KPU."))
        sebelum = {k: services.plain(getattr(p, k)) for k in changed}
        sebelum.update(coklit=p.coklit, catatan_pps=p.catatan_pps)
        tps_lama = p.tps_id
        seq = appender.next_seq
        _simpan_pemilih(p, {**changed, "coklit": "", "coklit_waktu": None,
                            "catatan_pps": catatan}, seq, now)
        if pindah_ke is not None:
            PindahTPS.objects.create(pemilih=p, tps_asal_id=tps_lama, tps_tujuan_id=pindah_ke,
                                     rev=seq)
        sesudah = {k: services.plain(v) for k, v in changed.items()}
        sesudah.update(coklit="", catatan_pps=catatan)
        appender.add("pps.kembalikan", user=user, objek=p, sebelum=sebelum,
                     sesudah={**sesudah, "perubahan": str(row.client_id),
                              "dibiarkan": dibiarkan})
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


TERAPKAN, PERTAHANKAN = "terapkan", "pertahankan"


def putus_konflik(user, perubahan_id: int, pilihan: str, catatan: str = "") -> Hasil:
    """Settle a conflict: apply the Pantarlih's version (``terapkan``, → DISETUJUI) or keep the
    server's record (``pertahankan``, → DITOLAK)."""
    if pilihan not in (TERAPKAN, PERTAHANKAN):
        raise TinjauanError(_("Pilih Terapkan atau Pertahankan."))
    catatan = " ".join((catatan or "").split())[:MAKS_CATATAN]
    with transaction.atomic():
        _scope, appender, row = _kunci(user, perubahan_id)
        if row.status != Status.CONFLICT:
            raise TinjauanError(_("Perubahan ini bukan konflik."))
        now = timezone.now()
        if pilihan == PERTAHANKAN:
            _tutup(row, user, Tinjauan.DITOLAK, now, catatan,
                   hasil_pps={"pilihan": PERTAHANKAN})
            appender.add("pps.putus_konflik", user=user, objek=row,
                         sesudah={"perubahan": str(row.client_id), "pemilih": row.pemilih_id,
                                  "pilihan": PERTAHANKAN, "tinjauan": Tinjauan.DITOLAK})
            appender.flush()
            return Hasil(row, _("Data server dipertahankan; versi Pantarlih tidak dipakai."))
        p = _pemilih(row)
        if p.tps_id != row.tps_id:
            raise TinjauanError(_("Pemilih ini sudah dipindah ke TPS lain sejak perubahan dikirim; "
                                  "versi Pantarlih tidak dapat diterapkan. Pilih Pertahankan."))
        penerap = services.Batch(row.petugas, user, appender=appender, tps_id=row.tps_id)
        change = services.Change(id=row.client_id, aksi=row.aksi, pemilih_id=p.pk,
                                 versi=p.versi, data=row.data or {})
        try:
            changed, peringatan = penerap.changes_for(change, p)
        except services.Rejected as exc:
            raise DataTidakValid(exc.galat, _(
                "Versi Pantarlih tidak lolos pemeriksaan terhadap data sekarang: %(pesan)s")
                % {"pesan": "; ".join(m for ms in exc.galat.values() for m in ms)}) from None
        sebelum = {k: services.plain(getattr(p, k)) for k in changed}
        tps_lama = p.tps_id
        seq = appender.next_seq
        _simpan_pemilih(p, {**changed, "catatan_pps": "", "coklit_waktu": now}, seq, now)
        if "tps_id" in changed:
            PindahTPS.objects.create(pemilih=p, tps_asal_id=tps_lama,
                                     tps_tujuan_id=changed["tps_id"], rev=seq)
        sesudah = {k: services.plain(v) for k, v in changed.items()}
        appender.add("pps.putus_konflik", user=user, objek=p, sebelum=sebelum,
                     sesudah={**sesudah, "perubahan": str(row.client_id),
                              "pilihan": TERAPKAN})
        row.sebelum, row.sesudah = sebelum, sesudah
        row.save(update_fields=["sebelum", "sesudah"])
        _tutup(row, user, Tinjauan.DISETUJUI, now, catatan,
               hasil_pps={"pilihan": TERAPKAN, "versi": p.versi})
        appender.flush()
    return Hasil(row, _("Versi Pantarlih diterapkan."), peringatan)


# -- reading: labels, queue, photos ---------------------------------------------------------------
def label_elemen(name: str) -> str:
    if name == "tps_id":
        return _("TPS")
    try:
        return str(Pemilih._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


JENIS = {
    "TMS": Q(aksi=Aksi.TMS, status=Status.APPLIED),
    "UBAH": Q(aksi=Aksi.UBAH, status=Status.APPLIED),
    "BARU": Q(aksi=Aksi.BARU, status=Status.APPLIED),
    "KONFLIK": Q(status=Status.CONFLICT),
}


def antrean(scope: Scope, *, jenis: str = "", tps_id: int | None = None,
            kelurahan_id: int | None = None, tinjauan: str = Tinjauan.MENUNGGU) -> QuerySet:
    """Changes waiting for review (or returned ones), oldest first, in the caller's area."""
    qs = scoped(Perubahan.objects.all(), scope).filter(tinjauan=tinjauan)
    if jenis in JENIS:
        qs = qs.filter(JENIS[jenis])
    if tps_id:
        qs = qs.filter(tps_id=tps_id)
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    return (qs.select_related("pemilih", "tps", "kelurahan", "petugas", "ditinjau_oleh")
            .order_by("diterima", "id"))


def jumlah_per_tab(scope: Scope, *, tps_id: int | None = None,
                   kelurahan_id: int | None = None) -> dict[str, int]:
    """Counts per queue tab, from one GROUP BY query."""
    qs = scoped(Perubahan.objects.all(), scope).filter(
        tinjauan__in=[Tinjauan.MENUNGGU, Tinjauan.DIKEMBALIKAN])
    if tps_id:
        qs = qs.filter(tps_id=tps_id)
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    out = dict.fromkeys(("SEMUA", *JENIS, "DIKEMBALIKAN"), 0)
    for r in qs.values("tinjauan", "status", "aksi").annotate(n=Count("id")).order_by():
        if r["tinjauan"] == Tinjauan.DIKEMBALIKAN:
            out["DIKEMBALIKAN"] += r["n"]
            continue
        out["SEMUA"] += r["n"]
        if r["status"] == Status.CONFLICT:
            out["KONFLIK"] += r["n"]
        elif r["aksi"] in out:
            out[r["aksi"]] += r["n"]
    return out


def foto_ids(row: Perubahan) -> list[str]:
    """Photo ids a change names in ``data.foto`` (one id or a list)."""
    nilai = (row.data or {}).get("foto")
    if not nilai:
        return []
    nilai = nilai if isinstance(nilai, list) else [nilai]
    return [str(x) for x in nilai if isinstance(x, str) and x]


def foto_qs(scope: Scope) -> QuerySet:
    """Completed photos uploaded by a Pantarlih of a TPS in the caller's area."""
    return Foto.objects.filter(
        selesai=True, petugas__peran=Peran.PANTARLIH,
        petugas__tps__in=scoped(TPS.objects.all(), scope).values("pk"))


# -- progress -------------------------------------------------------------------------------------
def awal_hari_ini() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def _persen(a: int, b: int) -> float:
    return round(100 * a / b, 1) if b else 0.0


_KOLOM_PEMILIH = ("pemilih", "selesai", "tms", "ubah", "baru", "sesuai", "hari_ini", "stiker",
                  "menunggu")


def _agregat_pemilih(qs: QuerySet, by: str, sejak: datetime) -> dict[int, dict]:
    rows = qs.values(by).annotate(
        pemilih=Count("id"),
        selesai=Count("id", filter=~Q(coklit="")),
        sesuai=Count("id", filter=Q(coklit="SESUAI")),
        tms=Count("id", filter=Q(coklit="TMS")),
        ubah=Count("id", filter=Q(coklit="UBAH")),
        baru=Count("id", filter=Q(coklit="BARU")),
        hari_ini=Count("id", filter=~Q(coklit="") & Q(coklit_waktu__gte=sejak)),
    ).order_by()
    return {r[by]: r for r in rows}


def progres(scope: Scope, kelurahan: Wilayah | None) -> dict:
    """Progress tables from GROUP BY queries only (a handful of queries for any area size).

    With a kelurahan: one row per TPS and one per Pantarlih. Without (KPU/PPK overview): one
    row per kelurahan of the caller's area.
    """
    sejak = awal_hari_ini()
    pemilih = pemilih_qs(scope)
    perubahan = scoped(Perubahan.objects.all(), scope)
    stiker = scoped(StikerKK.objects.all(), scope)
    if kelurahan is None:
        baris = list(scoped(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), scope)
                     .select_related("induk").order_by("induk__nama", "nama"))
        p = _agregat_pemilih(pemilih, "kelurahan_id", sejak)
        s = dict(stiker.values_list("tps__kelurahan_id").annotate(n=Count("id")).order_by())
        ch = {r["kelurahan_id"]: r for r in perubahan.values("kelurahan_id").annotate(
            terakhir=Max("diterima"),
            menunggu=Count("id", filter=Q(tinjauan=Tinjauan.MENUNGGU))).order_by()}
        tabel = [_baris(w, p.get(w.id), s.get(w.id, 0), ch.get(w.id)) for w in baris]
        return {"kelurahan": tabel, "total": _total(tabel)}

    tps_list = list(scoped(TPS.objects.filter(kelurahan=kelurahan), scope).order_by("nomor"))
    pemilih = pemilih.filter(kelurahan=kelurahan)
    p = _agregat_pemilih(pemilih, "tps_id", sejak)
    s = dict(stiker.filter(tps__kelurahan=kelurahan).values_list("tps_id")
             .annotate(n=Count("id")).order_by())
    perubahan = perubahan.filter(kelurahan=kelurahan)
    ch = {r["tps_id"]: r for r in perubahan.values("tps_id").annotate(
        terakhir=Max("diterima"),
        menunggu=Count("id", filter=Q(tinjauan=Tinjauan.MENUNGGU))).order_by()}
    tabel_tps = [_baris(t, p.get(t.id), s.get(t.id, 0), ch.get(t.id)) for t in tps_list]

    petugas = list(scoped(Petugas.objects.filter(peran=Peran.PANTARLIH, wilayah=kelurahan), scope)
                   .filter(tps__isnull=False).select_related("tps", "user")
                   .order_by("tps__nomor", "nama"))
    applied = Q(status=Status.APPLIED)
    per_petugas = {r["petugas_id"]: r for r in perubahan.values("petugas_id").annotate(
        kirim=Count("id"),
        sesuai=Count("id", filter=applied & Q(aksi=Aksi.SESUAI)),
        ubah=Count("id", filter=applied & Q(aksi=Aksi.UBAH)),
        tms=Count("id", filter=applied & Q(aksi=Aksi.TMS)),
        baru=Count("id", filter=applied & Q(aksi=Aksi.BARU)),
        stiker=Count("id", filter=applied & Q(aksi=Aksi.STIKER)),
        konflik=Count("id", filter=Q(status=Status.CONFLICT)),
        ditolak=Count("id", filter=Q(status=Status.REJECTED)),
        hari_ini=Count("id", filter=applied & Q(diterima__gte=sejak)),
        menunggu=Count("id", filter=Q(tinjauan=Tinjauan.MENUNGGU)),
        dikembalikan=Count("id", filter=Q(tinjauan=Tinjauan.DIKEMBALIKAN)),
        terakhir=Max("diterima"),
    ).order_by()}
    tabel_petugas = []
    for pt in petugas:
        r = per_petugas.get(pt.id) or {}
        tabel_petugas.append({"petugas": pt, **{k: r.get(k, 0) for k in (
            "kirim", "sesuai", "ubah", "tms", "baru", "stiker", "konflik", "ditolak", "hari_ini",
            "menunggu", "dikembalikan")}, "terakhir": r.get("terakhir")})
    return {"tps": tabel_tps, "total": _total(tabel_tps), "pantarlih": tabel_petugas}


def _baris(objek, p: dict | None, stiker: int, ch: dict | None) -> dict:
    p = p or {}
    row = {"objek": objek, **{k: p.get(k, 0) for k in _KOLOM_PEMILIH}, "stiker": stiker,
           "menunggu": (ch or {}).get("menunggu", 0), "terakhir": (ch or {}).get("terakhir")}
    row["persen"] = _persen(row["selesai"], row["pemilih"])
    return row


def _total(rows: list[dict]) -> dict:
    total: dict = defaultdict(int)
    for r in rows:
        for k in _KOLOM_PEMILIH:
            total[k] += r[k]
    terakhir = [r["terakhir"] for r in rows if r["terakhir"]]
    total["terakhir"] = max(terakhir) if terakhir else None
    total["persen"] = _persen(total["selesai"], total["pemilih"])
    return dict(total)


def label_kode(name: str, nilai) -> str:
    """A value as a PPS member reads it: codes with their label, dates as dd-mm-yyyy."""
    if nilai in (None, ""):
        return "–"
    pilihan = {"jenis_kelamin": kode.JENIS_KELAMIN, "status_kawin": kode.STATUS_KAWIN,
               "disabilitas": kode.DISABILITAS, "ktp_el": kode.KTP_EL,
               "tms_kode": kode.TMS_KODE, "coklit": kode.HASIL_COKLIT}.get(name)
    if pilihan is not None:
        try:
            return f"{nilai} · {_(kode.label(pilihan, str(nilai)))}"
        except ValueError:
            return str(nilai)
    if name == "tanggal_lahir":
        try:
            return date.fromisoformat(str(nilai)).strftime("%d-%m-%Y")
        except ValueError:
            return str(nilai)
    return str(nilai)
