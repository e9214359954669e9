// Beranda: my TPS, progress, today's count against the pace needed, and sync.

import { rekam } from "./aksi.js";
import { hariIniIso } from "./aturan.js";
import { jumlahMenunggu, kemajuan, riwayat, S } from "./keadaan.js";
import { h, kabar, tanggal, waktu } from "./ui.js";

const tpsNama = (t) => (t ? `TPS ${String(t.nomor).padStart(3, "0")}` : "TPS");

export function beranda(_p, ctx) {
  const t = S.meta.tps;
  if (!t) {
    return h("section", { class: "layar" },
      h("h1", { tabindex: "-1" }, "e-coklit"),
      h("div", { class: "kotak peringatan" },
        h("p", {}, "Daftar pemilih TPS Anda belum ada di ponsel ini."),
        h("p", {}, navigator.onLine ? "Tekan Sinkronkan untuk mengunduhnya."
          : "Sambungkan ponsel ke internet (data seluler atau Wi-Fi), lalu tekan Sinkronkan.")),
      tombolSinkron(ctx));
  }
  const k = kemajuan();
  const menunggu = jumlahMenunggu();
  let pesanLaju;
  if (k.target == null) {
    pesanLaju = `${k.hariIni} pemilih dicoklit hari ini.`;
  } else if (k.hariSisa <= 0) {
    pesanLaju = k.sisa ? `Target 100% (${tanggal(k.target)}) sudah lewat: selesaikan ${k.sisa} ` +
      "pemilih yang tersisa secepatnya." : `Selesai: semua pemilih sudah dicoklit.`;
  } else {
    pesanLaju = `Perlu ${k.laju} pemilih per hari agar 100% pada ${tanggal(k.target)} ` +
      `(${k.hariSisa} hari lagi).`;
  }
  const capai = k.laju ? Math.min(100, Math.round((k.hariIni * 100) / k.laju)) : 100;
  return h("section", { class: "layar" },
    h("h1", { tabindex: "-1" }, `${tpsNama(t)} ${t.kelurahan}`),
    h("p", { class: "sub" }, `Kode TPS ${t.kode}` +
      (document.body.dataset.nama ? ` · Pantarlih ${document.body.dataset.nama}` : "")),
    h("div", { class: "kartu" },
      h("h2", {}, "Kemajuan coklit"),
      h("p", { class: "angka-besar", id: "kemajuan" },
        `${k.selesai} / ${k.total}`, h("span", { class: "satuan" }, ` pemilih (${String(k.persen)
          .replace(".", ",")}%)`)),
      h("div", { class: "batang", role: "progressbar", "aria-valuemin": "0",
        "aria-valuemax": String(k.total), "aria-valuenow": String(k.selesai),
        "aria-label": "Pemilih sudah dicoklit" },
        h("div", { class: "isi-batang", style: `width:${k.persen}%` })),
      h("p", {}, `Belum dicoklit: ${k.sisa}`)),
    h("div", { class: "kartu" },
      h("h2", {}, "Hari ini"),
      h("p", { class: "angka-besar", id: "hari-ini" }, String(k.hariIni),
        h("span", { class: "satuan" }, k.laju ? ` dari ${k.laju} pemilih per hari` : " pemilih")),
      k.laju ? h("div", { class: "batang", "aria-hidden": "true" },
        h("div", { class: "isi-batang " + (capai >= 100 ? "capai" : ""),
          style: `width:${capai}%` })) : null,
      h("p", {}, pesanLaju),
      S.meta.coklit_mulai ? h("p", { class: "kecil" }, `Masa coklit ${tanggal(S.meta.coklit_mulai)} ` +
        `sampai ${tanggal(S.meta.coklit_selesai)}; rencana KPU Kota: 100% pada akhir minggu ke-2.`)
        : null),
    kartuKertas(ctx),
    h("div", { class: "kartu" },
      h("h2", {}, "Sinkronisasi"),
      h("p", {}, h("a", { href: "#/antrian", id: "jumlah-menunggu" },
        menunggu ? `${menunggu} perubahan menunggu dikirim` : "Tidak ada perubahan yang menunggu")),
      h("p", {}, "Terakhir berhasil: ", h("strong", { id: "sinkron-terakhir" },
        waktu(S.meta.sinkron_terakhir))),
      h("p", {}, "Status: ", h("strong", { class: navigator.onLine ? "teks-daring" : "teks-luring" },
        navigator.onLine ? "Daring (ada sambungan)" : "Luring (tanpa sinyal): data tersimpan di ponsel")),
      tombolSinkron(ctx)));
}

export function tombolSinkron(ctx) {
  return h("button", { type: "button", class: "tombol tombol-utama", id: "tombol-sinkron",
    onclick: () => ctx.sinkron(true) }, "⟳ Sinkronkan");
}

/** The day's paper report: how many voters the Pantarlih checked on paper today (their own
 * count, sent with the next sync; the commission compares it with what the app received). */
function kartuKertas(ctx) {
  const hari = hariIniIso();
  const kunci = `kertas:${hari}`;
  const terakhir = riwayat(kunci).slice(-1)[0];
  const isian = h("input", { type: "number", inputmode: "numeric", min: "0", max: "999",
    id: "jumlah-kertas", class: "isian-besar", value: terakhir ? String(terakhir.data.jumlah) : "",
    "aria-describedby": "ket-kertas" });
  const galat = h("p", { class: "galat-isian", role: "alert", hidden: true });
  const simpan = async () => {
    const teks = isian.value.trim();
    const n = Number(teks);
    const total = kemajuan().total;
    galat.hidden = true;
    if (!/^[0-9]+$/.test(teks)) {
      galat.textContent = "Isi jumlah pemilih yang dicoklit di kertas hari ini: angka 0 atau lebih.";
    } else if (n > total) {
      galat.textContent = `Jumlah melebihi pemilih TPS ini (${total}); periksa lagi angkanya.`;
    } else {
      await rekam({ kunci, aksi: "KERTAS", pemilih_id: null, data: { tanggal: hari, jumlah: n },
        ringkas: { nama: `Laporan kertas ${tanggal(hari)}` } });
      kabar("Laporan kertas tersimpan di ponsel; terkirim saat sinkronisasi.", "berhasil");
      ctx.gambarUlang();
      return;
    }
    galat.hidden = false;
    isian.focus();
  };
  return h("div", { class: "kartu" },
    h("h2", {}, "Laporan kertas hari ini"),
    h("p", { id: "ket-kertas", class: "kecil" }, "Berapa pemilih yang Anda coklit di kertas hari " +
      "ini? Angka ini dibandingkan KPU dengan yang sudah masuk lewat aplikasi."),
    h("label", { for: "jumlah-kertas" }, `Jumlah pemilih, ${tanggal(hari)}`),
    isian, galat,
    terakhir ? h("p", { class: "kecil" }, `Tercatat: ${terakhir.data.jumlah} pemilih ` +
      `(${terakhir.status === "diterapkan" ? "sudah diterima server" : "belum terkirim"}).`) : null,
    h("button", { type: "button", class: "tombol", id: "simpan-kertas", onclick: simpan },
      "Simpan laporan kertas"));
}
