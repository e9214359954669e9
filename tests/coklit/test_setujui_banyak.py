"""PPS "Setujui yang dipilih": several changes approved at once, all or nothing."""

from __future__ import annotations

import uuid

import pytest
from django.utils import timezone

from selenggara.audit.models import AuditHead, AuditRecord
from selenggara.audit.services import verify
from selenggara.coklit import keputusan
from selenggara.coklit import rekap as rekap_coklit
from selenggara.coklit import sync as services
from selenggara.coklit.models import Perubahan, RekapCoklit, Status, Tinjauan
from selenggara.coklit.sync import Change
from selenggara.errors import Jenis, ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.petugas.models import Petugas


def _kirim(petugas, user, *changes: Change) -> list[Perubahan]:
    answers = services.sync(petugas, user, list(changes))
    assert all(a.status in ("applied", "conflict") for a in answers), [a.galat for a in answers]
    return [Perubahan.objects.get(client_id=c.id) for c in changes]


def _tms(p: Pemilih, kode: str, versi=None, **data) -> Change:
    return Change(id=uuid.uuid4(), aksi="TMS", pemilih_id=p.pk,
                  versi=p.versi if versi is None else versi, data={"kode": kode, **data},
                  waktu_perangkat=timezone.now())


def _ubah(p: Pemilih, versi=None, **fields) -> Change:
    return Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=p.pk,
                  versi=p.versi if versi is None else versi, data={"ubah": fields},
                  waktu_perangkat=timezone.now())


def _pemilih(ns, nama) -> Pemilih:
    return Pemilih.objects.get(pk=ns.pemilih[nama].pk)


def _seq() -> int:
    return AuditHead.objects.get(pk=1).seq


def _menunggu(ns) -> int:
    return RekapCoklit.objects.get(pemilihan=ns.pemilihan, tingkat=4,
                                   objek_id=ns.bandar_lor.id).menunggu


@pytest.fixture
def antre(kediri_mini):
    """Three applied changes waiting in Bandar Lor, and one conflict."""
    ns = kediri_mini
    rows = _kirim(ns.petugas_pantarlih, ns.pantarlih,
                  _ubah(_pemilih(ns, "Ahmad Fauzi"), alamat="Jl. Mawar 3"),
                  _tms(_pemilih(ns, "Siti Aminah"), "4"),
                  _tms(_pemilih(ns, "Budi Santoso"), "1", dokumen="Surat kematian kelurahan"))
    (konflik,) = _kirim(ns.petugas_pantarlih, ns.pantarlih,
                        _ubah(_pemilih(ns, "Ahmad Fauzi"), versi=1, tempat_lahir="Blitar"))
    assert konflik.status == Status.CONFLICT
    return ns, rows, konflik


def test_setujui_banyak_satu_catatan_audit_per_perubahan_dan_rekap_bergerak(antre):
    ns, rows, _konflik = antre
    versi = {p: _pemilih(ns, p).versi for p in ("Ahmad Fauzi", "Siti Aminah", "Budi Santoso")}
    seq, menunggu = _seq(), _menunggu(ns)
    hasil = keputusan.setujui_banyak(ns.pps_bl, [r.pk for r in rows] + [rows[0].pk])
    assert hasil.pesan == "3 perubahan disetujui."
    assert [r.pk for r in hasil.perubahan] == sorted(r.pk for r in rows)
    for r in rows:
        r.refresh_from_db()
        assert r.tinjauan == Tinjauan.DISETUJUI and r.ditinjau_oleh == ns.pps_bl
        assert r.ditinjau_pada is not None
    records = list(AuditRecord.objects.filter(seq__gt=seq).order_by("seq"))
    assert [x.aksi for x in records] == ["pps.setujui"] * 3
    assert {x.objek_id for x in records} == {str(r.pk) for r in rows}
    assert all(x.username == "pps_bandarlor" and x.sesudah["bersama"] == 3 for x in records)
    # The voters are not touched; the backlog shrinks by three, once per change.
    assert {p: _pemilih(ns, p).versi for p in versi} == versi
    assert _menunggu(ns) == menunggu - 3
    assert rekap_coklit.periksa(ns.pemilihan.id) == []
    assert verify().ok


def test_semua_atau_tidak_sama_sekali(antre):
    ns, rows, konflik = antre
    keputusan.setujui(ns.pps_bl, rows[1].pk)  # a colleague approved one a moment ago
    seq = _seq()
    with pytest.raises(ServiceError) as exc:
        keputusan.setujui_banyak(ns.pps_bl, [r.pk for r in rows])
    assert exc.value.jenis == Jenis.KONFLIK
    assert "1 dari 3 perubahan yang dipilih sudah diputuskan" in exc.value.pesan
    with pytest.raises(ServiceError) as exc:
        keputusan.setujui_banyak(ns.pps_bl, [rows[0].pk, konflik.pk])
    assert exc.value.jenis == Jenis.TIDAK_VALID and "konflik" in exc.value.pesan
    assert _seq() == seq
    assert Perubahan.objects.get(pk=rows[0].pk).tinjauan == Tinjauan.MENUNGGU
    assert Perubahan.objects.get(pk=konflik.pk).tinjauan == Tinjauan.MENUNGGU


def test_perubahan_wilayah_lain_tidak_ditemukan_dan_bukan_pps_ditolak(antre):
    ns, rows, _konflik = antre
    pojok = Petugas.objects.get(nama="Heru Cahyono")
    (lain,) = _kirim(pojok, None, _tms(_pemilih(ns, "Rina Wulandari"), "4"))
    seq = _seq()
    with pytest.raises(ServiceError) as exc:
        keputusan.setujui_banyak(ns.pps_bl, [rows[0].pk, lain.pk])
    assert exc.value.jenis == Jenis.TIDAK_DITEMUKAN
    assert "1 dari 2" in exc.value.pesan and str(lain.pk) not in exc.value.pesan
    with pytest.raises(ServiceError) as exc:
        keputusan.setujui_banyak(ns.ppk, [rows[0].pk])
    assert exc.value.jenis == Jenis.DITOLAK
    assert _seq() == seq
    assert Perubahan.objects.get(pk=lain.pk).tinjauan == Tinjauan.MENUNGGU
    # The PPS of Pojok may approve it.
    keputusan.setujui_banyak(ns.pps_pj, [lain.pk])
    assert Perubahan.objects.get(pk=lain.pk).tinjauan == Tinjauan.DISETUJUI


def test_pilihan_kosong_tidak_terbaca_atau_terlalu_banyak(antre):
    ns, _rows, _konflik = antre
    for ids, kode in (([], "pilih_perubahan"), (["x"], "id_tidak_sah"),
                      (range(1, keputusan.MAKS_SETUJUI_BANYAK + 2), "terlalu_banyak_dipilih")):
        with pytest.raises(ServiceError) as exc:
            keputusan.setujui_banyak(ns.pps_bl, ids)
        assert exc.value.kode() == [kode]
        assert exc.value.galat["perubahan"]
