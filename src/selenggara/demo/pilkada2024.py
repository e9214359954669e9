"""The contests, candidates and stage calendar of the Kota Kediri Pilkada 2024 (DOMAIN.md).

Voter, TPS and officer figures live in ``kediri.py`` beside the generator that plans them.

Dates marked "approx" are the project's reading of the national calendar (PKPU 2/2024 as
amended) where no Kota Kediri figure was published; the named facts (coklit, DPS, DPT, polling,
recap dates) are Kota Kediri's own.
"""

from datetime import date

from selenggara.demo.kediri import HARI_PEMUNGUTAN, KODE_KOTA

__all__ = ["HARI_PEMUNGUTAN", "KODE_KOTA"]

KODE_PROVINSI = "35"
NAMA_PEMILIHAN = "Pemilihan Serentak 2024 Kota Kediri"

# (jenis, wilayah kode, nama, [(nomor urut, kepala, wakil, Sirekap id, colour)])
KONTESTASI = [
    ("GUBERNUR", KODE_PROVINSI, "Pemilihan Gubernur dan Wakil Gubernur Jawa Timur 2024", [
        (1, "Hj. Luluk Nur Hamidah, M.Si.", "H. Lukmanul Khakim, M.Si.", "1000032", "#B67352"),
        (2, "Khofifah Indar Parawansa", "Emil Elestianto Dardak", "1000033", "#8CB9BD"),
        (3, "Dr. (H.C) Ir. Tri Rismaharini, M.T.", "Zahrul Azhar Asumta (Gus Hans), S.IP., M.Kes.",
         "1000034", "#C7B7A3"),
    ]),
    ("WALIKOTA", KODE_KOTA, "Pemilihan Wali Kota dan Wakil Wali Kota Kediri 2024", [
        (1, "Vinanda Prameswati, S.H., M.Kn.", "Qowimuddin Thoha", "1000786", "#B67352"),
        (2, "Ferry Silviana Feronica", "Regina Nadya Suwono", "1000787", "#8CB9BD"),
    ]),
]

# (kode, nama, mulai, selesai)
TAHAPAN = [
    ("pembentukan-ppk-pps", "Pembentukan PPK dan PPS (approx)", date(2024, 4, 18),
     date(2024, 5, 31)),
    ("pembentukan-pantarlih", "Pembentukan Pantarlih (approx)", date(2024, 6, 1),
     date(2024, 6, 23)),
    ("coklit", "Pencocokan dan penelitian (coklit)", date(2024, 6, 24), date(2024, 7, 24)),
    ("rekap-dphp", "Penyusunan DPHP dan rekapitulasi PPS/PPK (approx)", date(2024, 7, 25),
     date(2024, 8, 9)),
    ("penetapan-dps", "Rapat pleno penetapan DPS", date(2024, 8, 10), date(2024, 8, 10)),
    ("tanggapan-dps", "Pengumuman DPS dan tanggapan masyarakat", date(2024, 8, 18),
     date(2024, 8, 27)),
    ("perbaikan-dps", "Perbaikan DPS dan rekapitulasi DPSHP (approx)", date(2024, 8, 28),
     date(2024, 9, 18)),
    ("penetapan-dpt", "Rapat pleno penetapan DPT", date(2024, 9, 19), date(2024, 9, 19)),
    ("dptb", "Pelayanan pindah memilih (DPTb) sampai H-7", date(2024, 9, 20), date(2024, 11, 20)),
    ("kampanye", "Kampanye (approx)", date(2024, 9, 25), date(2024, 11, 23)),
    ("masa-tenang", "Masa tenang (approx)", date(2024, 11, 24), date(2024, 11, 26)),
    ("pemungutan", "Pemungutan dan penghitungan suara di TPS", date(2024, 11, 27),
     date(2024, 11, 27)),
    ("rekap-kecamatan", "Rekapitulasi hasil penghitungan suara di PPK (approx)",
     date(2024, 11, 28), date(2024, 12, 2)),
    ("rekap-kota", "Rekapitulasi hasil di KPU Kota (D.Hasil Kota)", date(2024, 12, 3),
     date(2024, 12, 3)),
    ("rekap-provinsi", "Rekapitulasi hasil Pemilihan Gubernur di KPU Provinsi", date(2024, 12, 9),
     date(2024, 12, 9)),
]

# Term of office of the ad hoc bodies (approx).
MASA_PPK_PPS = (date(2024, 5, 16), date(2025, 1, 15))
MASA_PANTARLIH = (date(2024, 6, 24), date(2024, 7, 24))
MASA_KPPS = (date(2024, 11, 6), date(2024, 12, 5))
