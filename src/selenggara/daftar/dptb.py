"""DPTb (pindah memilih): a voter on the DPT who must vote elsewhere, recorded until H-7.

:func:`catat` is the one write. PPS of the voter's kelurahan (on the DPT) or KPU record it:

- only once the DPT is set and until H-7 (``rules.daftar.batas_pindah`` from the working date),
  for an allowed reason (``rules.daftar.ALASAN_PINDAH``), once per voter;
- the destination is a TPS of this KPU (its room: the DPT at that TPS plus the DPTb voters
  already moved in must stay within ``Pemilihan.maks_pemilih_per_tps``) or a kab/kota outside;
- the ballots kept follow ``rules.daftar.surat_suara_pindah`` over the election's contests:
  within Kota Kediri both, another kab/kota of Jawa Timur only the Pilgub, outside the province
  none. A move that keeps no ballot is still recorded (the voter is taken off the origin TPS's
  count and may vote in the destination province's own election, if it holds one): the result
  carries a warning (``PindahMemilih.peringatan``), and the A-Surat Pindah Memilih says so.

The voter stays on the DPT of the origin (the list is frozen; nothing is written to the
register): the move is counted beside it (:func:`rekap_tps`).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Kontestasi, Pemilihan
from selenggara.petugas.scope import get_scope
from selenggara.rules import daftar as aturan
from selenggara.rules.problem import gettext_noop
from selenggara.web import jam
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .models import BarisDaftar, DaftarTetap, PemilihKhusus, PindahMemilih


def _kabkota(w: Wilayah) -> Wilayah:
    while w.tingkat > Tingkat.KABKOTA and w.induk is not None:
        w = w.induk
    return w


def _dpt(pemilihan: Pemilihan) -> DaftarTetap:
    dpt = DaftarTetap.objects.filter(pemilihan=pemilihan, tahap="DPT").first()
    if dpt is None:
        raise ServiceError.satu("tahap", "dptb_belum_dpt", gettext_noop(
            "Pindah memilih dicatat setelah KPU menetapkan DPT; DPT belum ditetapkan."),
            jenis=Jenis.KONFLIK)
    return dpt


def _wewenang(user, pemilihan: Pemilihan, baris: BarisDaftar) -> None:
    _wewenang_kelurahan(user, pemilihan, baris.kelurahan_id)


def _wewenang_kelurahan(user, pemilihan: Pemilihan, kelurahan_id: int) -> None:
    """PPS of the voter's kelurahan, or KPU of the election; anyone else learns nothing about
    another area's voter (the same 404 as a voter who does not exist)."""
    scope = get_scope(user)
    if scope.semua:
        return
    if scope.peran not in ("PPS", "KPU"):
        raise ServiceError.satu("", "dptb_bukan_wewenang", gettext_noop(
            "Pindah memilih dicatat oleh PPS kelurahan asal pemilih atau KPU."),
            jenis=Jenis.DITOLAK)
    area = kelurahan_id if scope.peran == "PPS" else pemilihan.wilayah_id
    if scope.wilayah_id != area or scope.pemilihan_id != pemilihan.pk:
        raise ServiceError.keadaan(_("Pemilih tidak ditemukan di wilayah Anda."),
                                   jenis=Jenis.TIDAK_DITEMUKAN, code="dptb_luar")


def terisi(pemilihan: Pemilihan, tps: TPS) -> int:
    """Voters at a TPS for the capacity rule: its DPT plus the DPTb voters moved in."""
    dpt = BarisDaftar.objects.filter(daftar__pemilihan=pemilihan, daftar__tahap="DPT",
                                     tps=tps).count()
    return dpt + PindahMemilih.objects.filter(pemilihan=pemilihan, tps_tujuan=tps).count()


def _nomor_surat(pemilihan: Pemilihan, tahun: int) -> str:
    n = PindahMemilih.objects.filter(pemilihan=pemilihan).count() + 1
    return f"{n}/PL.02.1-SPM/{pemilihan.wilayah.kode_polos}/{tahun}"


def catat(user, pemilih: Pemilih, *, alasan: str, tps_tujuan: TPS | None = None,
          tujuan_wilayah: Wilayah | None = None, keterangan: str = "") -> PindahMemilih:
    """Record a DPTb move (see the module docstring). Returns the move, with ``peringatan``
    (a list of sentences) set on it."""
    from .tanggapan import teks_polos

    keterangan, problems = teks_polos(keterangan, field="keterangan", maks=200)
    if problems:
        raise ServiceError(problems)
    if (tps_tujuan is None) == (tujuan_wilayah is None):
        raise ServiceError.satu("tps_tujuan", "dptb_tujuan", gettext_noop(
            "Pilih satu tujuan: TPS di wilayah KPU ini, atau kabupaten/kota lain."))
    with transaction.atomic():
        appender = Appender()
        pemilihan = Pemilihan.objects.select_related("wilayah__induk").get(
            pk=pemilih.pemilihan_id)
        dpt = _dpt(pemilihan)
        baris = (BarisDaftar.objects.filter(daftar=dpt, pemilih_id=pemilih.pk)
                 .select_related("tps__kelurahan").first())
        if baris is None:
            _wewenang_tanpa_baris(user, pemilihan, pemilih)
            raise ServiceError.satu("pemilih", "dptb_bukan_dpt", gettext_noop(
                "Pemilih ini tidak ada dalam DPT; pindah memilih hanya untuk pemilih DPT."))
        _wewenang(user, pemilihan, baris)
        ada = PindahMemilih.objects.filter(pemilihan=pemilihan, pemilih=pemilih).first()
        if ada is not None:
            raise ServiceError.keadaan(
                _("Pemilih ini sudah pindah memilih (surat %(nomor)s).")
                % {"nomor": ada.nomor_surat}, jenis=Jenis.KONFLIK, code="dptb_sudah")
        kota = pemilihan.wilayah
        sisa = None
        if tps_tujuan is not None:
            tps_tujuan = TPS.objects.select_related("kelurahan__induk__induk").get(
                pk=tps_tujuan.pk)
            if tps_tujuan.kelurahan.induk.induk_id != kota.pk:
                raise ServiceError.satu("tps_tujuan", "dptb_tps_luar", gettext_noop(
                    "TPS tujuan bukan TPS di wilayah KPU ini; pilih kabupaten/kota tujuan."))
            tujuan_kabkota = kota
            sisa = pemilihan.maks_pemilih_per_tps - terisi(pemilihan, tps_tujuan)
        else:
            tujuan_kabkota = _kabkota(Wilayah.objects.select_related("induk__induk__induk").get(
                pk=tujuan_wilayah.pk))
            if tujuan_kabkota.tingkat != Tingkat.KABKOTA:
                raise ServiceError.satu("tujuan_wilayah", "dptb_wilayah", gettext_noop(
                    "Pilih kabupaten/kota tujuan."))
            if tujuan_kabkota.pk == kota.pk:
                raise ServiceError.satu("tps_tujuan", "dptb_pilih_tps", gettext_noop(
                    "Tujuan di wilayah KPU ini: pilih TPS tujuannya."))
        problems = aturan.periksa_pindah(
            tanggal=jam.hari_ini(), hari_pemungutan=pemilihan.hari_pemungutan, alasan=alasan,
            tujuan_sama=tps_tujuan is not None and tps_tujuan.pk == baris.tps_id,
            sisa_kapasitas=sisa)
        if problems:
            jenis = (Jenis.KONFLIK if any(p.code in ("dptb_lewat_h7", "dptb_tps_penuh")
                                          for p in problems) else Jenis.TIDAK_VALID)
            raise ServiceError(problems, jenis=jenis)
        kontestasi = [(k.jenis, k.wilayah.kode) for k in
                      Kontestasi.objects.filter(pemilihan=pemilihan).select_related("wilayah")]
        provinsi = tujuan_kabkota.induk.kode if tujuan_kabkota.induk_id else None
        surat_suara = aturan.surat_suara_pindah(kontestasi, tujuan_kabkota=tujuan_kabkota.kode,
                                                tujuan_provinsi=provinsi)
        pindah = PindahMemilih.objects.create(
            pemilihan=pemilihan, pemilih=pemilih,
            nomor_surat=_nomor_surat(pemilihan, jam.hari_ini().year), alasan=alasan,
            tps_asal=baris.tps, tps_tujuan=tps_tujuan, tujuan_wilayah=tujuan_kabkota,
            tujuan_keterangan=keterangan, surat_suara=surat_suara, dicatat=appender.waktu,
            oleh=user if getattr(user, "pk", None) else None)
        appender.add(AksiAudit.DAFTAR_PINDAH_MEMILIH, user=user, objek=pindah, sesudah={
            "nomor_surat": pindah.nomor_surat, "alasan": alasan, "pemilih_id": pemilih.pk,
            "nik_akhir": baris.nik[-4:], "tps_asal": baris.tps.kode,
            "tps_tujuan": tps_tujuan.kode if tps_tujuan else "",
            "tujuan_wilayah": tujuan_kabkota.kode, "surat_suara": surat_suara})
        appender.flush()
    pindah.peringatan = peringatan(pindah)
    return pindah


def _wewenang_tanpa_baris(user, pemilihan: Pemilihan, pemilih: Pemilih) -> None:
    """A voter not on the DPT: the caller still learns nothing about another area's voter."""
    _wewenang_kelurahan(user, pemilihan, pemilih.kelurahan_id)


def peringatan(pindah: PindahMemilih) -> list[str]:
    if pindah.surat_suara:
        return []
    return [_("Tujuan di luar wilayah setiap pemilihan ini: pemilih tidak menerima surat suara "
              "pemilihan ini di tempat tujuan. Ia dapat memilih dalam pemilihan di provinsi "
              "tujuannya bila ada, dan tidak lagi dihitung di TPS asal.")]


def rekap_tps(pemilihan: Pemilihan) -> dict[int, dict[str, int]]:
    """Per TPS: DPT voters, DPTb moved in and out, DPK voters (each one GROUP BY)."""
    hasil: dict[int, dict[str, int]] = {}

    def isi(rows, kolom):
        for tps_id, n in rows:
            if tps_id is None:
                continue
            hasil.setdefault(tps_id, {"dpt": 0, "dptb_masuk": 0, "dptb_keluar": 0,
                                      "dpk": 0})[kolom] = n

    dpt = DaftarTetap.objects.filter(pemilihan=pemilihan, tahap="DPT").values_list(
        "pk", flat=True).first()
    if dpt is not None:
        isi(BarisDaftar.objects.filter(daftar_id=dpt).order_by().values("tps_id")
            .annotate(n=Count("id")).values_list("tps_id", "n"), "dpt")
    pm = PindahMemilih.objects.filter(pemilihan=pemilihan).order_by()
    isi(pm.values("tps_tujuan_id").annotate(n=Count("id")).values_list("tps_tujuan_id", "n"),
        "dptb_masuk")
    isi(pm.values("tps_asal_id").annotate(n=Count("id")).values_list("tps_asal_id", "n"),
        "dptb_keluar")
    isi(PemilihKhusus.objects.filter(pemilihan=pemilihan).order_by().values("tps_id")
        .annotate(n=Count("id")).values_list("tps_id", "n"), "dpk")
    return hasil

