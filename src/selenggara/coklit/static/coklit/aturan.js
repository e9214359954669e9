// The voter-data checks of selenggara/rules, for the phone: rules.pemilih.clean_fields
// (bersihkan) and validate_record (cekRekaman), with rules.nik.validate_nik (cekNik),
// validate_nkk (cekNkk) and rules.eligibility.syarat_pemilih (syaratPemilih). The server checks
// everything again; these checks exist so a Pantarlih without signal learns about a typo at
// the door, not days later at sync.
//
// Only the logic lives here. Every code list, label, limit, pattern and message comes from
// ./aturan_data.js, generated from rules/ by `selenggara coklit aturan-js`: change them in
// rules/, never in JavaScript. Each problem is {field, code, params, pesan, peringatan}: field,
// code and params exactly as the Python Problem, pesan its Indonesian text (Problem.text()),
// peringatan true for a warning. tests/browser/test_aturan_js.py compares both, record by record.

import DATA from "./aturan_data.js";
import { kini } from "./jam.js";

const K = DATA.kode;
const BATAS = DATA.batas;

export const FIELDS = DATA.fields;
export const LABEL = DATA.label;
export const PESAN = DATA.pesan;
export const JENIS_KELAMIN = K.JENIS_KELAMIN;
export const STATUS_KAWIN = K.STATUS_KAWIN;
export const DISABILITAS = K.DISABILITAS;
export const KTP_EL = K.KTP_EL;
export const TMS_KODE = K.TMS_KODE;
// Evidence is required for 1 (death letter), 6 and 7 (member card): rules/kode.TMS_BUTUH_BUKTI.
export const TMS_BUTUH_BUKTI = new Set(K.TMS_BUTUH_BUKTI);
export const TMS_SALAH_TPS = K.TMS_SALAH_TPS;
/** field -> its code list (rules.pemilih.PILIHAN). */
export const PILIHAN = Object.fromEntries(
  Object.entries(DATA.pilihan).map(([field, nama]) => [field, K[nama]]));

export function label(pilihan, kode) {
  const hit = pilihan.find(([k]) => k === kode);
  return hit ? hit[1] : (kode || "-");
}

const POLA_NAMA = new RegExp(DATA.pola.nama);
const POLA_RT_RW = new RegExp(DATA.pola.rt_rw);
const SUDAH_ATAU_PERNAH_KAWIN = new Set(DATA.status_kawin_sudah_atau_pernah);
const ada = (pilihan, kode) => pilihan.some(([k]) => k === kode);

// ---- Python semantics the messages depend on -------------------------------------------------

/** Python's `template % params` for `%(name)s` and `%%`. A missing parameter stays visible
 * (Python would raise; the phone must not crash at the door over a message). */
export function format(template, params = {}) {
  return String(template).replace(/%(?:\(([^)]*)\)s|%)/g, (utuh, nama) => {
    if (nama === undefined) return "%";
    return nama in params ? String(params[nama]) : utuh;
  });
}

// Python's str.isprintable() is false for categories C* (other) and Z* (separators) except the
// ASCII space; repr() escapes those.
const TAK_TERCETAK = /^[\p{C}\p{Z}]$/u;
const heksa = (n, lebar) => n.toString(16).padStart(lebar, "0");

/** Python's repr() of a str, e.g. 'A', "'", '\t', '\xa0' (rules.nik reports repr(char)). */
export function reprPy(s) {
  const teks = String(s);
  const kutip = teks.includes("'") && !teks.includes('"') ? '"' : "'";
  let out = kutip;
  for (const c of teks) {
    const n = c.codePointAt(0);
    if (c === kutip || c === "\\") out += "\\" + c;
    else if (c === "\t") out += "\\t";
    else if (c === "\n") out += "\\n";
    else if (c === "\r") out += "\\r";
    else if (n < 0x20 || n === 0x7f) out += "\\x" + heksa(n, 2);
    else if (n < 0x7f || !TAK_TERCETAK.test(c)) out += c;
    else if (n <= 0xff) out += "\\x" + heksa(n, 2);
    else if (n <= 0xffff) out += "\\u" + heksa(n, 4);
    else out += "\\U" + heksa(n, 8);
  }
  return out + kutip;
}

// Python's str.strip() and re's \s (they agree): not quite JavaScript's trim() and \s.
const SPASI_PY = "[\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029" +
  "\\u202f\\u205f\\u3000]";
const TEPI_SPASI = new RegExp(`^${SPASI_PY}+|${SPASI_PY}+$`, "g");
const DERET_SPASI = new RegExp(`${SPASI_PY}+`, "g");
const stripPy = (s) => s.replace(TEPI_SPASI, "");
/** len() of a Python str: code points, not UTF-16 units. */
const panjang = (s) => [...s].length;

// ---- problems --------------------------------------------------------------------------------

function masalah(field, code, params = {}, peringatan = false) {
  return { field, code, params, pesan: format(PESAN[code] ?? code, params), peringatan };
}

// ---- dates as plain {y, m, d}: no time zone can shift a birth date ---------------------------

export function urai(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(String(iso || ""));
  if (!m) return null;
  const t = { y: +m[1], m: +m[2], d: +m[3] };
  return t.y >= 1 && adaDiKalender(t.y, t.m, t.d) ? t : null;
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

export function hariIniIso(sekarang = kini()) {
  return `${sekarang.getFullYear()}-${dua(sekarang.getMonth() + 1)}-${dua(sekarang.getDate())}`;
}

export function umurPada(lahir, pada) {
  let umur = pada.y - lahir.y;
  if (pada.m < lahir.m || (pada.m === lahir.m && pada.d < lahir.d)) umur -= 1;
  return umur;
}

// ---- NIK / NKK (rules.nik) -------------------------------------------------------------------

const DIGIT = new Set("0123456789");
const angka = (s) => [...s].every((c) => DIGIT.has(c));
const PANJANG_NOMOR = { nik: BATAS.nik_panjang, nkk: BATAS.nkk_panjang };
const TAMBAH_P = BATAS.tambahan_tanggal_perempuan;
const nomorUtuh = (nilai, field) =>
  typeof nilai === "string" && nilai.length === PANJANG_NOMOR[field] && angka(nilai);

/** Presence, ASCII digits and length (rules.nik._cek_nomor_16). */
function cekNomor16(nilai, field) {
  if (nilai == null || nilai === "") return [masalah(field, `${field}_kosong`)];
  const teks = String(nilai);
  const out = [];
  const salah = [...teks].find((c) => !DIGIT.has(c));
  if (salah !== undefined) {
    out.push(masalah(field, `${field}_bukan_angka`, { karakter: reprPy(salah) }));
  }
  if (panjang(teks) !== PANJANG_NOMOR[field]) {
    out.push(masalah(field, `${field}_panjang`, { panjang: panjang(teks) }));
  }
  return out;
}

/** Region prefix: provinsi 11..99, kab/kota and kecamatan not 00 (rules.nik._cek_wilayah). */
function cekWilayah(nilai, field) {
  const out = [];
  if (+nilai.slice(0, 2) < 11) {
    out.push(masalah(field, `${field}_provinsi`, { kode: nilai.slice(0, 2) }));
  }
  if (nilai.slice(2, 4) === "00") out.push(masalah(field, `${field}_kabkota`));
  if (nilai.slice(4, 6) === "00") out.push(masalah(field, `${field}_kecamatan`));
  return out;
}

/** What the NIK says: {hari, bulan, yy, jk} or null when digits 7-10 are not a date. */
export function lahirDariNik(nik) {
  if (!nomorUtuh(nik, "nik")) return null;
  const dd = +nik.slice(6, 8), mm = +nik.slice(8, 10), yy = +nik.slice(10, 12);
  let hari, jk;
  if (dd >= 1 && dd <= 31) [hari, jk] = [dd, "L"];
  else if (dd >= 1 + TAMBAH_P && dd <= 31 + TAMBAH_P) [hari, jk] = [dd - TAMBAH_P, "P"];
  else return null;
  if (mm < 1 || mm > 12) return null;
  return { hari, bulan: mm, yy, jk };
}

const titikKec = (k) => `${k.slice(0, 2)}.${k.slice(2, 4)}.${k.slice(4, 6)}`;

/** Problems of a NIK, alone or against the person's birth date ("YYYY-MM-DD"), sex and
 * kecamatan (dotted or not), like rules.nik.validate_nik. `reference` ("YYYY-MM-DD", default
 * today; cekRekaman passes polling day) picks the century of the NIK's two-digit year. */
export function cekNik(nik, { tanggal_lahir, jenis_kelamin, kode_kecamatan, reference } = {}) {
  const out = cekNomor16(nik, "nik");
  if (out.length || !nomorUtuh(nik, "nik")) return out;
  out.push(...cekWilayah(nik, "nik"));
  const dd = +nik.slice(6, 8), mm = +nik.slice(8, 10), yy = +nik.slice(10, 12);
  const lahir = lahirDariNik(nik);
  if (!((dd >= 1 && dd <= 31) || (dd >= 1 + TAMBAH_P && dd <= 31 + TAMBAH_P))) {
    out.push(masalah("nik", "nik_tanggal", { tanggal: nik.slice(6, 8) }));
  }
  if (mm < 1 || mm > 12) out.push(masalah("nik", "nik_bulan", { bulan: nik.slice(8, 10) }));
  const t = urai(tanggal_lahir);
  if (lahir) {
    // The century is not in a NIK: the record's year when its last two digits agree, else
    // 20YY unless that is after `reference`, then 19YY (rules.nik._urai).
    let tahun;
    if (t && t.y % 100 === yy) tahun = t.y;
    else {
      const ref = urai(reference) || urai(hariIniIso());
      tahun = banding({ y: 2000 + yy, m: mm, d: lahir.hari }, ref) <= 0 ? 2000 + yy : 1900 + yy;
    }
    if (!adaDiKalender(tahun, mm, lahir.hari)) {
      out.push(masalah("nik", "nik_tanggal_tidak_ada",
        { tanggal: tglIndo({ y: tahun, m: mm, d: lahir.hari }) }));
    }
  }
  if (nik.slice(12) === "0000") out.push(masalah("nik", "nik_nomor_urut"));
  if (kode_kecamatan) {
    const kec = String(kode_kecamatan).replace(/\./g, "");
    if (kec.length === 6 && nik.slice(0, 6) !== kec) {
      out.push(masalah("nik", "nik_kecamatan_beda",
        { kode_nik: titikKec(nik), kode_kecamatan: titikKec(kec) }, true));
    }
  }
  if (!lahir) return out;
  if (t && (t.d !== lahir.hari || t.m !== lahir.bulan || t.y % 100 !== lahir.yy)) {
    out.push(masalah("tanggal_lahir", "nik_tanggal_lahir_beda", {
      tanggal_lahir: tglIndo(t),
      tanggal_nik: `${dua(lahir.hari)}-${dua(lahir.bulan)}-${dua(lahir.yy)}`,
    }));
  }
  if ((jenis_kelamin === "L" || jenis_kelamin === "P") && jenis_kelamin !== lahir.jk) {
    out.push(masalah("jenis_kelamin", "nik_jenis_kelamin_beda",
      { jenis_kelamin, tanggal: nik.slice(6, 8), jk_nik: lahir.jk }));
  }
  return out;
}

/** Problems of an NKK (rules.nik.validate_nkk). */
export function cekNkk(nkk) {
  const out = cekNomor16(nkk, "nkk");
  if (out.length) return out;
  if (nkk === "0".repeat(PANJANG_NOMOR.nkk)) return [masalah("nkk", "nkk_nol")];
  return cekWilayah(nkk, "nkk");
}

// ---- eligibility (rules.eligibility) ---------------------------------------------------------

/** Age and marriage conditions on polling day, birth and polling day as {y, m, d}
 * (rules.eligibility.syarat_pemilih without the TNI/Polri and WNI conditions). */
export function syaratPemilih(lahir, status_kawin, hari) {
  if (banding(lahir, hari) > 0) {
    return [masalah("tanggal_lahir", "lahir_setelah_pemungutan",
      { tanggal_lahir: tglIndo(lahir), hari_pemungutan: tglIndo(hari) })];
  }
  const umur = umurPada(lahir, hari);
  if (!SUDAH_ATAU_PERNAH_KAWIN.has(status_kawin) && umur < BATAS.umur_minimal_pemilih) {
    return [masalah("tanggal_lahir", "di_bawah_umur", {
      hari_pemungutan: tglIndo(hari), umur, umur_minimal: BATAS.umur_minimal_pemilih,
    })];
  }
  return [];
}

// ---- fields and whole records (rules.pemilih) ------------------------------------------------

/** Check and normalise the given fields (like rules.pemilih.clean_fields). */
export function bersihkan(data, fields = FIELDS) {
  const bersih = {};
  const out = [];
  for (const f of fields) {
    if (!(f in data)) continue;
    const teks = data[f] == null ? "" : stripPy(String(data[f]));
    if (f === "nama" || f === "tempat_lahir" || f === "alamat") {
      const maks = BATAS.panjang_maks[f];
      if (!teks) out.push(masalah(f, "wajib", { field: LABEL[f] }));
      else if (panjang(teks) > maks) {
        out.push(masalah(f, "terlalu_panjang", { field: LABEL[f], panjang: panjang(teks), maks }));
      } else if (f === "nama" && !POLA_NAMA.test(teks)) out.push(masalah(f, "nama_karakter"));
      else bersih[f] = teks.replace(DERET_SPASI, " ").toUpperCase();
    } else if (f === "nik" || f === "nkk") {
      bersih[f] = teks;
    } else if (f === "tanggal_lahir") {
      if (!urai(teks)) out.push(masalah(f, "tanggal_format"));
      else bersih[f] = teks;
    } else if (f === "rt" || f === "rw") {
      if (!POLA_RT_RW.test(teks) || +teks === 0) {
        out.push(masalah(f, "rt_rw", { field: f.toUpperCase() }));
      } else bersih[f] = String(+teks).padStart(3, "0");
    } else {
      const pilihan = PILIHAN[f];
      if (!ada(pilihan, teks)) {
        out.push(masalah(f, "kode_tidak_dikenal", {
          nilai: teks || "-", field: LABEL[f], pilihan: pilihan.map(([k]) => k).join(", "),
        }));
      } else bersih[f] = teks;
    }
  }
  return { bersih, masalah: out };
}

/** Whole-record checks (rules.pemilih.validate_record): NIK/NKK, NIK against birth date and
 * sex, birth not in the future, eligible on polling day (17, or married / ever married). */
export function cekRekaman(r, { hari_pemungutan, kode_kecamatan, hari_ini = hariIniIso() }) {
  const out = [];
  const tgl = urai(r.tanggal_lahir);
  const kini = urai(hari_ini);
  if (tgl && kini && banding(tgl, kini) > 0) return [masalah("tanggal_lahir", "tanggal_masa_depan")];
  if ("nik" in r) {
    out.push(...cekNik(r.nik, { tanggal_lahir: r.tanggal_lahir, jenis_kelamin: r.jenis_kelamin,
      kode_kecamatan, reference: hari_pemungutan }));
  }
  if ("nkk" in r) out.push(...cekNkk(r.nkk));
  const hari = urai(hari_pemungutan);
  if (tgl && hari && ada(STATUS_KAWIN, r.status_kawin)) {
    out.push(...syaratPemilih(tgl, r.status_kawin, hari));
  }
  return out;
}

/** A NIK on documents handed to voters: only the last 4 digits (rules.nik.mask_nik_tail). */
export function samarkanNik(nik) {
  const n = BATAS.nik_panjang;
  return nomorUtuh(nik, "nik") ? "*".repeat(n - 4) + nik.slice(n - 4) : "*".repeat(n);
}
