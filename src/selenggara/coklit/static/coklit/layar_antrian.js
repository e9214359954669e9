// Antrian: every change recorded on this phone and where it stands.

import { LABEL, label, TMS_KODE } from "./aturan.js";
import { batalkan } from "./aksi.js";
import { MENUNGGU } from "./db.js";
import { LABEL_STATUS, S } from "./keadaan.js";
import { tombolSinkron } from "./layar_beranda.js";
import { h, kabar, waktu } from "./ui.js";

const URUTAN = ["menunggu", "terkirim", "konflik", "ditolak", "dikembalikan", "diterapkan"];
const AKSI = { SESUAI: "Sesuai", UBAH: "Ubah data", TMS: "TMS", BARU: "Pemilih baru",
  STIKER: "Stiker", KERTAS: "Laporan kertas" };

function rincian(i) {
  const out = [];
  if (i.aksi === "UBAH") {
    out.push(h("ul", { class: "kecil" }, Object.entries(i.data.ubah || {}).map(([f, v]) =>
      h("li", {}, `${LABEL[f] || f}: ${v}`))));
  } else if (i.aksi === "TMS") {
    let t = `Kode ${i.data.kode}: ${label(TMS_KODE, String(i.data.kode))}`;
    if (i.data.tps_tujuan) {
      const tujuan = (S.meta.tps_kelurahan || []).find((x) => x.id === i.data.tps_tujuan);
      t += ` → TPS ${tujuan ? String(tujuan.nomor).padStart(3, "0") : i.data.tps_tujuan}`;
    }
    if (i.data.dokumen) t += ` · bukti: ${i.data.dokumen}`;
    out.push(h("p", { class: "kecil" }, t));
  } else if (i.aksi === "KERTAS") {
    out.push(h("p", { class: "kecil" }, `${i.data.jumlah} pemilih dicoklit di kertas pada ` +
      `${i.data.tanggal}`));
  } else if (i.aksi === "STIKER") {
    out.push(h("p", { class: "kecil" }, `KK …${(i.ringkas && i.ringkas.nkk4) || ""}` +
      (i.data.lintang != null ? " · dengan lokasi GPS" : "") + (i.data.foto ? " · dengan foto" : "")));
  }
  for (const fid of i.foto || []) {
    const f = S.foto.get(fid);
    if (f && f.gagal) out.push(h("p", { class: "galat" }, `Foto tidak terkirim: ${f.gagal}`));
    else if (f && !f.selesai) {
      out.push(h("p", { class: "kecil" }, `Foto: ${Math.floor(((f.diterima || 0) * 100) /
        (f.ukuran || 1))}% terunggah`));
    }
  }
  const j = i.jawaban;
  if (i.status === "ditolak" && j) {
    out.push(h("div", { class: "galat-kotak" }, h("p", {}, j.pesan),
      h("ul", {}, Object.entries(j.galat || {}).map(([f, m]) =>
        h("li", {}, h("strong", {}, `${LABEL[f] || f}: `), m.join(" "))))));
  } else if (i.status === "konflik" && j) {
    out.push(h("p", { class: "peringatan" }, j.pesan));
  } else if (i.status === "dikembalikan") {
    out.push(h("p", { class: "peringatan" }, h("strong", {}, "Catatan PPS: "),
      i.catatan_pps || "(tanpa catatan)"));
  }
  if (j && j.peringatan && j.peringatan.length) {
    out.push(h("ul", { class: "peringatan" }, j.peringatan.map((t) => h("li", {}, t))));
  }
  return out;
}

export function antrian(_p, ctx) {
  const hitung = Object.fromEntries(URUTAN.map((s) => [s, 0]));
  for (const i of S.antrian) hitung[i.status] = (hitung[i.status] || 0) + 1;
  const items = S.antrian.slice().reverse();
  const batal = async (i) => {
    try {
      await batalkan(i.id);
      kabar("Dibatalkan.", "berhasil");
    } catch (e) {
      kabar(e.message, "galat");
    }
  };
  return h("section", { class: "layar" },
    h("h1", { tabindex: "-1" }, "Antrian perubahan"),
    h("ul", { class: "hitung-antrian", id: "hitung-antrian" }, URUTAN.map((s) =>
      h("li", { class: `a-${s}`, dataset: { status: s } }, `${LABEL_STATUS[s]}: `,
        h("strong", {}, String(hitung[s]))))),
    S.meta.perlu_masuk ? null : tombolSinkron(ctx),
    items.length ? h("ol", { class: "antrian", id: "daftar-antrian", reversed: true },
      items.map((i) => h("li", { class: `item-antrian a-${i.status}`,
        dataset: { id: i.id, status: i.status, aksi: i.aksi } },
      h("div", { class: "kepala-item" },
        h("strong", {}, `${AKSI[i.aksi] || i.aksi}${i.aksi === "TMS" ? ` ${i.data.kode}` : ""}`),
        h("span", { class: `lencana-antre a-${i.status}` }, LABEL_STATUS[i.status])),
      h("p", {}, i.pemilih_id != null
        ? h("a", { href: `#/pemilih/${i.pemilih_id}` }, (i.ringkas && i.ringkas.nama) || "")
        : i.aksi === "BARU" && i.status === MENUNGGU
          ? h("a", { href: `#/pemilih/b:${i.id}` }, (i.ringkas && i.ringkas.nama) || "")
          : (i.ringkas && i.ringkas.nama) || ""),
      h("p", { class: "kecil" }, `Dicatat ${waktu(i.waktu_perangkat)}` +
        (i.dijawab ? ` · dijawab ${waktu(i.dijawab)}` : "")),
      rincian(i),
      i.status === MENUNGGU ? h("button", { type: "button", class: "tombol tombol-kedua kecil-tombol",
        onclick: () => batal(i) }, "↶ Batalkan") : null)))
      : h("p", { class: "kotak" }, "Belum ada perubahan yang dicatat di ponsel ini."));
}
