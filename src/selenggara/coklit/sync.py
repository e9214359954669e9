"""The e-coklit sync: applying what Pantarlih phones send, and what they download.

A batch of changes is applied in one transaction that first locks the audit chain's head, so
every auditing writer (other phones, PPS, KPU staff in the admin) queues on the same lock and
no two can interleave on one voter. Inside, each change gets its own answer:

- ``applied``: written whole, with its audit record; the voter's ``versi`` goes up by one and
  its ``rev`` becomes the audit sequence number, which is what later downloads ask for.
- ``already_applied``: the change id was seen before (a retry after a lost answer); nothing is
  written again and the stored answer is returned.
- ``conflict``: the voter changed since the version the phone edited; nothing is overwritten,
  the server's current record goes back to the phone, and the change waits for PPS.
- ``rejected``: invalid; the errors are given per field. Nothing changes on the voter.

A change the phone sent in a shape that cannot be stored (a number out of range, a NUL byte,
oversized data: :mod:`.validasi`) arrives as :class:`Ditolak` and is answered ``rejected``
without a write, like every other refusal, so it never fails the batch around it.

A phone that edits the same voter twice before it hears back names the first change in
``setelah``; the second is then checked against the version the first produced, so a Pantarlih
never conflicts with their own unsent work.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError as PydanticValidationError

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.models import AuditHead
from selenggara.audit.services import Appender
from selenggara.db import sisipkan
from selenggara.errors import ServiceError, teks
from selenggara.pemilih.models import Pemilih, PindahTPS, Rekap
from selenggara.pemilih.services import PenulisPemilih, plain
from selenggara.petugas.models import Petugas
from selenggara.petugas.scope import scope_petugas, scoped, unscoped
from selenggara.rules import kode
from selenggara.rules.coklit import efek
from selenggara.rules.pemilih import FIELDS, clean_fields, validate_record, validate_tms
from selenggara.rules.problem import Problem, gettext_noop
from selenggara.web import jam
from selenggara.wilayah.hierarki import TINGKAT_TPS
from selenggara.wilayah.models import TPS

from .models import Aksi, Foto, LaporanKertas, Perubahan, Status, StikerKK, Tinjauan
from .rekap import PenghitungCoklit
from .validasi import MAKS_PER_BATCH as MAKS_PER_BATCH
from .validasi import ChangeBatas, data_ditolak, galat_pydantic

ALREADY_APPLIED = "already_applied"
# Fields a phone gets for each voter of its worklist.
WORKLIST_FIELDS = ("id", "versi", "rev", *FIELDS, "sumber", "coklit", "tms_kode", "catatan_pps")
PERLU_TINJAUAN = {Aksi.UBAH, Aksi.TMS, Aksi.BARU}


@dataclass
class Change:
    """One change as the phone sends it (already shape-checked by the API schema)."""

    id: uuid.UUID
    aksi: str
    pemilih_id: int | None = None
    versi: int | None = None
    setelah: uuid.UUID | None = None
    data: dict = field(default_factory=dict)
    waktu_perangkat: datetime | None = None


@dataclass
class Ditolak:
    """A change whose envelope was usable (it has its id) but whose content is not: answered
    ``rejected`` with ``galat`` (per field), or replayed when its id is already known."""

    id: uuid.UUID
    galat: dict[str, list[str]]


@dataclass
class Answer:
    id: uuid.UUID
    status: str
    pesan: str = ""
    galat: dict[str, list[str]] = field(default_factory=dict)
    peringatan: list[str] = field(default_factory=list)
    pemilih: dict | None = None
    versi: int | None = None

    def as_json(self) -> dict:
        return {"id": str(self.id), "status": self.status, "pesan": self.pesan,
                "galat": self.galat, "peringatan": self.peringatan, "pemilih": self.pemilih,
                "versi": self.versi}


PESAN_DITOLAK = gettext_noop("Perubahan ditolak: periksa isian yang ditandai.")


def tolak(problems: list[Problem] | Problem, pesan: str = "") -> ServiceError:
    """A change refused with its problems (answered ``rejected``, the rest of the batch goes
    on)."""
    return ServiceError(problems, pesan or _(PESAN_DITOLAK))


def tolak_satu(field: str, code: str, message: str, /, pesan: str = "", **params
               ) -> ServiceError:
    return tolak(Problem(field=field, code=code, message=message, params=params), pesan)


def voter_json(p: Pemilih) -> dict:
    """A voter as the field app stores it (dates as ISO strings)."""
    out = {name: getattr(p, name) for name in WORKLIST_FIELDS}
    out["tanggal_lahir"] = p.tanggal_lahir.isoformat() if isinstance(
        p.tanggal_lahir, date) else p.tanggal_lahir
    out["tps_id"] = p.tps_id
    return out


def texts(problems: list[Problem]) -> list[str]:
    """Problems from ``rules/`` as translated sentences."""
    return [teks(p) for p in problems]


class Batch:
    """State of one batch while it is applied; PPS reuse its rules (``changes_for``) to
    re-check a conflicting change they decide to apply, with their own audit appender."""

    def __init__(self, petugas: Petugas, user, *, appender: Appender | None = None,
                 tps_id: int | None = None):
        self.petugas, self.user = petugas, user
        self.tps = TPS.objects.select_related("kelurahan__induk").get(
            pk=tps_id or petugas.tps_id)
        self.hari_pemungutan = petugas.pemilihan.hari_pemungutan
        self.now = jam.sekarang()
        self.appender = appender or Appender()
        self.penulis = PenulisPemilih(self.appender, now=self.now)
        self.hitung = PenghitungCoklit()
        self._kk_tps: Counter[str] | None = None
        self._stiker: dict[str, StikerKK] = {}
        # The households this batch sends stickers for (set by ``sync``): only their sticker
        # rows are read, not every sticker of the TPS.
        self.nkk_stiker: set[str] | None = None
        self._stiker_baru: list[StikerKK] = []
        self._kertas: tuple[int, dict] | None = None
        self.rows: list[Perubahan] = []
        self.by_id: dict[uuid.UUID, Perubahan] = {}
        self.voters: dict[int, Pemilih] = {}

    # -- helpers --------------------------------------------------------------------------------
    def voter(self, pemilih_id: int | None) -> Pemilih:
        """The voter, if it is on this Pantarlih's TPS; the same refusal otherwise, so a
        phone cannot probe which ids exist elsewhere."""
        if pemilih_id is not None and pemilih_id not in self.voters:
            found = Pemilih.objects.filter(pk=pemilih_id, tps_id=self.tps.id).first()
            if found is not None:
                self.voters[pemilih_id] = found
        p = self.voters.get(pemilih_id) if pemilih_id is not None else None
        if p is None or p.tps_id != self.tps.id:
            raise tolak_satu("pemilih_id", "di_luar_tps", gettext_noop(
                "Pemilih ini tidak ada di daftar TPS Anda; unduh ulang daftar pemilih."),
                pesan=_("Pemilih di luar TPS Anda."))
        return p

    def previous(self, change: Change) -> Perubahan | None:
        """The earlier change this one builds on (``setelah``), if it is this Pantarlih's own
        applied change: naming someone else's change must not skip the conflict check."""
        if change.setelah is None:
            return None
        prev = self.by_id.get(change.setelah) or Perubahan.objects.filter(
            client_id=change.setelah).first()
        if prev is None or prev.petugas_id != self.petugas.id or prev.status != Status.APPLIED:
            return None
        return prev

    def resolve_voter(self, change: Change) -> None:
        """An edit made on a new voter before the phone heard back has no voter id yet: take
        it from the Baru change it builds on."""
        prev = self.previous(change)
        if change.pemilih_id is None and prev is not None and prev.aksi == Aksi.BARU:
            change.pemilih_id = prev.hasil.get("pemilih_id")

    def base_version(self, change: Change) -> int | None:
        prev = self.previous(change)
        if prev is None or prev.pemilih_id != change.pemilih_id:
            return change.versi
        return prev.hasil.get("versi", change.versi)

    def flush(self) -> None:
        """Write the voter updates (the voter-write protocol, one executemany), the change
        rows and the audit records."""
        self.penulis.flush()
        if self._stiker_baru:
            StikerKK.objects.bulk_create(self._stiker_baru)
            self._stiker_baru = []
        # Change rows are read back by client id or queried later, never by the ids they get
        # here: one executemany without the ORM's per-value work.
        sisipkan(self.rows)
        if self.rows:
            self.hitung.aktif(self.petugas.id, self.tps.id, self.now, kiriman=len(self.rows))
        self.hitung.flush()
        self.appender.flush()

    def record(self, change: Change, status: str, *, pemilih: Pemilih | None, hasil: dict,
               sebelum=None, sesudah=None) -> Perubahan:
        tinjauan = ""
        if status == Status.CONFLICT or (status == Status.APPLIED and change.aksi in
                                         PERLU_TINJAUAN):
            tinjauan = Tinjauan.MENUNGGU
        self.hitung.tambah(self.petugas.pemilihan_id, self.tps.id, kiriman=1,
                           menunggu=int(tinjauan == Tinjauan.MENUNGGU),
                           **{{Status.APPLIED: "diterapkan", Status.CONFLICT: "konflik",
                               Status.REJECTED: "ditolak"}[status]: 1})
        # Ids, not instances: the relation setters cost more than the rest of the row, and
        # nothing reads the related objects back from these rows within the batch.
        row = Perubahan(
            client_id=change.id, aksi=change.aksi, status=status,
            pemilih_id=pemilih.pk if pemilih is not None else None,
            tps_id=self.tps.id, kelurahan_id=self.tps.kelurahan_id, petugas_id=self.petugas.id,
            versi_dasar=change.versi,
            data=data_ditolak(change.data or {}) if status == Status.REJECTED else change.data,
            sebelum=sebelum, sesudah=sesudah, diterima=self.now,
            hasil=hasil, waktu_perangkat=change.waktu_perangkat, tinjauan=tinjauan)
        self.rows.append(row)
        self.by_id[change.id] = row
        return row

    def foto_milik_sendiri(self, foto_id: uuid.UUID) -> bool:
        # The upload may still be finishing (photos travel separately); it must be ours.
        return unscoped(Foto.objects, "the officer's own photo, by owner").filter(
            pk=foto_id, petugas=self.petugas).exists()

    # -- actions --------------------------------------------------------------------------------
    def apply(self, change: Change) -> Answer:
        if change.aksi == Aksi.BARU:
            return self.baru(change)
        if change.aksi == Aksi.STIKER:
            return self.stiker(change)
        if change.aksi == Aksi.KERTAS:
            return self.kertas(change)
        self.resolve_voter(change)
        p = self.voter(change.pemilih_id)
        base = self.base_version(change)
        if base != p.versi:
            current = voter_json(p)
            self.record(change, Status.CONFLICT, pemilih=p,
                        hasil={"server": current, "versi": p.versi})
            self.appender.add(AksiAudit.COKLIT_KONFLIK, user=self.user, objek=p,
                              sesudah={"perubahan": str(change.id), "versi_dasar": base,
                                       "versi_server": p.versi})
            return Answer(change.id, Status.CONFLICT, _(
                "Data pemilih ini sudah diubah orang lain sejak Anda mengunduhnya. Perubahan "
                "Anda tidak menimpa data itu dan diteruskan ke PPS untuk diputuskan."),
                pemilih=current, versi=p.versi)
        changed, warnings = self.changes_for(change, p)
        rumah_lama = (p.tps_id, p.nkk)
        sebelum = {k: plain(getattr(p, k)) for k in changed}
        sesudah = {k: plain(v) for k, v in changed.items()}
        self.penulis.ubah(p, {**changed, "catatan_pps": "", "coklit_waktu": self.now},
                          aksi=AksiAudit.coklit(change.aksi), user=self.user, sebelum=sebelum,
                          sesudah=sesudah, catatan={"perubahan": str(change.id)})
        self._kk_pindah(rumah_lama, (p.tps_id, p.nkk))
        self.record(change, Status.APPLIED, pemilih=p, hasil={"versi": p.versi},
                    sebelum=sebelum, sesudah=sesudah)
        return Answer(change.id, Status.APPLIED, _("Tersimpan."), peringatan=warnings,
                      pemilih=voter_json(p), versi=p.versi)

    def changes_for(self, change: Change, p: Pemilih) -> tuple[dict, list[str]]:
        """Validate a change against the voter's current record; the fields it sets (what
        ``rules.coklit.efek`` says the outcome does) and its warnings."""
        data = change.data or {}
        if change.aksi == Aksi.SESUAI:
            _extra, problems = clean_fields(data, ("disabilitas", "ktp_el"))
            if problems:
                raise tolak(problems)
            return efek(Aksi.SESUAI, _extra), []
        if change.aksi == Aksi.UBAH:
            ubah = data.get("ubah")
            if not isinstance(ubah, dict) or not ubah:
                raise tolak_satu("ubah", "ubah_kosong", gettext_noop(
                    "Tidak ada data yang diubah; pilih Sesuai bila data sudah cocok."))
            unknown = sorted(set(ubah) - set(FIELDS))
            if unknown:
                raise tolak([Problem(name, "elemen_tidak_dapat_diubah", gettext_noop(
                    "Elemen data ini tidak dapat diubah lewat coklit."), {}) for name in unknown])
            clean, problems = clean_fields(ubah)
            if problems:
                raise tolak(problems)
            merged = {name: getattr(p, name) for name in FIELDS} | clean
            problems = validate_record(merged, hari_pemungutan=self.hari_pemungutan,
                                       kode_kecamatan=self.tps.kelurahan.induk.kode,
                                       hari_ini=timezone.localdate(self.now))
            errors = [x for x in problems if x.is_error]
            if errors:
                raise tolak(errors)
            changed = {k: v for k, v in clean.items() if getattr(p, k) != v}
            if not changed:
                raise tolak_satu("ubah", "ubah_sama", gettext_noop(
                    "Nilai baru sama dengan data yang ada; pilih Sesuai bila data sudah cocok."))
            return efek(Aksi.UBAH, {"ubah": changed}), texts(
                [x for x in problems if not x.is_error])
        if change.aksi == Aksi.TMS:
            kode_tms = str(data.get("kode", ""))
            problems = validate_tms(kode_tms, dokumen=str(data.get("dokumen", "")))
            if problems:
                raise tolak(problems)
            if kode_tms == kode.TMS_SALAH_TPS:
                tujuan = data.get("tps_tujuan")
                # Lokasi khusus TPS take voters through DPTb, not by a coklit move. The other
                # TPS of the kelurahan lie outside a Pantarlih's scope, and that is the point.
                ok = (isinstance(tujuan, int) and not isinstance(tujuan, bool)
                      and 0 < tujuan <= 2**63 - 1 and tujuan != self.tps.id and unscoped(
                    TPS.objects, "a TMS 8 moves a voter to another TPS of the same kelurahan")
                    .filter(pk=tujuan, kelurahan_id=self.tps.kelurahan_id,
                            jenis="REGULER").exists())
                if not ok:
                    raise tolak_satu("tps_tujuan", "tps_tujuan", gettext_noop(
                        "Pilih TPS reguler lain di kelurahan/desa yang sama (TMS 8 memindahkan "
                        "pemilih, bukan menghapusnya)."))
            return efek(Aksi.TMS, data), []
        raise tolak_satu("aksi", "aksi_tidak_dikenal", gettext_noop("Aksi tidak dikenal."))

    def baru(self, change: Change) -> Answer:
        data = (change.data or {}).get("pemilih")
        if not isinstance(data, dict):
            raise tolak_satu("pemilih", "baru_kosong", gettext_noop(
                "Data pemilih baru tidak ada."))
        missing = [name for name in FIELDS if name not in data or data[name] in (None, "")]
        missing = [m for m in missing if m not in ("disabilitas", "ktp_el")]
        if missing:
            raise tolak([Problem(name, "wajib", gettext_noop("Wajib diisi."), {})
                         for name in missing])
        clean, problems = clean_fields({"disabilitas": "0", "ktp_el": "S", **data})
        if problems:
            raise tolak(problems)
        problems = validate_record(clean, hari_pemungutan=self.hari_pemungutan,
                                   kode_kecamatan=self.tps.kelurahan.induk.kode,
                                   hari_ini=timezone.localdate(self.now))
        errors = [x for x in problems if x.is_error]
        if errors:
            raise tolak(errors)
        warnings = texts([x for x in problems if not x.is_error])
        warnings += nik_terdaftar_warning(clean["nik"], self.petugas.pemilihan_id)
        p = self.penulis.tambah(
            Pemilih(pemilihan_id=self.petugas.pemilihan_id,
                    kecamatan_id=self.tps.kelurahan.induk_id, kelurahan_id=self.tps.kelurahan_id,
                    tps=self.tps, sumber="BARU", tahap="ADAFTAR", coklit="BARU",
                    coklit_waktu=self.now, **clean),
            aksi=AksiAudit.COKLIT_BARU, user=self.user, sesudah=voter_json,
            catatan={"perubahan": str(change.id)})
        self.voters[p.pk] = p
        self._kk_pindah(None, (p.tps_id, p.nkk))
        sesudah = voter_json(p)
        self.record(change, Status.APPLIED, pemilih=p, hasil={"versi": 1, "pemilih_id": p.pk},
                    sesudah=sesudah)
        return Answer(change.id, Status.APPLIED, _("Pemilih baru tersimpan."),
                      peringatan=warnings, pemilih=sesudah, versi=1)

    def _kk(self) -> tuple[Counter[str], dict[str, StikerKK]]:
        """The households of this TPS (members per KK) and their stickers, read once per batch
        (a Pantarlih sends a sticker for each of some 170 households)."""
        if self._kk_tps is None:
            anggota = Pemilih.objects.filter(tps=self.tps, pemilihan_id=self.petugas.pemilihan_id)
            stiker = StikerKK.objects.filter(tps=self.tps)
            if self.nkk_stiker is not None:
                # Only the households the batch names (the (tps, nkk) index), not the TPS's
                # whole list: a household the batch adds or moves is counted by _kk_pindah.
                anggota = anggota.filter(nkk__in=self.nkk_stiker)
                stiker = stiker.filter(nkk__in=self.nkk_stiker)
            self._kk_tps = Counter(dict(
                anggota.order_by().values("nkk").annotate(n=Count("id"))
                .values_list("nkk", "n")))
            self._stiker = {s.nkk: s for s in stiker}
        return self._kk_tps, self._stiker

    def _kk_pindah(self, lama: tuple[int, str] | None, baru: tuple[int, str]) -> None:
        """Keep the batch's household count in step with its own writes: the voter rows are
        written at flush, so a sticker for a household added or moved earlier in the same
        batch would otherwise be refused."""
        if self._kk_tps is None or lama == baru:
            return
        if lama is not None and lama[0] == self.tps.id:
            self._kk_tps[lama[1]] -= 1
            if self._kk_tps[lama[1]] <= 0:
                del self._kk_tps[lama[1]]
        if baru[0] == self.tps.id:
            self._kk_tps[baru[1]] += 1

    def stiker(self, change: Change) -> Answer:
        data = change.data or {}
        nkk = str(data.get("nkk", ""))
        kk_tps, ada = self._kk()
        if nkk not in kk_tps:
            raise tolak_satu("nkk", "kk_di_luar_tps", gettext_noop(
                "KK ini tidak ada di daftar TPS Anda."))
        lintang, bujur = data.get("lintang"), data.get("bujur")
        if lintang is not None or bujur is not None:
            try:
                lintang, bujur = round(float(lintang), 6), round(float(bujur), 6)
            except (TypeError, ValueError):
                raise tolak_satu("lokasi", "gps_tidak_terbaca", gettext_noop(
                    "Lokasi GPS tidak terbaca.")) from None
            if not (-90 <= lintang <= 90 and -180 <= bujur <= 180):
                raise tolak_satu("lokasi", "gps_di_luar", gettext_noop(
                    "Lokasi GPS di luar jangkauan."))
        foto = _uuid_or_none(data.get("foto"))
        nilai = {"petugas": self.petugas, "waktu": change.waktu_perangkat or self.now,
                 "foto_id": foto if foto and self.foto_milik_sendiri(foto) else None,
                 "lintang": lintang, "bujur": bujur}
        stiker = ada.get(nkk)
        created = stiker is None
        if created:
            # New stickers go in with the batch's other rows, in one insert at flush.
            stiker = StikerKK(tps=self.tps, nkk=nkk, **nilai)
            ada[nkk] = stiker
            self._stiker_baru.append(stiker)
            self.hitung.tambah(self.petugas.pemilihan_id, self.tps.id, stiker=1)
        else:
            for k, v in nilai.items():
                setattr(stiker, k, v)
            if stiker.pk is not None:
                stiker.save(update_fields=list(nilai))
        self.appender.add(AksiAudit.COKLIT_STIKER, user=self.user, objek_tipe="wilayah.tps",
                          objek_id=self.tps.id,
                          sesudah={"nkk_akhir": nkk[-4:], "baru": created,
                                   "perubahan": str(change.id)})
        self.record(change, Status.APPLIED, pemilih=None, hasil={})
        return Answer(change.id, Status.APPLIED, _("Stiker tercatat."))

    def _kertas_tps(self) -> tuple[int, dict[tuple[int, date], LaporanKertas]]:
        """The TPS's listed voters and its paper reports by (officer, day), read once per
        batch (a Pantarlih who synced after days away sends a report for each of them)."""
        if self._kertas is None:
            # The listed voters from the TPS's counter row (a COUNT over the list would cost
            # more than the report); a TPS whose list was written without counters (counted
            # only after `hitungan bangun-ulang`) is counted directly rather than refused.
            pemilih_tps = (Rekap.objects.filter(pemilihan_id=self.petugas.pemilihan_id,
                                                tingkat=TINGKAT_TPS, objek_id=self.tps.id)
                           .values_list("pemilih", flat=True).first())
            if pemilih_tps is None:
                pemilih_tps = Pemilih.objects.filter(
                    tps_id=self.tps.id, pemilihan_id=self.petugas.pemilihan_id).count()
            # The officer's own reports too: one made at a TPS they worked before is the
            # report this one replaces (one per officer and day).
            self._kertas = (pemilih_tps, {(x.petugas_id, x.tanggal): x for x in
                                          LaporanKertas.objects.filter(
                                              Q(tps=self.tps) | Q(petugas=self.petugas))})
        return self._kertas

    def kertas(self, change: Change) -> Answer:
        """The Pantarlih's own count of voters checked on paper on one day (``data.tanggal``,
        default today; ``data.jumlah``). A later report for the day replaces the earlier."""
        data = change.data or {}
        try:
            tanggal = date.fromisoformat(str(data.get("tanggal") or jam.hari_ini()))
        except ValueError:
            raise tolak_satu("tanggal", "tanggal_format", gettext_noop(
                "Tanggal laporan tidak terbaca; tulis tahun-bulan-tanggal.")) from None
        jumlah = data.get("jumlah")
        if not isinstance(jumlah, int) or isinstance(jumlah, bool) or jumlah < 0:
            raise tolak_satu("jumlah", "jumlah_kertas", gettext_noop(
                "Isi jumlah pemilih yang dicoklit di kertas hari itu: angka 0 atau lebih."))
        if tanggal > jam.hari_ini():
            raise tolak_satu("tanggal", "tanggal_nanti", gettext_noop(
                "Laporan untuk tanggal yang belum tiba; periksa tanggal di ponsel."))
        pemilih_tps, laporan = self._kertas_tps()
        lama = laporan.get((self.petugas.id, tanggal))
        lain = sum(x.jumlah for x in laporan.values() if x is not lama and x.tps_id == self.tps.id)
        if jumlah + lain > pemilih_tps:
            raise tolak_satu("jumlah", "kertas_melebihi", gettext_noop(
                "Jumlah di kertas (%(total)s termasuk laporan sebelumnya) melebihi pemilih TPS "
                "ini (%(pemilih)s); periksa lagi angka hari ini."),
                total=jumlah + lain, pemilih=pemilih_tps)
        if lama is None:
            lama_jumlah = 0
            laporan[(self.petugas.id, tanggal)] = LaporanKertas.objects.create(
                petugas=self.petugas, tps=self.tps, tanggal=tanggal, jumlah=jumlah,
                diterima=self.now)
        else:
            lama_jumlah = lama.jumlah
            lama.jumlah, lama.diterima = jumlah, self.now
            lama.save(update_fields=["jumlah", "diterima"])
        self.hitung.tambah(self.petugas.pemilihan_id, self.tps.id, tanggal=tanggal,
                           kertas=jumlah - lama_jumlah)
        self.appender.add(AksiAudit.COKLIT_KERTAS, user=self.user, objek_tipe="wilayah.tps",
                          objek_id=self.tps.id, sebelum={"jumlah": lama_jumlah},
                          sesudah={"tanggal": tanggal.isoformat(), "jumlah": jumlah,
                                   "perubahan": str(change.id)})
        self.record(change, Status.APPLIED, pemilih=None, hasil={})
        return Answer(change.id, Status.APPLIED, _("Laporan kertas tercatat."))


def _uuid_or_none(value) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value)) if value else None
    except ValueError:
        return None


def nik_terdaftar(nik: str, pemilihan_id: int, *, kecuali: int | None = None
                  ) -> Pemilih | None:
    """The eligible voter of this election listed with ``nik`` (other than ``kecuali``)."""
    return (Pemilih.objects.filter(pemilihan_id=pemilihan_id, nik=nik, tms_kode="")
            .exclude(pk=kecuali).select_related("tps__kelurahan").first())


def nik_terdaftar_warning(nik: str, pemilihan_id: int, *, kecuali: int | None = None
                          ) -> list[str]:
    """A NIK already on the list anywhere in the kab/kota (other than voter ``kecuali``): say
    where, so the officer can tell a true newcomer from a duplicate (TMS 2 at the other TPS)."""
    found = nik_terdaftar(nik, pemilihan_id, kecuali=kecuali)
    if found is None:
        return []
    return [_("NIK ini sudah terdaftar di TPS %(tps)s %(kelurahan)s; pastikan ini bukan "
              "pemilih ganda.") % {"tps": f"{found.tps.nomor:03d}",
                                   "kelurahan": found.tps.kelurahan.nama}]


def _replay(row: Perubahan, tps_id: int, voters: dict[int, Pemilih]) -> Answer:
    """The stored answer again. ``voters``: the batch's voters in memory, so a change id sent
    twice in one batch answers with the voter as the first copy left it (not yet written)."""
    status = ALREADY_APPLIED if row.status == Status.APPLIED else row.status
    p = voters.get(row.pemilih_id) if row.pemilih_id is not None else None
    if p is None and row.pemilih_id is not None:
        p = row.pemilih
    if p is not None and p.tps_id != tps_id:
        p = None
    return Answer(row.client_id, status, _("Perubahan ini sudah diterima sebelumnya."),
                  galat=row.hasil.get("galat", {}), pemilih=voter_json(p) if p else None,
                  versi=p.versi if p else None)


_MEDAN_CHANGE = tuple(f.name for f in dataclasses.fields(Change))


def _dibatasi(change: Change) -> Change | Ditolak:
    """The service's own check of the bounds (the API checked them already; other callers,
    such as scripts and tests, may not have)."""
    try:
        # A shallow mapping: ``asdict`` deep-copies every change's data only to be read once.
        ChangeBatas.model_validate({name: getattr(change, name) for name in _MEDAN_CHANGE})
    except PydanticValidationError as exc:
        return Ditolak(change.id, galat_pydantic(exc.errors()))
    return change


def sync(petugas: Petugas, user, changes: list[Change | Ditolak], *,
         sudah_diperiksa: bool = False) -> list[Answer]:
    """Apply a batch of changes from one Pantarlih's phone; one answer per change, in order.

    ``sudah_diperiksa``: the caller already checked each change's bounds with ``ChangeIn``
    (the API does, change by change); otherwise the service checks them itself."""
    answers: list[Answer] = []
    with transaction.atomic():
        batch = Batch(petugas, user)
        batch.nkk_stiker = {str(c.data.get("nkk", "")) for c in changes
                            if isinstance(c, Change) and c.aksi == Aksi.STIKER
                            and isinstance(c.data, dict)}
        seen = {row.client_id: row for row in
                Perubahan.objects.filter(client_id__in=[c.id for c in changes])
                .select_related("pemilih")}
        wanted = {c.pemilih_id for c in changes if isinstance(c, Change) and c.pemilih_id}
        batch.voters = {p.pk: p for p in Pemilih.objects.filter(pk__in=wanted)}
        for change in changes:
            previous = seen.get(change.id) or batch.by_id.get(change.id)
            if previous is not None and previous.petugas_id != petugas.id:
                # Someone else's change id: refuse without echoing that change or its voter.
                answers.append(Answer(change.id, Status.REJECTED, _("Id perubahan sudah dipakai."),
                                      galat={"id": [_("Id ini milik perubahan lain; perangkat "
                                                      "harus membuat id baru.")]}))
                continue
            if previous is not None:
                answers.append(_replay(previous, batch.tps.id, batch.voters))
                continue
            if isinstance(change, Change) and not sudah_diperiksa:
                change = _dibatasi(change)
            if isinstance(change, Ditolak):
                # Nothing storable to record: refused without a write (the same answer again
                # when re-sent, since the checks do not depend on the state).
                answers.append(Answer(change.id, Status.REJECTED, _(PESAN_DITOLAK),
                                      galat=change.galat))
                continue
            if change.aksi not in Aksi.values:
                # Nothing to record against: an unknown action is refused without a write.
                answers.append(Answer(change.id, Status.REJECTED, _("Aksi tidak dikenal."),
                                      galat={"aksi": [_("Pilih salah satu dari: %(aksi)s.")
                                                      % {"aksi": ", ".join(Aksi.values)}]}))
                continue
            # No savepoint per change: every check runs before the change writes anything, so
            # a refusal leaves nothing behind. What is written was bounded first (validasi:
            # ranges, lengths, characters, sizes), so a phone's data cannot raise a database
            # error; any other failure (disk full) fails the whole batch, which the phone
            # retries (replays are harmless).
            try:
                answers.append(batch.apply(change))
            except ServiceError as exc:
                p = batch.voters.get(change.pemilih_id) if change.pemilih_id else None
                if p is not None and p.tps_id != batch.tps.id:
                    p = None  # never link a refused change to another TPS's voter
                batch.record(change, Status.REJECTED, pemilih=p, hasil={"galat": exc.galat})
                batch.appender.add(AksiAudit.COKLIT_TOLAK, user=user, objek_tipe="pemilih.pemilih",
                                   objek_id=change.pemilih_id or "",
                                   sesudah={"perubahan": str(change.id), "galat": exc.galat})
                answers.append(Answer(change.id, Status.REJECTED, exc.pesan, galat=exc.galat))
        batch.flush()
    return answers


def worklist(petugas: Petugas, sejak: int | None = None) -> dict:
    """The TPS's worklist, whole or only what changed after audit sequence ``sejak``."""
    # Read the head BEFORE the rows: a change committed in between then has rev > versi and
    # is simply sent again next time, never missed.
    head = AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0
    # Through the scope helper: the Pantarlih's TPS AND election (another election's list at
    # the same TPS is not theirs).
    scope = scope_petugas(petugas)
    qs = scoped(Pemilih.objects, scope)
    keluar: list[int] = []
    if sejak is not None:
        qs = qs.filter(rev__gt=sejak)
        keluar = list(scoped(PindahTPS.objects, scope).filter(rev__gt=sejak)
                      .exclude(pemilih__tps_id=petugas.tps_id)
                      .values_list("pemilih_id", flat=True))
    rows = list(qs.order_by("rt", "nkk", "id").values(*WORKLIST_FIELDS))
    for row in rows:
        row["tanggal_lahir"] = row["tanggal_lahir"].isoformat()
    return {
        "versi_daftar": head, "lengkap": sejak is None, "pemilih": rows, "keluar": keluar,
        "stiker": list(scoped(StikerKK.objects, scope).values_list("nkk", flat=True)),
    }
