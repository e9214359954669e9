// IndexedDB: the phone's copy of the worklist and the queue of changes.
//
// Everything a Pantarlih does is written here first, in one transaction, before the screen
// says "tersimpan": the queue survives a reload, a closed browser and a phone restart.
// Decisions that depend on the queue (replace an unsent change, or chain after a sent one)
// are taken INSIDE the same readwrite transaction, so they cannot race with the sync marking
// items as sent (IndexedDB runs readwrite transactions on the same store one at a time).
//
// Stores:
//   meta     {k, v}      versi_daftar, tps, tps_kelurahan, dates, stiker, dikembalikan, ...
//   pemilih  {id, ...}   the worklist as the SERVER last said it (never edited locally)
//   antrian  {id, ...}   one item per change; index "urut" (order) and "kunci" (whose change)
//   foto     {id, ...}   photos waiting for upload (blob) and their upload progress

import { kini } from "./jam.js";

const NAMA_DB = "selenggara-coklit";
const VERSI_DB = 1;

export const MENUNGGU = "menunggu";
export const TERKIRIM = "terkirim";
export const DITERAPKAN = "diterapkan";
export const KONFLIK = "konflik";
export const DITOLAK = "ditolak";
export const DIKEMBALIKAN = "dikembalikan";
export const BELUM_DIJAWAB = new Set([MENUNGGU, TERKIRIM]);

export class TidakAdaPerubahan extends Error {}
export class TidakDapatDibatalkan extends Error {}

let dbJanji = null;

export function buka() {
  if (!dbJanji) {
    dbJanji = new Promise((resolve, reject) => {
      const r = indexedDB.open(NAMA_DB, VERSI_DB);
      r.onupgradeneeded = () => {
        const db = r.result;
        db.createObjectStore("meta", { keyPath: "k" });
        db.createObjectStore("pemilih", { keyPath: "id" });
        const a = db.createObjectStore("antrian", { keyPath: "id" });
        a.createIndex("urut", "urut", { unique: true });
        a.createIndex("kunci", "kunci");
        db.createObjectStore("foto", { keyPath: "id" });
      };
      r.onsuccess = () => {
        const db = r.result;
        // A newer app version in another tab wants to upgrade: let it.
        db.onversionchange = () => { db.close(); dbJanji = null; };
        resolve(db);
      };
      r.onerror = () => reject(r.error);
      r.onblocked = () => {
        dbJanji = null; // let the next call try again once the other tab has let go
        reject(new Error("Basis data ponsel sedang dipakai tab lain; tutup tab e-coklit yang " +
          "lain lalu muat ulang."));
      };
    });
  }
  return dbJanji;
}

// Promise wrappers. Awaiting IndexedDB requests inside a transaction keeps it alive (the
// continuation runs as a microtask of the success event); awaiting anything else would not.
const minta = (r) => new Promise((resolve, reject) => {
  r.onsuccess = () => resolve(r.result);
  r.onerror = () => reject(r.error);
});

function selesai(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error || new Error("Transaksi basis data ponsel dibatalkan."));
  });
}

/** Run ``kerja(tx)`` in one transaction; resolve with its result after the commit. */
async function transaksi(stores, mode, kerja) {
  const db = await buka();
  const tx = db.transaction(stores, mode, { durability: "strict" });
  const done = selesai(tx);
  let hasil;
  try {
    hasil = await kerja(tx);
  } catch (e) {
    try { tx.abort(); } catch { /* already finished */ }
    await done.catch(() => {});
    throw e;
  }
  await done;
  return hasil;
}

export const semua = (store) => transaksi([store], "readonly",
  (tx) => minta(tx.objectStore(store).getAll()));

export async function metaSemua() {
  const rows = await semua("meta");
  return Object.fromEntries(rows.map((r) => [r.k, r.v]));
}

export function aturMeta(nilai) {
  return transaksi(["meta"], "readwrite", async (tx) => {
    const s = tx.objectStore("meta");
    for (const [k, v] of Object.entries(nilai)) s.put({ k, v });
  });
}

export async function antrianUrut() {
  const items = await semua("antrian");
  return items.sort((a, b) => a.urut - b.urut);
}

export const uuid = () => (crypto.randomUUID ? crypto.randomUUID() : uuidCadangan());

function uuidCadangan() {
  // crypto.randomUUID needs a secure context; a plain-http test server on a LAN is not one.
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

async function urutBerikut(meta) {
  const row = await minta(meta.get("urut"));
  const n = (row ? row.v : 0) + 1;
  meta.put({ k: "urut", v: n });
  return n;
}

const TAMBAHAN_SESUAI = ["disabilitas", "ktp_el"];

function tanpaYangSama(ubah, dasar) {
  // A field edited back to what the server has is no longer a change.
  const out = { ...ubah };
  if (dasar) for (const k of Object.keys(out)) if (String(dasar[k] ?? "") === String(out[k])) delete out[k];
  return out;
}

/** What replaces an unsent change: {aksi, data}. Corrections are never silently lost: Ubah
 * over Ubah merges the fields, Ubah over Sesuai keeps Sesuai's disability/KTP-el, and Sesuai
 * over an Ubah keeps the corrections (with the disability/KTP-el just chosen). */
function gabung(lama, baru, dasar) {
  if (baru.aksi === "UBAH" && (lama.aksi === "UBAH" || lama.aksi === "SESUAI")) {
    const awal = lama.aksi === "UBAH" ? lama.data.ubah || {}
      : Object.fromEntries(TAMBAHAN_SESUAI.filter((k) => lama.data[k] != null)
        .map((k) => [k, lama.data[k]]));
    const ubah = tanpaYangSama({ ...awal, ...(baru.data.ubah || {}) }, dasar);
    if (!Object.keys(ubah).length) {
      throw new TidakAdaPerubahan("Data kembali sama dengan data awal. Perubahan yang menunggu " +
        "tetap tersimpan; tekan Batalkan di layar pemilih bila ingin membatalkannya.");
    }
    return { aksi: "UBAH", data: { ...lama.data, ...baru.data, ubah } };
  }
  if (baru.aksi === "SESUAI" && lama.aksi === "UBAH") {
    const tambahan = Object.fromEntries(TAMBAHAN_SESUAI.filter((k) => baru.data[k] != null)
      .map((k) => [k, baru.data[k]]));
    const ubah = tanpaYangSama({ ...(lama.data.ubah || {}), ...tambahan }, dasar);
    if (Object.keys(ubah).length) return { aksi: "UBAH", data: { ...lama.data, ubah } };
  }
  return { aksi: baru.aksi, data: baru.data };
}

/**
 * Record one action. ``baru``: {kunci, aksi, pemilih_id, data, ringkas, foto: [records]},
 * optionally ``id`` (a new voter's key is made from its change id before it is stored).
 *
 * - The latest unanswered change of the same voter (or household) is still "menunggu"
 *   (never sent): it is REPLACED (Ubah fields merged, see ``gabung``), keeping its id and
 *   place in the queue.
 * - It was already sent ("terkirim", no answer yet): a new change names it in ``setelah``
 *   and carries the same ``versi``, so the server checks it against what the first produced.
 * - Otherwise: a new change on the version the phone last heard from the server.
 *
 * Resolves with {item, diganti}.
 */
export function catat(baru) {
  return transaksi(["antrian", "meta", "pemilih", "foto"], "readwrite", async (tx) => {
    const antrian = tx.objectStore("antrian");
    const fotoStore = tx.objectStore("foto");
    const milik = await minta(antrian.index("kunci").getAll(baru.kunci));
    const terbuka = milik.filter((i) => BELUM_DIJAWAB.has(i.status))
      .sort((a, b) => a.urut - b.urut).pop();
    const dasar = baru.pemilih_id != null
      ? await minta(tx.objectStore("pemilih").get(baru.pemilih_id)) : null;
    const sekarang = kini().toISOString();
    let item;
    let diganti = false;
    if (terbuka && terbuka.status === MENUNGGU) {
      diganti = true;
      const fotoBaru = new Set((baru.foto || []).map((f) => f.id));
      for (const id of terbuka.foto || []) if (!fotoBaru.has(id)) fotoStore.delete(id);
      item = { ...terbuka, ...gabung(terbuka, baru, dasar), ringkas: baru.ringkas,
        foto: [...fotoBaru], waktu_perangkat: sekarang, diubah: sekarang };
    } else {
      item = {
        id: baru.id || uuid(), urut: await urutBerikut(tx.objectStore("meta")), kunci: baru.kunci,
        aksi: baru.aksi, pemilih_id: baru.pemilih_id ?? null,
        versi: terbuka ? terbuka.versi : (dasar ? dasar.versi : null),
        setelah: terbuka ? terbuka.id : null, data: baru.data, ringkas: baru.ringkas,
        foto: (baru.foto || []).map((f) => f.id), waktu_perangkat: sekarang, dibuat: sekarang,
        status: MENUNGGU,
      };
    }
    // A photo already stored (perhaps uploaded meanwhile) is not reset to "not uploaded".
    for (const f of baru.foto || []) if (!(await minta(fotoStore.get(f.id)))) fotoStore.put(f);
    antrian.put(item);
    return { item, diganti };
  });
}

/** Undo a change that was never sent. A sent change cannot be called back. */
export function batalkan(id) {
  return transaksi(["antrian", "foto"], "readwrite", async (tx) => {
    const antrian = tx.objectStore("antrian");
    const item = await minta(antrian.get(id));
    if (!item) return null;
    if (item.status !== MENUNGGU) {
      throw new TidakDapatDibatalkan("Perubahan ini sudah terkirim ke server sehingga tidak " +
        "dapat dibatalkan; catat perubahan baru bila perlu.");
    }
    for (const f of item.foto || []) tx.objectStore("foto").delete(f);
    antrian.delete(id);
    return item;
  });
}

/**
 * The next batch to send, in queue order: unanswered items (a "terkirim" one whose answer was
 * lost is sent again: the server answers a known id without writing twice). "menunggu" items
 * become "terkirim" in the same transaction, so an action taken while the request is in
 * flight chains after them instead of replacing content already sent. Stops before an item
 * whose photo is not uploaded yet, so the server can link the photo.
 */
export function ambilKiriman(maks) {
  return transaksi(["antrian", "foto"], "readwrite", async (tx) => {
    const antrian = tx.objectStore("antrian");
    const fotoStore = tx.objectStore("foto");
    const semuaItem = (await minta(antrian.getAll())).sort((a, b) => a.urut - b.urut);
    const kirim = [];
    const sekarang = new Date().toISOString();
    for (const item of semuaItem) {
      if (!BELUM_DIJAWAB.has(item.status)) continue;
      let fotoSiap = true;
      for (const fid of item.foto || []) {
        const f = await minta(fotoStore.get(fid));
        if (f && !f.selesai && !f.gagal) fotoSiap = false;
      }
      if (!fotoSiap || kirim.length >= maks) break;
      if (item.status === MENUNGGU) {
        item.status = TERKIRIM;
        item.dikirim = sekarang;
        antrian.put(item);
      }
      kirim.push(item);
    }
    return kirim;
  });
}

const STATUS_JAWABAN = {
  applied: DITERAPKAN, already_applied: DITERAPKAN, conflict: KONFLIK, rejected: DITOLAK,
};

/** Store the server's answers: item states, and the voters as the server now has them. */
export function terapkanJawaban(hasil, tpsId) {
  return transaksi(["antrian", "pemilih"], "readwrite", async (tx) => {
    const antrian = tx.objectStore("antrian");
    const pemilih = tx.objectStore("pemilih");
    const sekarang = new Date().toISOString();
    for (const a of hasil) {
      const item = await minta(antrian.get(a.id));
      if (!item) continue;
      item.status = STATUS_JAWABAN[a.status] || DITOLAK;
      item.jawaban = { status: a.status, pesan: a.pesan, galat: a.galat || {},
        peringatan: a.peringatan || [] };
      item.dijawab = sekarang;
      const p = a.pemilih;
      if (p && p.id != null) {
        if (item.aksi === "BARU") item.pemilih_id = p.id;
        const ada = await minta(pemilih.get(p.id));
        if (!ada || (p.versi ?? 0) >= (ada.versi ?? 0)) {
          // TMS 8 moved the voter to another TPS: it leaves this worklist.
          if (p.tps_id != null && p.tps_id !== tpsId) pemilih.delete(p.id);
          else pemilih.put(p);
        }
      }
      antrian.put(item);
    }
  });
}

/** Merge a worklist download (whole, or what changed since ``versi_daftar``). */
export function gabungDaftar(d) {
  return transaksi(["pemilih", "meta", "antrian"], "readwrite", async (tx) => {
    const pemilih = tx.objectStore("pemilih");
    if (d.lengkap) pemilih.clear();
    for (const p of d.pemilih) {
      const ada = d.lengkap ? null : await minta(pemilih.get(p.id));
      if (!ada || (p.versi ?? 0) >= (ada.versi ?? 0)) pemilih.put(p);
    }
    for (const id of d.keluar || []) pemilih.delete(id);
    const antrian = tx.objectStore("antrian");
    for (const k of d.dikembalikan || []) {
      const item = await minta(antrian.get(k.perubahan_id));
      if (item && (item.status !== DIKEMBALIKAN || item.catatan_pps !== k.catatan)) {
        item.status = DIKEMBALIKAN;
        item.catatan_pps = k.catatan;
        antrian.put(item);
      }
    }
    const meta = tx.objectStore("meta");
    const nilai = {
      versi_daftar: d.versi_daftar, tps: d.tps, tps_kelurahan: d.tps_kelurahan,
      coklit_mulai: d.coklit_mulai, coklit_selesai: d.coklit_selesai,
      target_selesai: d.target_selesai, stiker: d.stiker, dikembalikan: d.dikembalikan,
      sinkron_terakhir: new Date().toISOString(),
      // The server's working moment against this phone's clock (see jam.js).
      selisih_jam: d.sekarang ? Date.parse(d.sekarang) - Date.now() : 0,
    };
    for (const [k, v] of Object.entries(nilai)) meta.put({ k, v });
  });
}

export function fotoBelumSelesai() {
  return semua("foto").then((rows) => rows.filter((f) => !f.selesai && !f.gagal));
}

export function perbaruiFoto(id, ubah) {
  return transaksi(["foto"], "readwrite", async (tx) => {
    const s = tx.objectStore("foto");
    const f = await minta(s.get(id));
    if (!f) return;
    Object.assign(f, ubah);
    // An uploaded photo lives on the server; keep only its record here to save phone space.
    if (f.selesai) f.blob = null;
    s.put(f);
  });
}

/** Another account on this phone with nothing left to send: start clean. */
export function kosongkan() {
  return transaksi(["meta", "pemilih", "antrian", "foto"], "readwrite", async (tx) => {
    for (const s of ["meta", "pemilih", "antrian", "foto"]) tx.objectStore(s).clear();
  });
}
