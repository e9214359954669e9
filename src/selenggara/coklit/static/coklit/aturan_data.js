// generated from selenggara.rules by `selenggara coklit aturan-js`; do not edit.
// Source: selenggara.rules.katalog.katalog(); the logic using it is in aturan.js.

export default {
  "fields": [
    "nkk",
    "nik",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "status_kawin",
    "alamat",
    "rt",
    "rw",
    "disabilitas",
    "ktp_el"
  ],
  "label": {
    "nkk": "NKK",
    "nik": "NIK",
    "nama": "Nama",
    "jenis_kelamin": "Jenis kelamin",
    "tempat_lahir": "Tempat lahir",
    "tanggal_lahir": "Tanggal lahir",
    "status_kawin": "Status perkawinan",
    "alamat": "Alamat",
    "rt": "RT",
    "rw": "RW",
    "disabilitas": "Disabilitas",
    "ktp_el": "KTP-el"
  },
  "kode": {
    "JENIS_KELAMIN": [
      [
        "L",
        "Laki-laki"
      ],
      [
        "P",
        "Perempuan"
      ]
    ],
    "STATUS_KAWIN": [
      [
        "B",
        "Belum kawin"
      ],
      [
        "S",
        "Sudah kawin"
      ],
      [
        "P",
        "Pernah kawin"
      ]
    ],
    "DISABILITAS": [
      [
        "0",
        "Tidak ada"
      ],
      [
        "1",
        "Disabilitas fisik"
      ],
      [
        "2",
        "Disabilitas intelektual"
      ],
      [
        "3",
        "Disabilitas mental"
      ],
      [
        "4",
        "Disabilitas sensorik wicara"
      ],
      [
        "5",
        "Disabilitas sensorik rungu"
      ],
      [
        "6",
        "Disabilitas sensorik netra"
      ]
    ],
    "KTP_EL": [
      [
        "S",
        "Sudah memiliki KTP-el"
      ],
      [
        "B",
        "Belum memiliki KTP-el"
      ]
    ],
    "TMS_KODE": [
      [
        "1",
        "Meninggal dunia"
      ],
      [
        "2",
        "Ganda"
      ],
      [
        "3",
        "Di bawah umur"
      ],
      [
        "4",
        "Pindah domisili"
      ],
      [
        "5",
        "Warga negara asing (WNA)"
      ],
      [
        "6",
        "Anggota TNI"
      ],
      [
        "7",
        "Anggota Polri"
      ],
      [
        "8",
        "Salah TPS (pindah ke TPS lain di kelurahan/desa yang sama)"
      ]
    ],
    "TMS_BUTUH_BUKTI": [
      "1",
      "6",
      "7"
    ],
    "TMS_SALAH_TPS": "8"
  },
  "pilihan": {
    "jenis_kelamin": "JENIS_KELAMIN",
    "status_kawin": "STATUS_KAWIN",
    "disabilitas": "DISABILITAS",
    "ktp_el": "KTP_EL"
  },
  "status_kawin_sudah_atau_pernah": [
    "P",
    "S"
  ],
  "batas": {
    "panjang_maks": {
      "nama": 150,
      "tempat_lahir": 80,
      "alamat": 200
    },
    "nik_panjang": 16,
    "nkk_panjang": 16,
    "tambahan_tanggal_perempuan": 40,
    "umur_minimal_pemilih": 17
  },
  "pola": {
    "nama": "^[A-Za-z][A-Za-z .,'`\\-()]*$",
    "rt_rw": "^\\d{1,3}$"
  },
  "pesan": {
    "nik_kosong": "NIK belum diisi. Isi 16 digit NIK sesuai KTP-el atau Kartu Keluarga.",
    "nik_bukan_angka": "NIK hanya boleh berisi angka 0-9; ditemukan karakter %(karakter)s. Hapus spasi, titik, tanda petik atau huruf, lalu salin ulang NIK dari KTP-el atau Kartu Keluarga.",
    "nik_panjang": "NIK harus 16 digit angka; yang diisi %(panjang)s karakter. Periksa kembali NIK pada KTP-el.",
    "nik_provinsi": "Dua digit pertama NIK (%(kode)s) bukan kode provinsi yang sah (11 sampai 99). Periksa kembali NIK pada KTP-el atau Kartu Keluarga.",
    "nik_kabkota": "Digit ke-3 dan ke-4 NIK (kode kabupaten/kota) tidak boleh 00. Periksa kembali NIK pada KTP-el atau Kartu Keluarga.",
    "nik_kecamatan": "Digit ke-5 dan ke-6 NIK (kode kecamatan) tidak boleh 00. Periksa kembali NIK pada KTP-el atau Kartu Keluarga.",
    "nik_tanggal": "Digit ke-7 dan ke-8 NIK (%(tanggal)s) bukan tanggal lahir yang sah: 01-31 untuk laki-laki, 41-71 untuk perempuan (tanggal + 40). Periksa kembali NIK pada KTP-el atau Kartu Keluarga.",
    "nik_bulan": "Digit ke-9 dan ke-10 NIK (%(bulan)s) bukan bulan lahir yang sah (01-12). Periksa kembali NIK pada KTP-el atau Kartu Keluarga.",
    "nik_tanggal_tidak_ada": "Tanggal lahir pada NIK (%(tanggal)s) tidak ada di kalender. Periksa kembali digit ke-7 sampai ke-12 NIK pada KTP-el atau Kartu Keluarga.",
    "nik_nomor_urut": "Empat digit terakhir NIK (nomor urut) tidak boleh 0000. Periksa kembali NIK pada KTP-el atau Kartu Keluarga.",
    "nik_kecamatan_beda": "Kode wilayah pada NIK (%(kode_nik)s) berbeda dengan kecamatan domisili (%(kode_kecamatan)s). Ini wajar bila pemilih pindah domisili; pastikan alamat sesuai KTP-el atau surat keterangan domisili.",
    "nik_tanggal_lahir_beda": "Tanggal lahir %(tanggal_lahir)s tidak cocok dengan NIK, yang mencatat tanggal %(tanggal_nik)s (hari-bulan-tahun 2 digit). Samakan dengan KTP-el: perbaiki tanggal lahir atau NIK yang salah ketik.",
    "nik_jenis_kelamin_beda": "Jenis kelamin %(jenis_kelamin)s tidak cocok dengan NIK: digit ke-7 dan ke-8 NIK (%(tanggal)s) menandakan %(jk_nik)s (L laki-laki: 01-31; P perempuan: tanggal lahir + 40, 41-71). Periksa jenis kelamin atau NIK pada KTP-el.",
    "nkk_kosong": "NKK belum diisi. Isi 16 digit NKK sesuai Kartu Keluarga.",
    "nkk_bukan_angka": "NKK hanya boleh berisi angka 0-9; ditemukan karakter %(karakter)s. Hapus spasi, titik, tanda petik atau huruf, lalu salin ulang NKK dari Kartu Keluarga.",
    "nkk_panjang": "NKK harus 16 digit angka; yang diisi %(panjang)s karakter. Periksa kembali NKK pada Kartu Keluarga.",
    "nkk_provinsi": "Dua digit pertama NKK (%(kode)s) bukan kode provinsi yang sah (11 sampai 99). Periksa kembali NKK pada Kartu Keluarga.",
    "nkk_kabkota": "Digit ke-3 dan ke-4 NKK (kode kabupaten/kota) tidak boleh 00. Periksa kembali NKK pada Kartu Keluarga.",
    "nkk_kecamatan": "Digit ke-5 dan ke-6 NKK (kode kecamatan) tidak boleh 00. Periksa kembali NKK pada Kartu Keluarga.",
    "nkk_nol": "NKK tidak boleh berisi angka 0 semua. Isi NKK dari Kartu Keluarga pemilih.",
    "wajib": "%(field)s wajib diisi; tulis seperti pada KTP-el atau KK.",
    "terlalu_panjang": "%(field)s terlalu panjang (%(panjang)s karakter, paling banyak %(maks)s); singkat seperlunya.",
    "nama_karakter": "Nama harus diawali huruf dan hanya boleh berisi huruf, spasi, titik, koma, tanda petik, tanda hubung dan tanda kurung; hapus angka atau simbol lain.",
    "tanggal_format": "Tanggal lahir tidak terbaca; isi dengan format tahun-bulan-tanggal, mis. 1990-03-07.",
    "rt_rw": "%(field)s harus angka 1 sampai 999, mis. 003.",
    "kode_tidak_dikenal": "Kode %(nilai)s tidak dikenal untuk %(field)s; pilih salah satu dari %(pilihan)s.",
    "tanggal_masa_depan": "Tanggal lahir di masa depan; periksa tahun lahir pada KTP-el atau KK.",
    "kode_tms": "Kode TMS %(nilai)s tidak dikenal; pilih 1 sampai 8.",
    "bukti_wajib": "TMS %(kode)s (%(arti)s) wajib menyebut dokumen bukti, mis. nomor surat kematian atau kartu anggota; isi kolom dokumen.",
    "lahir_setelah_pemungutan": "Tanggal lahir %(tanggal_lahir)s sesudah hari pemungutan suara %(hari_pemungutan)s. Periksa tanggal lahir pada KTP-el atau Kartu Keluarga.",
    "di_bawah_umur": "Pada hari pemungutan suara %(hari_pemungutan)s umurnya baru %(umur)s tahun dan belum pernah kawin, sedangkan pemilih harus berumur %(umur_minimal)s tahun atau sudah/pernah kawin. Tandai TMS kode 3 (di bawah umur), atau perbaiki tanggal lahir / status kawin bila salah catat.",
    "tni_polri_aktif": "Anggota TNI atau Polri aktif tidak mempunyai hak pilih. Tandai TMS kode 6 (TNI) atau 7 (Polri) dengan bukti kartu anggota; bila sudah pensiun atau berhenti, catat sebagai purnawirawan dan tetap daftarkan.",
    "bukan_wni": "Hanya warga negara Indonesia yang mempunyai hak pilih. Tandai TMS kode 5 (WNA), atau perbaiki data kewarganegaraan bila salah catat."
  }
};
