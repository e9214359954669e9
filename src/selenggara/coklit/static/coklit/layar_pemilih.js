// One voter: Sesuai / Ubah / TMS, disability and KTP-el, undo, and the Tanda Bukti Terdaftar.

import {
  bersihkan, cekRekaman, DISABILITAS, FIELDS, KTP_EL, LABEL, label, PILIHAN, samarkanNik,
  TMS_BUTUH_BUKTI, TMS_KODE, TMS_SALAH_TPS, umurPada, urai,
} from "./aturan.js";
import { batalkan, rekam } from "./aksi.js";
import { MENUNGGU, TidakAdaPerubahan, uuid } from "./db.js";
import { cariPemilih, keadaan, kunci, LABEL_STATUS, riwayat, S, tampil } from "./keadaan.js";
import { lencana } from "./layar_daftar.js";
import { h, kabar, kecilkanFoto, pilihan, tampilkanGalat, tanggal, waktu } from "./ui.js";

const ringkas = (v) => ({ nama: v.nama, nik4: (v.nik || "").slice(-4), nkk4: (v.nkk || "").slice(-4) });
const hariH = () => document.body.dataset.hariPemungutan || "2024-11-27";
const kodeKecamatan = () => (S.meta.tps ? S.meta.tps.kode.slice(0, 6) : undefined);
const tps3 = (n) => `TPS ${String(n).padStart(3, "0")}`;

function tidakAda() {
  return h("section", { class: "layar" },
    h("h1", { tabindex: "-1" }, "Pemilih tidak ditemukan"),
    h("p", { class: "kotak" }, "Pemilih ini tidak ada lagi di daftar TPS Anda (mungkin sudah " +
      "dipindah ke TPS lain). Lihat Antrian untuk perubahan yang sudah Anda catat."),
    h("a", { class: "tombol tombol-kedua", href: "#/daftar" }, "Ke daftar pemilih"));
}

function nilaiTampil(f, v) {
  if (f === "tanggal_lahir") return tanggal(v);
  if (PILIHAN[f]) return `${v} - ${label(PILIHAN[f], v)}`;
  return v || "-";
}

function kotakCatatan(k) {
  const item = k.item;
  const out = [];
  if (k.status === "dikembalikan") {
    out.push(h("div", { class: "kotak peringatan", role: "status" },
      h("strong", {}, "Dikembalikan PPS: "), k.catatan || "(tanpa catatan)",
      h("p", {}, "Periksa lagi di lapangan, lalu catat hasilnya.")));
  }
  if (item && item.status === "ditolak" && item.jawaban) {
    out.push(h("div", { class: "kotak galat-kotak", role: "status" },
      h("strong", {}, "Perubahan terakhir ditolak server: "), item.jawaban.pesan,
      h("ul", {}, Object.entries(item.jawaban.galat || {}).map(([f, m]) =>
        h("li", {}, `${LABEL[f] || f}: ${m.join(" ")}`)))));
  }
  if (item && item.status === "konflik") {
    out.push(h("div", { class: "kotak peringatan", role: "status" },
      (item.jawaban && item.jawaban.pesan) || "Konflik: diputuskan PPS."));
  }
  return out;
}

export function pemilih({ id }, ctx) {
  const p = cariPemilih(id);
  if (!p) return tidakAda();
  const v = tampil(p);
  const k = keadaan(p);
  const antre = k.antre;
  const lahir = urai(v.tanggal_lahir);
  const hari = urai(hariH());
  const umur = lahir && hari ? ` (${umurPada(lahir, hari)} th pada hari pemungutan)` : "";
  const dis = pilihan("disabilitas", DISABILITAS, v.disabilitas || "0");
  const ktp = pilihan("ktp_el", KTP_EL, v.ktp_el || "S");

  const sesuai = async () => {
    try {
      const { item, diganti } = await rekam({ kunci: kunci(p), aksi: "SESUAI", pemilih_id: p.id,
        data: { disabilitas: dis.value, ktp_el: ktp.value }, ringkas: ringkas(v) });
      kabar(item.aksi === "UBAH"
        ? `Sesuai: ${v.nama} tersimpan bersama perubahan data yang belum terkirim.`
        : `Sesuai: ${v.nama} tersimpan di ponsel${diganti ? " (menggantikan catatan sebelumnya)"
          : ""}.`, "berhasil");
      ctx.kembali();
    } catch (e) {
      kabar(e.message, "galat");
    }
  };
  const batal = async () => {
    try {
      await batalkan(antre.id);
      kabar(`Catatan untuk ${v.nama} dibatalkan.`, "berhasil");
      ctx.gambarUlang();
    } catch (e) {
      kabar(e.message, "galat");
    }
  };
  const data = [
    ["NIK", h("span", { class: "nomor" }, v.nik)], ["NKK", h("span", { class: "nomor" }, v.nkk)],
    ["Jenis kelamin", nilaiTampil("jenis_kelamin", v.jenis_kelamin)],
    ["Tempat, tgl lahir", `${v.tempat_lahir}, ${tanggal(v.tanggal_lahir)}${umur}`],
    ["Status kawin", nilaiTampil("status_kawin", v.status_kawin)],
    ["Alamat", `${v.alamat}, RT ${v.rt} / RW ${v.rw}`],
    ["Disabilitas", nilaiTampil("disabilitas", v.disabilitas)],
    ["KTP-el", nilaiTampil("ktp_el", v.ktp_el)],
    ["Sumber", v.sumber || "-"],
  ];
  const bisaBukti = ["SESUAI", "UBAH", "BARU"].includes(k.hasil);
  return h("section", { class: "layar" },
    h("button", { type: "button", class: "tombol-kembali", onclick: () => ctx.kembali() }, "← Kembali"),
    h("h1", { tabindex: "-1" }, v.nama),
    h("p", { class: "lencana-baris" }, lencana(k)),
    kotakCatatan(k),
    h("dl", { class: "data" }, data.map(([a, b]) => [h("dt", {}, a), h("dd", {}, b)])),
    p.lokal ? h("div", { class: "aksi" },
      h("p", { class: "kotak" }, "Pemilih baru ini belum dikirim ke server."),
      antre && antre.status === MENUNGGU
        ? h("a", { class: "tombol tombol-ubah", href: `#/baru?ubah=${p.item_id}` }, "✎ Ubah data")
        : null,
      antre && antre.status === MENUNGGU ? h("button", { type: "button", class: "tombol tombol-kedua",
        id: "tombol-batal", onclick: batal }, "↶ Batalkan (belum terkirim)") : null)
      : h("div", { class: "aksi" },
        h("h2", {}, "Hasil coklit"),
        h("div", { class: "isian" }, h("label", { for: "f-disabilitas" }, "Disabilitas"), dis),
        h("div", { class: "isian" }, h("label", { for: "f-ktp_el" }, "KTP-el"), ktp),
        h("button", { type: "button", class: "tombol tombol-sesuai", id: "tombol-sesuai",
          onclick: sesuai }, "✓ Sesuai"),
        h("div", { class: "dua-kolom" },
          h("a", { class: "tombol tombol-ubah", id: "tombol-ubah", href: `#/pemilih/${p.id}/ubah` },
            "✎ Ubah"),
          h("a", { class: "tombol tombol-tms", id: "tombol-tms", href: `#/pemilih/${p.id}/tms` },
            "✗ TMS")),
        antre && antre.status === MENUNGGU ? h("button", { type: "button",
          class: "tombol tombol-kedua", id: "tombol-batal", onclick: batal },
        `↶ Batalkan "${{ SESUAI: "Sesuai", UBAH: "Ubah", TMS: "TMS" }[antre.aksi] || antre.aksi}" ` +
          "(belum terkirim)") : null),
    h("div", { class: "aksi" },
      bisaBukti ? h("a", { class: "tombol tombol-kedua", id: "tombol-bukti",
        href: `#/pemilih/${p.id}/bukti` }, "Tanda bukti terdaftar") : null,
      h("a", { class: "tombol tombol-kedua", href: `#/kk/${v.nkk}` },
        `Rumah tangga (KK …${(v.nkk || "").slice(-4)})`)),
    riwayatPemilih(p));
}

function riwayatPemilih(p) {
  const items = riwayat(kunci(p));
  if (!items.length) return null;
  return h("details", { class: "riwayat" },
    h("summary", {}, `Riwayat di ponsel ini (${items.length})`),
    h("ul", {}, items.slice().reverse().map((i) => h("li", {},
      `${waktu(i.waktu_perangkat)}: ${i.aksi}${i.aksi === "TMS" ? ` ${i.data.kode}` : ""} · ` +
      LABEL_STATUS[i.status]))));
}

// ---- Ubah ------------------------------------------------------------------------------------

function isianData(f, lama, kini) {
  const id = `f-${f}`;
  let input;
  if (PILIHAN[f]) input = pilihan(f, PILIHAN[f], kini);
  else {
    const attrs = { id, name: f, value: kini ?? "", autocomplete: "off" };
    if (f === "nik" || f === "nkk") Object.assign(attrs, { inputmode: "numeric", maxlength: "16" });
    if (f === "rt" || f === "rw") Object.assign(attrs, { inputmode: "numeric", maxlength: "3" });
    if (f === "tanggal_lahir") attrs.type = "date";
    if (f === "nama" || f === "tempat_lahir" || f === "alamat") attrs.autocapitalize = "characters";
    input = h("input", attrs);
  }
  return h("div", { class: "isian" },
    h("label", { for: id }, LABEL[f]),
    lama !== undefined ? h("p", { class: "lama" }, "Data lama: ", h("strong", {},
      nilaiTampil(f, lama))) : null,
    input);
}

export function ubah({ id }, ctx) {
  const p = cariPemilih(id);
  if (!p || p.lokal) return tidakAda();
  const v = tampil(p);
  const ringkasGalat = h("div", { class: "ringkas-galat", "aria-live": "assertive" });
  const form = h("form", { class: "form", novalidate: true },
    ringkasGalat,
    FIELDS.map((f) => isianData(f, p[f], v[f])),
    h("button", { type: "submit", class: "tombol tombol-utama" }, "Simpan perubahan"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const isi = Object.fromEntries(FIELDS.map((f) => [f, form.elements[f].value]));
    const { bersih, masalah } = bersihkan(isi);
    const kini = bersihkan(Object.fromEntries(FIELDS.map((f) => [f, v[f] ?? ""]))).bersih;
    // The fields touched in THIS edit (a field set back to the server value included): they
    // are merged over a still-unsent Ubah of the same voter.
    const ubahan = {};
    for (const f of FIELDS) if (f in bersih && bersih[f] !== kini[f]) ubahan[f] = bersih[f];
    if (!masalah.length && !Object.keys(ubahan).length) {
      masalah.push({ field: "", pesan: "Tidak ada data yang diubah; pilih Sesuai bila data " +
        "sudah cocok.", peringatan: false });
    }
    const gabung = { ...Object.fromEntries(FIELDS.map((f) => [f, v[f]])), ...bersih };
    if (!masalah.length) {
      masalah.push(...cekRekaman(gabung, { hari_pemungutan: hariH(),
        kode_kecamatan: kodeKecamatan() }));
    }
    const peringatan = masalah.filter((m) => m.peringatan);
    if (!tampilkanGalat(form, masalah)) return;
    if (peringatan.length && !form.dataset.sudahDiperingatkan) {
      form.dataset.sudahDiperingatkan = "1";
      return;
    }
    try {
      const { diganti } = await rekam({ kunci: kunci(p), aksi: "UBAH", pemilih_id: p.id,
        data: { ubah: ubahan }, ringkas: ringkas(gabung) });
      kabar(`Perubahan data ${gabung.nama} tersimpan di ponsel${diganti
        ? " (digabung dengan perubahan yang belum terkirim)" : ""}.`, "berhasil");
      ctx.kembali(2);
    } catch (err) {
      if (err instanceof TidakAdaPerubahan) tampilkanGalat(form, [{ field: "", pesan: err.message }]);
      else kabar(err.message, "galat");
    }
  });
  return h("section", { class: "layar" },
    h("button", { type: "button", class: "tombol-kembali", onclick: () => ctx.kembali() }, "← Batal"),
    h("h1", { tabindex: "-1" }, `Ubah data: ${v.nama}`),
    h("p", { class: "kecil" }, "Samakan dengan KTP-el atau Kartu Keluarga. Hanya isian yang " +
      "berubah yang dikirim."),
    form);
}

// ---- TMS -------------------------------------------------------------------------------------

export function tms({ id }, ctx) {
  const p = cariPemilih(id);
  if (!p || p.lokal) return tidakAda();
  const v = tampil(p);
  const tpsLain = (S.meta.tps_kelurahan || []).filter((t) => !S.meta.tps || t.id !== S.meta.tps.id);
  let foto = null;
  const ringkasGalat = h("div", { class: "ringkas-galat", "aria-live": "assertive" });
  const bagianTujuan = h("div", { class: "isian", hidden: true },
    h("label", { for: "f-tps_tujuan" }, "TPS tujuan (kelurahan yang sama)"),
    h("select", { id: "f-tps_tujuan", name: "tps_tujuan" },
      h("option", { value: "" }, "- pilih TPS -"),
      tpsLain.map((t) => h("option", { value: String(t.id) },
        `${tps3(t.nomor)}${t.nama && !t.nama.startsWith("TPS") ? ` (${t.nama})` : ""}`))));
  const labelDok = h("label", { for: "f-dokumen" }, "Keterangan (tidak wajib)");
  const inputFoto = h("input", { type: "file", id: "f-foto", name: "foto", accept: "image/*",
    capture: "environment" });
  const pratinjau = h("p", { class: "kecil", id: "foto-kabar" });
  inputFoto.addEventListener("change", async () => {
    const file = inputFoto.files && inputFoto.files[0];
    if (!file) { foto = null; pratinjau.textContent = ""; return; }
    pratinjau.textContent = "Menyiapkan foto…";
    const { blob, tipe } = await kecilkanFoto(file);
    foto = { id: uuid(), blob, tipe, ukuran: blob.size, diterima: 0, selesai: false,
      dibuat: new Date().toISOString() };
    pratinjau.textContent = `Foto siap (${Math.ceil(blob.size / 1024)} KB); dikirim saat sinkronisasi.`;
  });
  const bagianFoto = h("div", { class: "isian", hidden: true },
    h("label", { for: "f-foto" }, "Foto dokumen bukti (tidak wajib)"), inputFoto, pratinjau);
  const bagianDok = h("div", { class: "isian" }, labelDok,
    h("input", { type: "text", id: "f-dokumen", name: "dokumen", autocomplete: "off" }));
  const atur = (kode) => {
    bagianTujuan.hidden = kode !== TMS_SALAH_TPS;
    bagianDok.hidden = kode === TMS_SALAH_TPS;
    bagianFoto.hidden = !TMS_BUTUH_BUKTI.has(kode);
    labelDok.textContent = TMS_BUTUH_BUKTI.has(kode)
      ? `Dokumen bukti (wajib): ${kode === "1" ? "nomor surat kematian atau surat RT/desa"
        : "nomor kartu anggota"}`
      : "Keterangan (tidak wajib)";
  };
  const form = h("form", { class: "form", novalidate: true },
    ringkasGalat,
    h("fieldset", { class: "pilih-tms" },
      h("legend", {}, "Kode TMS"),
      TMS_KODE.map(([kode, l]) => h("label", { class: "opsi" },
        h("input", { type: "radio", name: "kode", value: kode,
          onchange: () => atur(kode) }),
        h("span", {}, h("strong", {}, kode), ` ${l}`)))),
    bagianTujuan, bagianDok, bagianFoto,
    h("button", { type: "submit", class: "tombol tombol-tms" }, "Simpan TMS"));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const kode = (form.querySelector("input[name=kode]:checked") || {}).value || "";
    const dokumen = form.elements.dokumen.value.trim();
    const tujuan = form.elements.tps_tujuan.value;
    const masalah = [];
    if (!kode) masalah.push({ field: "", pesan: "Pilih kode TMS 1 sampai 8." });
    else if (kode === TMS_SALAH_TPS && !tujuan) {
      masalah.push({ field: "tps_tujuan", pesan: "Pilih TPS tujuan lain di kelurahan/desa yang " +
        "sama (TMS 8 memindahkan pemilih, bukan menghapusnya)." });
    } else if (TMS_BUTUH_BUKTI.has(kode) && !dokumen) {
      masalah.push({ field: "dokumen", pesan: `TMS ${kode} (${label(TMS_KODE, kode)}) wajib ` +
        "menyebut dokumen bukti, mis. nomor surat kematian atau kartu anggota; isi kolom dokumen." });
    }
    if (!tampilkanGalat(form, masalah)) return;
    const data = { kode };
    if (kode === TMS_SALAH_TPS) data.tps_tujuan = Number(tujuan);
    else if (dokumen) data.dokumen = dokumen;
    const fotoIni = foto && TMS_BUTUH_BUKTI.has(kode) ? foto : null;
    if (fotoIni) data.foto = fotoIni.id;
    try {
      await rekam({ kunci: kunci(p), aksi: "TMS", pemilih_id: p.id, data, ringkas: ringkas(v),
        foto: fotoIni ? [fotoIni] : [] });
      kabar(`TMS ${kode}: ${v.nama} tersimpan di ponsel.`, "berhasil");
      ctx.kembali(2);
    } catch (err) {
      kabar(err.message, "galat");
    }
  });
  return h("section", { class: "layar" },
    h("button", { type: "button", class: "tombol-kembali", onclick: () => ctx.kembali() }, "← Batal"),
    h("h1", { tabindex: "-1" }, `TMS: ${v.nama}`),
    h("p", { class: "kecil" }, `NIK …${(v.nik || "").slice(-4)} · ${v.alamat}, RT ${v.rt}/RW ${v.rw}`),
    form);
}

// ---- Tanda Bukti Terdaftar ------------------------------------------------------------------

export function bukti({ id }, ctx) {
  const p = cariPemilih(id);
  if (!p) return tidakAda();
  const v = tampil(p);
  const t = S.meta.tps || {};
  const items = riwayat(kunci(p)).filter((i) => i.aksi !== "STIKER");
  const kapan = items.length ? items[items.length - 1].waktu_perangkat.slice(0, 10) : "";
  const tglCoklit = kapan ? tanggal(kapan) : tanggal(new Date().toISOString().slice(0, 10));
  const baris = [
    ["Nama", v.nama], ["NIK", h("span", { class: "nomor" }, samarkanNik(v.nik))],
    ["TPS", `${tps3(t.nomor || 0)}`], ["Kelurahan/Desa", t.kelurahan || "-"],
    ["Alamat", `${v.alamat}, RT ${v.rt} / RW ${v.rw}`], ["Tanggal coklit", tglCoklit],
    ["Pantarlih", document.body.dataset.nama || document.body.dataset.pengguna || "-"],
  ];
  const teks = "TANDA BUKTI TERDAFTAR (Model A-Tanda Bukti Terdaftar)\nPemilihan Serentak 2024\n" +
    baris.map(([a, b]) => `${a}: ${b instanceof Node ? b.textContent : b}`).join("\n") +
    `\nHari pemungutan suara: ${tanggal(hariH())}\nCek daftar pemilih: ${alamatCekDpt()}`;
  const bagikan = async () => {
    try {
      await navigator.share({ title: "Tanda Bukti Terdaftar", text: teks });
    } catch (e) {
      if (e && e.name !== "AbortError") kabar("Tidak dapat membagikan dari ponsel ini.", "galat");
    }
  };
  return h("section", { class: "layar" },
    h("button", { type: "button", class: "tombol-kembali tanpa-cetak",
      onclick: () => ctx.kembali() }, "← Kembali"),
    h("div", { class: "bukti", id: "bukti" },
      h("p", { class: "kecil" }, "Model A-Tanda Bukti Terdaftar · Pemilihan Serentak 2024"),
      h("h1", { tabindex: "-1" }, "Tanda Bukti Terdaftar"),
      h("dl", { class: "data" }, baris.map(([a, b]) => [h("dt", {}, a), h("dd", {}, b)])),
      h("p", {}, `Hari pemungutan suara: ${tanggal(hariH())}. Simpan tanda bukti ini; data ` +
        `pemilih dapat dicek di ${alamatCekDpt()} dengan NIK.`)),
    h("div", { class: "aksi tanpa-cetak" },
      h("button", { type: "button", class: "tombol tombol-utama", onclick: () => window.print() },
        "Cetak"),
      navigator.share ? h("button", { type: "button", class: "tombol tombol-kedua",
        onclick: bagikan }, "Bagikan") : null));
}

/** Where a voter checks their registration: this site's cek DPT page (no NIK in the link). */
function alamatCekDpt() {
  return `${window.location.origin}/cek-dpt/`;
}
