// Client-side copy of the voter-data rules (selenggara/rules/nik.py, pemilih.py,
// eligibility.py, kode.py). The server checks everything again; these checks exist so a
// Pantarlih without signal learns about a typo at the door, not days later at sync.
// Keep the messages in step with the Python rules.

export const FIELDS = ["nkk", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
  "status_kawin", "alamat", "rt", "rw", "disabilitas", "ktp_el"];

export const LABEL = {
  nkk: "NKK", nik: "NIK", nama: "Nama", jenis_kelamin: "Jenis kelamin",
  tempat_lahir: "Tempat lahir", tanggal_lahir: "Tanggal lahir",
  status_kawin: "Status perkawinan", alamat: "Alamat", rt: "RT", rw: "RW",
  disabilitas: "Disabilitas", ktp_el: "KTP-el",
};

export const JENIS_KELAMIN = [["L", "Laki-laki"], ["P", "Perempuan"]];
export const STATUS_KAWIN = [["B", "Belum kawin"], ["S", "Sudah kawin"], ["P", "Pernah kawin"]];
export const DISABILITAS = [
  ["0", "Tidak ada"], ["1", "Disabilitas fisik"], ["2", "Disabilitas intelektual"],
  ["3", "Disabilitas mental"], ["4", "Disabilitas sensorik wicara"],
  ["5", "Disabilitas sensorik rungu"], ["6", "Disabilitas sensorik netra"],
];
export const KTP_EL = [["S", "Sudah memiliki KTP-el"], ["B", "Belum memiliki KTP-el"]];
export const TMS_KODE = [
  ["1", "Meninggal dunia"], ["2", "Ganda"], ["3", "Di bawah umur"], ["4", "Pindah domisili"],
  ["5", "Warga negara asing (WNA)"], ["6", "Anggota TNI"], ["7", "Anggota Polri"],
  ["8", "Salah TPS (pindah ke TPS lain di kelurahan/desa yang sama)"],
];
// Evidence is required for 1 (death letter), 6 and 7 (member card): rules/kode.TMS_BUTUH_BUKTI.
export const TMS_BUTUH_BUKTI = new Set(["1", "6", "7"]);
export const TMS_SALAH_TPS = "8";
export const PILIHAN = {
  jenis_kelamin: JENIS_KELAMIN, status_kawin: STATUS_KAWIN, disabilitas: DISABILITAS,
  ktp_el: KTP_EL,
};

export function label(pilihan, kode) {
  const hit = pilihan.find(([k]) => k === kode);
  return hit ? hit[1] : (kode || "-");
}

const NAMA = /^[A-Za-z .,'`\-()]+$/;
const RT_RW = /^\d{1,3}$/;
const PANJANG = { nama: 150, tempat_lahir: 80, alamat: 200 };
const DIGIT = /^[0-9]*$/;

// ---- dates as plain {y, m, d}: no time zone can shift a birth date ---------------------------

export function urai(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
  if (!m) return null;
  const t = { y: +m[1], m: +m[2], d: +m[3] };
  return adaDiKalender(t.y, t.m, t.d) ? t : null;
}

function adaDiKalender(y, m, d) {
  if (m < 1 || m > 12 || d < 1) return false;
  const hari = [31, (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0)) ? 29 : 28, 31, 30, 31, 30,
    31, 31, 30, 31, 30, 31][m - 1];
  return d <= hari;
}

const banding = (a, b) => (a.y - b.y) || (a.m - b.m) || (a.d - b.d);
const dua = (n) => String(n).padStart(2, "0");
export const tglIndo = (t) => `${dua(t.d)}-${dua(t.m)}-${String(t.y).padStart(4, "0")}`;

export function hariIniIso(sekarang = new Date()) {
  return `${sekarang.getFullYear()}-${dua(sekarang.getMonth() + 1)}-${dua(sekarang.getDate())}`;
}

export function umurPada(lahir, pada) {
  let umur = pada.y - lahir.y;
  if (pada.m < lahir.m || (pada.m === lahir.m && pada.d < lahir.d)) umur -= 1;
  return umur;
}

// ---- NIK / NKK -------------------------------------------------------------------------------

const PESAN_NOMOR = {
  nik: {
    kosong: "NIK belum diisi. Isi 16 digit NIK sesuai KTP-el atau Kartu Keluarga.",
    bukan_angka: (c) => `NIK hanya boleh berisi angka 0-9; ditemukan karakter '${c}'. Hapus ` +
      "spasi, titik, tanda petik atau huruf, lalu salin ulang NIK dari KTP-el atau Kartu Keluarga.",
    panjang: (n) => `NIK harus 16 digit angka; yang diisi ${n} karakter. Periksa kembali NIK ` +
      "pada KTP-el.",
    provinsi: (k) => `Dua digit pertama NIK (${k}) bukan kode provinsi yang sah (11 sampai 99). ` +
      "Periksa kembali NIK pada KTP-el atau Kartu Keluarga.",
    kabkota: "Digit ke-3 dan ke-4 NIK (kode kabupaten/kota) tidak boleh 00. Periksa kembali " +
      "NIK pada KTP-el atau Kartu Keluarga.",
    kecamatan: "Digit ke-5 dan ke-6 NIK (kode kecamatan) tidak boleh 00. Periksa kembali NIK " +
      "pada KTP-el atau Kartu Keluarga.",
  },
  nkk: {
    kosong: "NKK belum diisi. Isi 16 digit NKK sesuai Kartu Keluarga.",
    bukan_angka: (c) => `NKK hanya boleh berisi angka 0-9; ditemukan karakter '${c}'. Hapus ` +
      "spasi, titik, tanda petik atau huruf, lalu salin ulang NKK dari Kartu Keluarga.",
    panjang: (n) => `NKK harus 16 digit angka; yang diisi ${n} karakter. Periksa kembali NKK ` +
      "pada Kartu Keluarga.",
    provinsi: (k) => `Dua digit pertama NKK (${k}) bukan kode provinsi yang sah (11 sampai 99). ` +
      "Periksa kembali NKK pada Kartu Keluarga.",
    kabkota: "Digit ke-3 dan ke-4 NKK (kode kabupaten/kota) tidak boleh 00. Periksa kembali " +
      "NKK pada Kartu Keluarga.",
    kecamatan: "Digit ke-5 dan ke-6 NKK (kode kecamatan) tidak boleh 00. Periksa kembali NKK " +
      "pada Kartu Keluarga.",
  },
};

const galat = (field, pesan) => ({ field, pesan, peringatan: false });
const peringatan = (field, pesan) => ({ field, pesan, peringatan: true });

function cekNomor16(nilai, field) {
  const p = PESAN_NOMOR[field];
  if (!nilai) return [galat(field, p.kosong)];
  const out = [];
  const salah = [...nilai].find((c) => c < "0" || c > "9");
  if (salah !== undefined) out.push(galat(field, p.bukan_angka(salah)));
  if (nilai.length !== 16) out.push(galat(field, p.panjang(nilai.length)));
  if (out.length) return out;
  if (+nilai.slice(0, 2) < 11) out.push(galat(field, p.provinsi(nilai.slice(0, 2))));
  if (nilai.slice(2, 4) === "00") out.push(galat(field, p.kabkota));
  if (nilai.slice(4, 6) === "00") out.push(galat(field, p.kecamatan));
  return out;
}

/** What the NIK says: {hari, bulan, yy, jk} or null when digits 7-10 are not a date. */
export function lahirDariNik(nik) {
  if (!nik || nik.length !== 16 || !DIGIT.test(nik)) return null;
  const dd = +nik.slice(6, 8), mm = +nik.slice(8, 10), yy = +nik.slice(10, 12);
  let hari, jk;
  if (dd >= 1 && dd <= 31) [hari, jk] = [dd, "L"];
  else if (dd >= 41 && dd <= 71) [hari, jk] = [dd - 40, "P"];
  else return null;
  if (mm < 1 || mm > 12) return null;
  return { hari, bulan: mm, yy, jk };
}

/** Problems of a NIK, alone or against the person's birth date ("YYYY-MM-DD") and sex. */
export function cekNik(nik, { tanggal_lahir, jenis_kelamin, kode_kecamatan } = {}) {
  const out = cekNomor16(nik, "nik");
  if (!nik || nik.length !== 16 || !DIGIT.test(nik)) return out;
  const dd = nik.slice(6, 8), mm = +nik.slice(8, 10);
  const lahir = lahirDariNik(nik);
  if (!((+dd >= 1 && +dd <= 31) || (+dd >= 41 && +dd <= 71))) {
    out.push(galat("nik", `Digit ke-7 dan ke-8 NIK (${dd}) bukan tanggal lahir yang sah: 01-31 ` +
      "untuk laki-laki, 41-71 untuk perempuan (tanggal + 40). Periksa kembali NIK pada KTP-el " +
      "atau Kartu Keluarga."));
  }
  if (mm < 1 || mm > 12) {
    out.push(galat("nik", `Digit ke-9 dan ke-10 NIK (${nik.slice(8, 10)}) bukan bulan lahir ` +
      "yang sah (01-12). Periksa kembali NIK pada KTP-el atau Kartu Keluarga."));
  }
  if (lahir) {
    // The century is not in a NIK: use the record's year when its last two digits agree,
    // else 20YY (a leap year whenever 19YY is one, like the server's choice for these ages).
    const t = urai(tanggal_lahir);
    const tahun = t && t.y % 100 === lahir.yy ? t.y : 2000 + lahir.yy;
    if (!adaDiKalender(tahun, lahir.bulan, lahir.hari)) {
      out.push(galat("nik", `Tanggal lahir pada NIK (${dua(lahir.hari)}-${dua(lahir.bulan)}-` +
        `${dua(lahir.yy)}) tidak ada di kalender. Periksa kembali digit ke-7 sampai ke-12 NIK ` +
        "pada KTP-el atau Kartu Keluarga."));
    }
  }
  if (nik.slice(12) === "0000") {
    out.push(galat("nik", "Empat digit terakhir NIK (nomor urut) tidak boleh 0000. Periksa " +
      "kembali NIK pada KTP-el atau Kartu Keluarga."));
  }
  if (kode_kecamatan && nik.slice(0, 6) !== kode_kecamatan) {
    const k = kode_kecamatan;
    out.push(peringatan("nik", `Kode wilayah pada NIK (${nik.slice(0, 2)}.${nik.slice(2, 4)}.` +
      `${nik.slice(4, 6)}) berbeda dengan kecamatan domisili (${k.slice(0, 2)}.${k.slice(2, 4)}.` +
      `${k.slice(4, 6)}). Ini wajar bila pemilih pindah domisili; pastikan alamat sesuai ` +
      "KTP-el atau surat keterangan domisili."));
  }
  if (!lahir) return out;
  const t = urai(tanggal_lahir);
  if (t && (t.d !== lahir.hari || t.m !== lahir.bulan || t.y % 100 !== lahir.yy)) {
    out.push(galat("tanggal_lahir", `Tanggal lahir ${tglIndo(t)} tidak cocok dengan NIK, yang ` +
      `mencatat tanggal ${dua(lahir.hari)}-${dua(lahir.bulan)}-${dua(lahir.yy)} ` +
      "(hari-bulan-tahun 2 digit). Samakan dengan KTP-el: perbaiki tanggal lahir atau NIK yang " +
      "salah ketik." + (lahir.jk === "P" ? " Ingat: pada NIK perempuan tanggal lahir ditambah " +
      "40." : "")));
  }
  if ((jenis_kelamin === "L" || jenis_kelamin === "P") && jenis_kelamin !== lahir.jk) {
    out.push(galat("jenis_kelamin", `Jenis kelamin ${jenis_kelamin} tidak cocok dengan NIK: ` +
      `digit ke-7 dan ke-8 NIK (${dd}) menandakan ${lahir.jk} (L laki-laki: 01-31; P perempuan: ` +
      "tanggal lahir + 40, 41-71). Periksa jenis kelamin atau NIK pada KTP-el."));
  }
  return out;
}

export function cekNkk(nkk) {
  const out = cekNomor16(nkk, "nkk");
  if (!out.length && nkk === "0".repeat(16)) {
    return [galat("nkk", "NKK tidak boleh berisi angka 0 semua. Isi NKK dari Kartu Keluarga " +
      "pemilih.")];
  }
  return out;
}

// ---- fields and whole records ----------------------------------------------------------------

/** Check and normalise the given fields (like rules.pemilih.clean_fields). */
export function bersihkan(data, fields = FIELDS) {
  const bersih = {};
  const masalah = [];
  for (const f of fields) {
    if (!(f in data)) continue;
    const teks = data[f] == null ? "" : String(data[f]).trim();
    if (f === "nama" || f === "tempat_lahir" || f === "alamat") {
      if (!teks) masalah.push(galat(f, `${LABEL[f]} wajib diisi; tulis seperti pada KTP-el atau KK.`));
      else if (teks.length > PANJANG[f]) {
        masalah.push(galat(f, `${LABEL[f]} terlalu panjang (${teks.length} karakter, paling ` +
          `banyak ${PANJANG[f]}); singkat seperlunya.`));
      } else if (f === "nama" && !NAMA.test(teks)) {
        masalah.push(galat(f, "Nama hanya boleh berisi huruf, spasi, titik, koma, tanda petik " +
          "dan tanda hubung; hapus angka atau simbol lain."));
      } else bersih[f] = teks.replace(/\s+/g, " ").toUpperCase();
    } else if (f === "nik" || f === "nkk") {
      bersih[f] = teks;
    } else if (f === "tanggal_lahir") {
      if (!urai(teks)) {
        masalah.push(galat(f, "Tanggal lahir tidak terbaca; isi dengan format " +
          "tahun-bulan-tanggal, mis. 1990-03-07."));
      } else bersih[f] = teks;
    } else if (f === "rt" || f === "rw") {
      if (!RT_RW.test(teks) || +teks === 0) {
        masalah.push(galat(f, `${f.toUpperCase()} harus angka 1 sampai 999, mis. 003.`));
      } else bersih[f] = String(+teks).padStart(3, "0");
    } else {
      const pilihan = PILIHAN[f];
      if (!pilihan.some(([k]) => k === teks)) {
        masalah.push(galat(f, `Pilih ${LABEL[f]}: ` +
          pilihan.map(([k, l]) => `${k} (${l})`).join(", ") + "."));
      } else bersih[f] = teks;
    }
  }
  return { bersih, masalah };
}

/** Whole-record checks (rules.pemilih.validate_record): NIK/NKK, NIK against birth date and
 * sex, birth not in the future, eligible on polling day (17, or married / ever married). */
export function cekRekaman(r, { hari_pemungutan, kode_kecamatan, hari_ini = hariIniIso() }) {
  const out = [];
  const tgl = urai(r.tanggal_lahir);
  const kini = urai(hari_ini);
  if (tgl && kini && banding(tgl, kini) > 0) {
    return [galat("tanggal_lahir", "Tanggal lahir di masa depan; periksa tahun lahir pada " +
      "KTP-el atau KK.")];
  }
  if ("nik" in r) {
    out.push(...cekNik(r.nik, { tanggal_lahir: r.tanggal_lahir, jenis_kelamin: r.jenis_kelamin,
      kode_kecamatan }));
  }
  if ("nkk" in r) out.push(...cekNkk(r.nkk));
  const hari = urai(hari_pemungutan);
  if (tgl && hari && ["B", "S", "P"].includes(r.status_kawin)) {
    if (banding(tgl, hari) > 0) {
      out.push(galat("tanggal_lahir", `Tanggal lahir ${tglIndo(tgl)} sesudah hari pemungutan ` +
        `suara ${tglIndo(hari)}. Periksa tanggal lahir pada KTP-el atau Kartu Keluarga.`));
    } else if (r.status_kawin === "B" && umurPada(tgl, hari) < 17) {
      out.push(galat("tanggal_lahir", `Pada hari pemungutan suara ${tglIndo(hari)} umurnya baru ` +
        `${umurPada(tgl, hari)} tahun dan belum pernah kawin, sedangkan pemilih harus berumur ` +
        "17 tahun atau sudah/pernah kawin. Tandai TMS kode 3 (di bawah umur), atau perbaiki " +
        "tanggal lahir / status kawin bila salah catat."));
    }
  }
  return out;
}

/** A NIK on documents handed to voters: only the last 4 digits (rules.nik.mask_nik_tail). */
export function samarkanNik(nik) {
  return nik && nik.length === 16 && DIGIT.test(nik) ? "*".repeat(12) + nik.slice(12)
    : "*".repeat(16);
}
