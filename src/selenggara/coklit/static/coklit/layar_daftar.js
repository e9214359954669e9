// Daftar: the TPS worklist grouped by address (RT/RW) and household (NKK), with search and
// filters. Each voter shows its LOCAL state (queued changes included).

import { adaStiker, cocokFilter, daftarPemilih, keadaan, riwayat, S, tampil } from "./keadaan.js";
import { h } from "./ui.js";
import { BELUM_DIJAWAB } from "./db.js";

const FILTER = [
  ["semua", "Semua"], ["belum", "Belum"], ["sudah", "Sudah"], ["tms", "TMS"],
  ["baru", "Baru"], ["kembali", "Dikembalikan PPS"],
];

// Kept across visits so "back" returns to the same search, filter and scroll position.
const pilihan = { cari: "", filter: "semua", gulir: 0 };

export function ingatGulir() {
  if (location.hash.startsWith("#/daftar")) pilihan.gulir = window.scrollY;
}

export function pulihkanGulir() {
  window.scrollTo(0, pilihan.gulir || 0);
}

function cocokCari(p, q) {
  if (!q) return true;
  if (/^\d+$/.test(q)) return (p.nik || "").endsWith(q) || (p.nkk || "").endsWith(q);
  const t = q.toLowerCase();
  return (p.nama || "").toLowerCase().includes(t) || (p.alamat || "").toLowerCase().includes(t);
}

const umurKini = (iso) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  if (!m) return "";
  const d = new Date();
  let u = d.getFullYear() - +m[1];
  if (d.getMonth() + 1 < +m[2] || (d.getMonth() + 1 === +m[2] && d.getDate() < +m[3])) u -= 1;
  return `${u} th`;
};

export function lencana(k) {
  const kelas = { "": "l-belum", SESUAI: "l-sesuai", UBAH: "l-ubah", TMS: "l-tms", BARU: "l-baru" };
  const out = [h("span", { class: `lencana-status ${kelas[k.hasil] || ""}` }, k.teks)];
  if (k.status && k.status !== "diterapkan") {
    const teks = { menunggu: "menunggu dikirim", terkirim: "terkirim", konflik: "konflik",
      ditolak: "ditolak", dikembalikan: "dikembalikan PPS" }[k.status];
    out.push(h("span", { class: `lencana-antre a-${k.status}` }, teks));
  }
  return out;
}

function baris(p) {
  const k = keadaan(p);
  const v = tampil(p);
  return h("li", {},
    h("a", { class: "baris-pemilih", href: `#/pemilih/${p.id}`, dataset: { pemilih: p.id } },
      h("span", { class: "nama" }, v.nama),
      h("span", { class: "rinci" }, `${v.jenis_kelamin}, ${umurKini(v.tanggal_lahir)} · NIK …` +
        (v.nik || "").slice(-4)),
      h("span", { class: "lencana-baris" }, lencana(k))));
}

function stikerKK(nkk) {
  const items = riwayat(`k:${nkk}`);
  const akhir = items[items.length - 1];
  if (akhir && BELUM_DIJAWAB.has(akhir.status)) return "stiker: menunggu dikirim";
  if (adaStiker(nkk) || (akhir && akhir.status === "diterapkan")) return "stiker terpasang";
  return "stiker belum";
}

function isiDaftar() {
  const semua = daftarPemilih().map((p) => ({ p, v: tampil(p) }));
  const hitung = Object.fromEntries(FILTER.map(([f]) => [f, 0]));
  const tampak = [];
  for (const x of semua) {
    const k = keadaan(x.p);
    for (const [f] of FILTER) if (cocokFilter(x.p, k, f)) hitung[f] += 1;
    if (cocokFilter(x.p, k, pilihan.filter) && cocokCari(x.v, pilihan.cari.trim())) tampak.push(x);
  }
  tampak.sort((a, b) => (a.v.rw || "").localeCompare(b.v.rw || "") ||
    (a.v.rt || "").localeCompare(b.v.rt || "") || (a.v.nkk || "").localeCompare(b.v.nkk || "") ||
    (a.v.nama || "").localeCompare(b.v.nama || ""));
  const isi = [];
  let rtrw = null;
  let kk = null;
  let ul = null;
  for (const { p, v } of tampak) {
    const kunciRt = `RT ${v.rt} / RW ${v.rw}`;
    if (kunciRt !== rtrw) {
      rtrw = kunciRt;
      kk = null;
      isi.push(h("h2", { class: "rtrw" }, kunciRt));
    }
    if (v.nkk !== kk) {
      kk = v.nkk;
      ul = h("ul", { class: "anggota" });
      isi.push(h("div", { class: "kk", dataset: { nkk: v.nkk } },
        h("a", { class: "kepala-kk", href: `#/kk/${v.nkk}` },
          h("span", {}, `KK …${(v.nkk || "").slice(-4)} · ${v.alamat}`),
          h("span", { class: "kecil" }, stikerKK(v.nkk))),
        ul));
    }
    ul.append(baris(p));
  }
  if (!tampak.length) {
    isi.push(h("p", { class: "kotak" }, S.meta.tps ? "Tidak ada pemilih yang cocok."
      : "Daftar pemilih belum diunduh. Buka Beranda lalu tekan Sinkronkan."));
  }
  return { isi, hitung, jumlah: tampak.length };
}

export function daftar(_p, ctx) {
  const wadah = h("div", { id: "isi-daftar" });
  const jumlah = h("p", { class: "kecil", id: "jumlah-tampak", "aria-live": "polite" });
  const tombolFilter = h("div", { class: "filter", role: "group", "aria-label": "Saring daftar" });

  const gambar = () => {
    const { isi, hitung, jumlah: n } = isiDaftar();
    wadah.replaceChildren(...isi);
    jumlah.textContent = `${n} pemilih ditampilkan`;
    tombolFilter.replaceChildren(...FILTER.map(([f, l]) => h("button", {
      type: "button", class: "chip", "aria-pressed": String(pilihan.filter === f),
      dataset: { filter: f },
      onclick: () => { pilihan.filter = f; gambar(); },
    }, `${l} (${hitung[f]})`)));
  };
  const cari = h("input", {
    type: "search", id: "cari", value: pilihan.cari, autocomplete: "off",
    enterkeyhint: "search",
    oninput: (e) => { pilihan.cari = e.target.value; gambar(); },
  });
  gambar();
  ctx.segarkanLayar = gambar;
  return h("section", { class: "layar" },
    h("h1", { tabindex: "-1" }, "Daftar pemilih"),
    h("div", { class: "isian" },
      h("label", { for: "cari" }, "Cari nama, alamat atau digit akhir NIK"), cari),
    tombolFilter, jumlah, wadah);
}
