// e-coklit: start-up, hash routing, the header and navigation, and when to sync.

import * as db from "./db.js";
import { saatBerubah, segarkan } from "./aksi.js";
import { jumlahMenunggu, S } from "./keadaan.js";
import { antrian } from "./layar_antrian.js";
import { baru } from "./layar_baru.js";
import { beranda } from "./layar_beranda.js";
import { daftar, ingatGulir, pulihkanGulir } from "./layar_daftar.js";
import { kk } from "./layar_kk.js";
import { bukti, pemilih, tms, ubah } from "./layar_pemilih.js";
import { sedangBerjalan, sinkronkan } from "./sync.js";
import { h, kabar } from "./ui.js";

const SELANG_SINKRON_MS = 60_000;
const JEDA_SETELAH_AKSI_MS = 5_000;

// [pattern, screen, re-render when data changes (screens without a form being filled)]
const RUTE = [
  [/^\/?$/, beranda, true],
  [/^\/daftar$/, daftar, true],
  [/^\/pemilih\/([^/]+)$/, pemilih, true, "id"],
  [/^\/pemilih\/([^/]+)\/ubah$/, ubah, false, "id"],
  [/^\/pemilih\/([^/]+)\/tms$/, tms, false, "id"],
  [/^\/pemilih\/([^/]+)\/bukti$/, bukti, false, "id"],
  [/^\/kk\/(\d+)$/, kk, false, "nkk"],
  [/^\/baru$/, baru, false],
  [/^\/antrian$/, antrian, true],
];

const badan = document.body;
const layar = document.getElementById("layar");
// How many app screens lie behind this one in the browser history (kept in history.state so
// it survives reloads): "back" then stays inside the app instead of leaving it.
let kedalaman = 0;
let ruteKini = null;

const ctx = {
  segarkanLayar: null,
  kembali(langkah = 1) {
    if (kedalaman >= langkah) history.go(-langkah);
    else location.hash = "#/daftar";
  },
  gambarUlang: () => gambar(false),
  sinkron: (manual) => jalankanSinkron(manual),
};

function uraiHash() {
  const [jalur, kueri] = (location.hash.replace(/^#/, "") || "/").split("?");
  const params = Object.fromEntries(new URLSearchParams(kueri || ""));
  for (const [pola, fn, segar, nama] of RUTE) {
    const m = pola.exec(jalur);
    if (m) return { fn, segar, params: nama ? { ...params, [nama]: decodeURIComponent(m[1]) } : params, jalur };
  }
  return { fn: beranda, segar: true, params: {}, jalur: "/" };
}

function gambar(layarBaru = true) {
  const r = uraiHash();
  ruteKini = r;
  ctx.segarkanLayar = null;
  const simpanGulir = layarBaru ? 0 : window.scrollY;
  // A redraw after a background sync must not undo a choice not saved yet (e.g. the
  // disability picked on a voter's screen): carry input values over by id.
  const isian = layarBaru ? [] : [...layar.querySelectorAll("input[id], select[id]")]
    .filter((el) => el.type !== "file").map((el) => [el.id, el.value]);
  layar.replaceChildren(r.fn(r.params, ctx));
  for (const [id, nilai] of isian) {
    const el = document.getElementById(id);
    if (el && el.type !== "file") el.value = nilai;
  }
  for (const a of document.querySelectorAll("nav.bawah a")) {
    const aktif = a.getAttribute("href") === `#${r.jalur}` ||
      (a.getAttribute("href") === "#/" && r.jalur === "/");
    if (aktif) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  if (layarBaru) {
    if (r.jalur === "/daftar") pulihkanGulir();
    else window.scrollTo(0, 0);
    const judul = layar.querySelector("h1");
    if (judul) judul.focus({ preventScroll: true });
  } else {
    window.scrollTo(0, simpanGulir);
  }
}

function perbaruiKepala() {
  const t = S.meta.tps;
  document.getElementById("tps-singkat").textContent =
    t ? `TPS ${String(t.nomor).padStart(3, "0")} ${t.kelurahan}` : "";
  const sinyal = document.getElementById("sinyal");
  sinyal.textContent = navigator.onLine ? "● Daring" : "○ Luring";
  sinyal.className = navigator.onLine ? "sinyal daring" : "sinyal luring";
  sinyal.title = navigator.onLine ? "Ada sambungan internet" : "Tanpa sinyal: semua tersimpan di ponsel";
  const n = jumlahMenunggu();
  const lencana = document.getElementById("lencana-antrian");
  lencana.textContent = String(n);
  lencana.hidden = n === 0;
  lencana.setAttribute("aria-label", `${n} menunggu dikirim`);
  const spanduk = document.getElementById("spanduk");
  spanduk.replaceChildren();
  if (S.meta.perlu_masuk) {
    spanduk.append(h("div", { class: "spanduk galat-kotak", role: "alert" },
      h("p", {}, S.meta.galat_sinkron || "Sesi masuk habis."),
      h("a", { class: "tombol tombol-utama", href: badan.dataset.masuk }, "Masuk lagi")));
  }
}

function setelahBerubah(sebab) {
  perbaruiKepala();
  if (!ruteKini) return;
  // Never redraw a form the Pantarlih is filling in; lists and summaries follow the data.
  if (sebab === "aksi" && !ruteKini.segar) return;
  if (ruteKini.segar) {
    if (ctx.segarkanLayar) ctx.segarkanLayar();
    else gambar(false);
  }
}

function tampilkanProses(teks) {
  const el = document.getElementById("proses");
  el.textContent = teks;
  el.hidden = !teks;
}

let putaran = 0; // finished sync rounds, for whoever watches (tests, support staff)

async function jalankanSinkron(manual = false) {
  if (sedangBerjalan()) {
    if (manual) kabar("Sinkronisasi sedang berjalan…");
    return;
  }
  const tombol = document.getElementById("tombol-sinkron");
  if (tombol) tombol.disabled = true;
  tampilkanProses("Menyinkronkan…");
  badan.dataset.sinkron = "berjalan";
  const mulaiPada = new Date().toISOString();
  const hasil = await sinkronkan(tampilkanProses);
  badan.dataset.sinkron = hasil.ok ? "selesai" : `gagal-${hasil.jenis}`;
  badan.dataset.putaran = String(++putaran);
  tampilkanProses("");
  await segarkan("sinkron");
  const t = document.getElementById("tombol-sinkron");
  if (t) t.disabled = false;
  if (hasil.ok) {
    const ditolak = S.antrian.filter((i) => i.status === "ditolak" && i.dijawab &&
      i.dijawab >= mulaiPada).length;
    if (manual || hasil.terkirim) {
      kabar(hasil.terkirim ? `${hasil.terkirim} perubahan terkirim.` +
        (ditolak ? ` ${ditolak} ditolak: lihat Antrian.` : "") : "Data sudah terbaru.",
      ditolak ? "galat" : "berhasil");
    }
  } else if (manual || hasil.jenis === "sesi") {
    kabar(hasil.pesan, "galat");
  }
  return hasil;
}

let timerAksi = null;
function jadwalkanSinkron() {
  clearTimeout(timerAksi);
  if (!navigator.onLine || S.meta.perlu_masuk) return;
  timerAksi = setTimeout(() => jalankanSinkron(false), JEDA_SETELAH_AKSI_MS);
}

async function pastikanPengguna() {
  const pengguna = badan.dataset.pengguna;
  const milik = S.meta.pengguna;
  if (milik && milik !== pengguna) {
    const belum = jumlahMenunggu();
    if (belum) {
      // Another account's unsent work must not be sent under this account (the server would
      // refuse it anyway) nor be wiped: ask for the right account.
      layar.replaceChildren(h("section", { class: "layar" },
        h("h1", { tabindex: "-1" }, "Antrian milik akun lain"),
        h("p", { class: "kotak peringatan" }, `Ponsel ini masih menyimpan ${belum} perubahan ` +
          `milik akun ${milik} yang belum terkirim. Keluar, lalu masuk sebagai ${milik} untuk ` +
          "mengirimnya lebih dulu."),
        h("form", { method: "post", action: badan.dataset.keluar },
          h("input", { type: "hidden", name: "csrfmiddlewaretoken",
            value: (document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/) || [])[1] || "" }),
          h("button", { type: "submit", class: "tombol tombol-utama" }, "Keluar"))));
      return false;
    }
    await db.kosongkan();
  }
  if (milik !== pengguna) await db.aturMeta({ pengguna });
  await segarkan("mulai");
  return true;
}

async function daftarkanServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register(badan.dataset.sw, { scope: badan.dataset.lingkup });
  } catch (e) {
    console.warn("service worker:", e);
  }
}

async function mulai() {
  if (badan.dataset.pantarlih !== "1") return; // the template shows why
  daftarkanServiceWorker();
  // Ask the browser not to evict the queue when the phone runs low on storage.
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
  try {
    await db.buka();
  } catch (e) {
    layar.replaceChildren(h("p", { class: "kotak galat-kotak" }, e.message));
    return;
  }
  await segarkan("mulai");
  saatBerubah(setelahBerubah);
  if (!(await pastikanPengguna())) return;
  kedalaman = (history.state && history.state.kedalaman) || 0;
  history.replaceState({ kedalaman }, "");
  window.addEventListener("hashchange", () => {
    if (history.state && history.state.kedalaman != null) {
      kedalaman = history.state.kedalaman; // back or forward to a known entry
    } else {
      kedalaman += 1;
      history.replaceState({ kedalaman }, "");
    }
    gambar(true);
  });
  window.addEventListener("scroll", ingatGulir, { passive: true });
  window.addEventListener("online", () => { perbaruiKepala(); jalankanSinkron(false); });
  window.addEventListener("offline", () => { perbaruiKepala(); if (ruteKini.segar) gambar(false); });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible" && navigator.onLine) jalankanSinkron(false);
  });
  setInterval(() => { if (navigator.onLine) jalankanSinkron(false); }, SELANG_SINKRON_MS);
  saatBerubah((sebab) => { if (sebab === "aksi") jadwalkanSinkron(); });
  gambar(true);
  badan.dataset.siap = "1";
  if (navigator.onLine) jalankanSinkron(false);
}

mulai();
