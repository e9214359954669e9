// Pemilih baru: an eligible resident missing from the list, with all data elements, checked
// here (NIK against birth date and sex, eligibility on polling day) and again by the server.

import { bersihkan, cekRekaman, FIELDS, LABEL, PILIHAN } from "./aturan.js";
import { rekam } from "./aksi.js";
import { MENUNGGU, uuid } from "./db.js";
import { daftarPemilih, S, tampil } from "./keadaan.js";
import { cekNikServer } from "./sync.js";
import { h, kabar, pilihan, tampilkanGalat } from "./ui.js";

const WAJIB = FIELDS.filter((f) => f !== "disabilitas" && f !== "ktp_el");
const BAWAAN = { disabilitas: "0", ktp_el: "S", status_kawin: "B" };

function isian(f, nilai) {
  const id = `f-${f}`;
  let input;
  if (PILIHAN[f]) {
    input = pilihan(f, PILIHAN[f], nilai || BAWAAN[f] || "");
    if (!nilai && !BAWAAN[f]) input.prepend(h("option", { value: "", selected: true }, "- pilih -"));
  } else {
    const attrs = { id, name: f, value: nilai || "", autocomplete: "off" };
    if (f === "nik" || f === "nkk") Object.assign(attrs, { inputmode: "numeric", maxlength: "16" });
    if (f === "rt" || f === "rw") Object.assign(attrs, { inputmode: "numeric", maxlength: "3" });
    if (f === "tanggal_lahir") attrs.type = "date";
    if (f === "nama" || f === "tempat_lahir" || f === "alamat") attrs.autocapitalize = "characters";
    input = h("input", attrs);
  }
  return h("div", { class: "isian" }, h("label", { for: id }, LABEL[f] +
    (WAJIB.includes(f) ? "" : " (bila tidak diisi: " + (f === "disabilitas" ? "tidak ada" :
      "sudah memiliki") + ")")), input);
}

/** Where else this NIK is: the local worklist (always), the whole kab/kota (online). */
async function periksaNik(nik, tempat, abaikanItem) {
  tempat.replaceChildren();
  if (!/^\d{16}$/.test(nik)) return;
  const lokal = daftarPemilih().find((p) => tampil(p).nik === nik && p.item_id !== abaikanItem);
  if (lokal) {
    tempat.append(h("p", { class: "peringatan" }, `NIK ini sudah ada di daftar TPS Anda: ` +
      `${tampil(lokal).nama}. Bila orangnya sama, jangan didaftarkan lagi.`));
    return;
  }
  if (!navigator.onLine) {
    tempat.append(h("p", { class: "kecil" }, "Tidak ada di daftar TPS Anda. Pemeriksaan di " +
      "seluruh kota dilakukan server saat sinkronisasi."));
    return;
  }
  try {
    const r = await cekNikServer(nik);
    if (r.terdaftar) {
      tempat.append(h("p", { class: "peringatan", role: "status" },
        `NIK ini sudah terdaftar di ${r.tps} (nama ${r.nama_tersamar}). Pastikan ini bukan ` +
        "pemilih ganda; bila pindah domisili ke TPS Anda, pemilih itu dicoret TMS 4 oleh " +
        "Pantarlih TPS asalnya."));
    } else {
      tempat.append(h("p", { class: "kecil" }, "NIK belum terdaftar di kota ini."));
    }
  } catch (e) {
    // A limit reached says so (and when to try again); otherwise the server was not reached.
    tempat.append(h("p", { class: "kecil" }, e && e.status === 429 ? e.message :
      "Server tidak terjangkau; pemeriksaan NIK di seluruh kota dilakukan saat sinkronisasi."));
  }
}

export function baru(params, ctx) {
  const ubahId = params.ubah || null;
  const lama = ubahId ? S.antrian.find((i) => i.id === ubahId) : null;
  if (ubahId && (!lama || lama.status !== MENUNGGU)) {
    return h("section", { class: "layar" },
      h("h1", { tabindex: "-1" }, "Tidak dapat diubah"),
      h("p", { class: "kotak" }, "Pemilih baru ini sudah terkirim ke server. Setelah " +
        "sinkronisasi selesai, ubah datanya dari daftar pemilih."),
      h("a", { class: "tombol tombol-kedua", href: "#/daftar" }, "Ke daftar pemilih"));
  }
  let awal = lama ? lama.data.pemilih : {};
  if (!lama && params.nkk) {
    const kk = daftarPemilih().map(tampil).find((p) => p.nkk === params.nkk);
    awal = { nkk: params.nkk, ...(kk ? { alamat: kk.alamat, rt: kk.rt, rw: kk.rw } : {}) };
  }
  const ringkasGalat = h("div", { class: "ringkas-galat", "aria-live": "assertive" });
  const infoNik = h("div", { id: "info-nik", "aria-live": "polite" });
  const form = h("form", { class: "form", novalidate: true }, ringkasGalat,
    FIELDS.map((f) => (f === "nik" ? [isian(f, awal[f]), infoNik] : isian(f, awal[f]))),
    h("button", { type: "submit", class: "tombol tombol-utama" },
      lama ? "Simpan perubahan" : "Simpan pemilih baru"));
  let terakhirDicek = "";
  const cek = () => {
    const nik = form.elements.nik.value.trim();
    if (nik !== terakhirDicek) {
      terakhirDicek = nik;
      periksaNik(nik, infoNik, ubahId);
    }
  };
  form.elements.nik.addEventListener("input", cek);
  form.elements.nik.addEventListener("change", cek);
  if (awal.nik) cek();

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const isi = Object.fromEntries(FIELDS.map((f) => [f, form.elements[f].value]));
    const masalah = [];
    for (const f of WAJIB) {
      if (!String(isi[f] || "").trim()) {
        masalah.push({ field: f, pesan: `${LABEL[f]} wajib diisi.`, peringatan: false });
      }
    }
    const { bersih, masalah: m2 } = bersihkan({ ...BAWAAN, ...isi });
    for (const m of m2) if (!masalah.some((x) => x.field === m.field)) masalah.push(m);
    if (!masalah.length) {
      masalah.push(...cekRekaman(bersih, { hari_pemungutan: document.body.dataset.hariPemungutan,
        kode_kecamatan: S.meta.tps ? S.meta.tps.kode.slice(0, 6) : undefined }));
    }
    if (!tampilkanGalat(form, masalah)) return;
    if (masalah.length && !form.dataset.sudahDiperingatkan) {
      form.dataset.sudahDiperingatkan = "1";
      return;
    }
    const id = lama ? lama.id : uuid();
    try {
      await rekam({ id, kunci: `b:${id}`, aksi: "BARU", pemilih_id: null,
        data: { pemilih: bersih },
        ringkas: { nama: bersih.nama, nik4: bersih.nik.slice(-4), nkk4: bersih.nkk.slice(-4) } });
      kabar(`Pemilih baru ${bersih.nama} tersimpan di ponsel.`, "berhasil");
      if (lama) ctx.kembali();
      else location.hash = `#/pemilih/b:${id}`;
    } catch (err) {
      kabar(err.message, "galat");
    }
  });
  return h("section", { class: "layar" },
    h("button", { type: "button", class: "tombol-kembali", onclick: () => ctx.kembali() }, "← Batal"),
    h("h1", { tabindex: "-1" }, lama ? "Ubah pemilih baru" : "Pemilih baru"),
    h("p", { class: "kecil" }, "Untuk warga yang memenuhi syarat tetapi belum ada di daftar: " +
      "berumur 17 tahun pada hari pemungutan suara, atau sudah/pernah kawin. Isi sesuai KTP-el " +
      "atau Kartu Keluarga."),
    form);
}
