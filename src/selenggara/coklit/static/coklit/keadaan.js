// The app's in-memory picture, rebuilt from IndexedDB after every write, and what the
// screens derive from it: each voter as the Pantarlih should see it (the server's record with
// the still-unanswered changes laid over it), progress, and the daily pace.

import * as db from "./db.js";
import { hariIniIso, label, TMS_KODE } from "./aturan.js";
import { aturSelisih } from "./jam.js";

export const S = {
  meta: {},
  pemilih: new Map(), // id -> server record
  antrian: [], // queue items in order
  foto: new Map(),
  perKunci: new Map(), // "p:<id>" / "b:<item id>" / "k:<nkk>" -> items in order
};

export async function muat() {
  const [meta, pemilih, antrian, foto] = await Promise.all([
    db.metaSemua(), db.semua("pemilih"), db.antrianUrut(), db.semua("foto"),
  ]);
  S.meta = meta;
  aturSelisih(meta.selisih_jam || 0);
  S.pemilih = new Map(pemilih.map((p) => [p.id, p]));
  S.antrian = antrian;
  S.foto = new Map(foto.map((f) => [f.id, f]));
  S.perKunci = new Map();
  const tambah = (k, i) => {
    if (!S.perKunci.has(k)) S.perKunci.set(k, []);
    S.perKunci.get(k).push(i);
  };
  for (const i of antrian) {
    tambah(i.kunci, i);
    // A new voter the server accepted has a real id now: its history follows it.
    if (i.aksi === "BARU" && i.pemilih_id != null) tambah(`p:${i.pemilih_id}`, i);
  }
}

export const kunci = (p) => (p.lokal ? `b:${p.item_id}` : `p:${p.id}`);
export const riwayat = (k) => S.perKunci.get(k) || [];

/** The latest change of this voter not answered yet (menunggu or terkirim). */
export function terbuka(k) {
  const items = riwayat(k).filter((i) => db.BELUM_DIJAWAB.has(i.status));
  return items.length ? items[items.length - 1] : null;
}

function baruLokal(item) {
  return {
    ...item.data.pemilih, id: `b:${item.id}`, item_id: item.id, lokal: true, sumber: "BARU",
    coklit: "BARU", tms_kode: "", versi: null, catatan_pps: "",
  };
}

/** Every voter of the worklist: the server's, plus new voters not accepted yet. */
export function daftarPemilih() {
  const out = [...S.pemilih.values()];
  for (const i of S.antrian) {
    if (i.aksi === "BARU" && db.BELUM_DIJAWAB.has(i.status)) out.push(baruLokal(i));
  }
  return out;
}

export function cariPemilih(id) {
  if (typeof id === "string" && id.startsWith("b:")) {
    const item = S.antrian.find((i) => i.id === id.slice(2));
    if (!item) return null;
    if (item.pemilih_id != null && S.pemilih.has(item.pemilih_id)) {
      return S.pemilih.get(item.pemilih_id);
    }
    return baruLokal(item);
  }
  return S.pemilih.get(Number(id)) || null;
}

/** The voter with the unanswered changes applied, for display and for the next edit. */
export function tampil(p) {
  const r = { ...p };
  for (const i of riwayat(kunci(p))) {
    if (!db.BELUM_DIJAWAB.has(i.status)) continue;
    if (i.aksi === "UBAH") Object.assign(r, i.data.ubah || {});
    if (i.aksi === "SESUAI") {
      for (const f of ["disabilitas", "ktp_el"]) if (i.data[f] != null) r[f] = i.data[f];
    }
  }
  return r;
}

const LABEL_HASIL = { "": "Belum dicoklit", SESUAI: "Sesuai", UBAH: "Diubah", BARU: "Pemilih baru" };
export const LABEL_STATUS = {
  menunggu: "Menunggu dikirim", terkirim: "Terkirim, menunggu jawaban",
  diterapkan: "Diterapkan", konflik: "Konflik: diputuskan PPS", ditolak: "Ditolak: perbaiki",
  dikembalikan: "Dikembalikan PPS",
};

function nomorTps(id) {
  const t = (S.meta.tps_kelurahan || []).find((x) => x.id === id);
  return t ? `TPS ${String(t.nomor).padStart(3, "0")}` : "TPS lain";
}

/**
 * Where a voter stands: {hasil, tms, status, label, item, catatan}.
 * hasil: "" | SESUAI | UBAH | TMS | BARU (what the Pantarlih found, queued or accepted);
 * status: the state of the latest change in the queue ("" when nothing is in the queue).
 */
export function keadaan(p) {
  const items = riwayat(kunci(p));
  const akhir = items.length ? items[items.length - 1] : null;
  const antre = akhir && db.BELUM_DIJAWAB.has(akhir.status) ? akhir : null;
  let hasil = p.coklit || "";
  let tms = p.tms_kode || "";
  if (antre) {
    hasil = antre.aksi === "STIKER" ? hasil : antre.aksi;
    if (antre.aksi === "TMS") tms = String(antre.data.kode);
  }
  if (p.lokal) hasil = "BARU";
  let catatan = "";
  let status = akhir ? akhir.status : "";
  if (akhir && akhir.status === db.DIKEMBALIKAN) catatan = akhir.catatan_pps || "";
  else if (!antre && p.catatan_pps) [status, catatan] = [db.DIKEMBALIKAN, p.catatan_pps];
  else if (!akhir) {
    const k = (S.meta.dikembalikan || []).find((x) => x.pemilih_id === p.id);
    if (k) [status, catatan] = [db.DIKEMBALIKAN, k.catatan];
  }
  let teks = hasil === "TMS" ? `TMS ${tms}` : LABEL_HASIL[hasil] || hasil;
  if (hasil === "TMS" && tms === "8" && antre) teks += ` → ${nomorTps(antre.data.tps_tujuan)}`;
  if (hasil === "" && tms) teks = `Belum dicoklit (tercatat TMS ${tms})`;
  return { hasil, tms: hasil === "TMS" || !antre ? tms : "", status, teks, item: akhir, antre,
    catatan };
}

export function cocokFilter(p, k, filter) {
  switch (filter) {
    case "belum": return k.hasil === "";
    case "sudah": return k.hasil !== "";
    case "tms": return k.hasil === "TMS" || (!!p.tms_kode && !k.antre);
    case "baru": return p.sumber === "BARU" || k.hasil === "BARU";
    case "kembali": return k.status === db.DIKEMBALIKAN;
    default: return true;
  }
}

/** Progress for the home screen, and the daily pace to reach 100% by the target date. */
export function kemajuan(hariIni = hariIniIso()) {
  const daftar = daftarPemilih();
  let selesai = 0;
  for (const p of daftar) if (keadaan(p).hasil !== "") selesai += 1;
  const hariIniKunci = new Set();
  for (const i of S.antrian) {
    if (i.aksi === "STIKER" || i.status === db.DITOLAK) continue;
    if (hariIniIso(new Date(i.waktu_perangkat)) === hariIni) hariIniKunci.add(i.kunci);
  }
  const total = daftar.length;
  const sisa = total - selesai;
  const target = S.meta.target_selesai || null;
  const mulai = S.meta.coklit_mulai || null;
  let hariSisa = null;
  let laju = null;
  if (target) {
    const dari = mulai && mulai > hariIni ? mulai : hariIni;
    hariSisa = Math.round((Date.parse(target) - Date.parse(dari)) / 86_400_000) + 1;
    // The pace counts today's work as still to do: the goal for today stays fixed all day.
    // Past the target there is no pace left to show, only what remains.
    laju = hariSisa > 0 ? Math.ceil((sisa + hariIniKunci.size) / hariSisa) : null;
  }
  return {
    total, selesai, sisa, persen: total ? Math.floor((selesai * 1000) / total) / 10 : 0,
    hariIni: hariIniKunci.size, target, hariSisa, laju,
  };
}

export const jumlahMenunggu = () => S.antrian.filter((i) => db.BELUM_DIJAWAB.has(i.status)).length;

export const adaStiker = (nkk) => (S.meta.stiker || []).includes(nkk);

export function tmsLabel(kode) {
  return `TMS ${kode}: ${label(TMS_KODE, String(kode))}`;
}
