// Sync with the server: photos first (resumable), then the queue in order (batches of 50),
// then the worklist changes since the last download.
//
// Nothing is ever dropped here. A network error leaves items "menunggu"/"terkirim" for the
// next round (a re-sent item is harmless: the server answers a known id from its record);
// a 401/403 keeps the queue and asks for a new login.

import * as db from "./db.js";

export const API = "/api/coklit/";
export const UKURAN_POTONGAN = 256 * 1024;
export const UKURAN_BATCH = 50;
const BATAS_WAKTU_MS = 45_000;

export class GalatSesi extends Error {}
export class GalatJaringan extends Error {}
export class GalatServer extends Error {
  constructor(pesan, status, isi) {
    super(pesan);
    this.status = status;
    this.isi = isi;
  }
}

export function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  if (m) return decodeURIComponent(m[1]);
  const meta = document.querySelector('meta[name="csrf-token"]');
  return meta ? meta.content : "";
}

export async function api(metode, jalur, { json, badan } = {}) {
  const headers = { Accept: "application/json" };
  if (metode !== "GET") headers["X-CSRFToken"] = csrfToken();
  let body;
  if (json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(json);
  } else if (badan !== undefined) {
    headers["Content-Type"] = "application/octet-stream";
    body = badan;
  }
  // A weak signal can hang a request for minutes: give up and retry in the next round.
  const batal = new AbortController();
  const timer = setTimeout(() => batal.abort(), BATAS_WAKTU_MS);
  let r;
  try {
    r = await fetch(API + jalur, {
      method: metode, headers, body, credentials: "same-origin", cache: "no-store",
      redirect: "manual", signal: batal.signal,
    });
  } catch {
    throw new GalatJaringan("Tidak tersambung ke server. Data tetap tersimpan di ponsel dan " +
      "dikirim nanti.");
  } finally {
    clearTimeout(timer);
  }
  let isi = null;
  try { isi = await r.json(); } catch { /* not JSON: a proxy page or an empty answer */ }
  const detail = isi && typeof isi.detail === "string" ? isi.detail : "";
  if (r.type === "opaqueredirect" || r.status === 401 || r.status === 403) {
    throw new GalatSesi((detail && detail !== "Unauthorized" ? detail + " " : "") +
      "Sesi masuk Anda sudah habis. Masuk lagi untuk mengirim; antrian tetap tersimpan di " +
      "ponsel ini.");
  }
  if (!r.ok) {
    throw new GalatServer(detail || `Server menjawab ${r.status}. Coba lagi nanti.`, r.status, isi);
  }
  return isi;
}

/** Upload one photo from the offset the server reports; a lost chunk is sent again. */
async function unggahSatuFoto(f) {
  let st = await api("POST", "foto", { json: { id: f.id, tipe: f.tipe, ukuran: f.ukuran } });
  while (!st.selesai && st.diterima < f.ukuran) {
    const dari = st.diterima;
    const potongan = f.blob.slice(dari, Math.min(dari + UKURAN_POTONGAN, f.ukuran));
    try {
      st = await api("PUT", `foto/${f.id}?offset=${dari}`, { badan: potongan });
    } catch (e) {
      // 409: the server holds a different offset (an earlier chunk arrived after all, or
      // did not): ask where it stands and continue from there.
      if (!(e instanceof GalatServer && e.status === 409)) throw e;
      st = await api("GET", `foto/${f.id}`);
    }
    await db.perbaruiFoto(f.id, { diterima: st.diterima });
  }
  await db.perbaruiFoto(f.id, { selesai: true, diterima: st.diterima });
}

async function unggahFoto(kabar) {
  const daftar = (await db.fotoBelumSelesai()).sort((a, b) => (a.dibuat < b.dibuat ? -1 : 1));
  let n = 0;
  for (const f of daftar) {
    kabar(`Mengunggah foto ${++n} dari ${daftar.length}…`);
    try {
      await unggahSatuFoto(f);
    } catch (e) {
      // A photo the server will never take (wrong type, too big): say so and let the change
      // go without it rather than blocking the whole queue behind it.
      if (e instanceof GalatServer && [400, 413, 415].includes(e.status)) {
        await db.perbaruiFoto(f.id, { gagal: e.message });
      } else if (e instanceof GalatServer && e.status === 429) {
        // A quota for now (too many unfinished uploads, or the account's photo limit): keep
        // the photos on the phone for a later sync and send the changes without waiting.
        kabar(e.message);
        break;
      } else {
        throw e;
      }
    }
  }
}

function keKabel(item) {
  return {
    id: item.id, aksi: item.aksi, pemilih_id: item.pemilih_id ?? null,
    versi: item.versi ?? null, setelah: item.setelah ?? null, data: item.data || {},
    waktu_perangkat: item.waktu_perangkat,
  };
}

async function kirimAntrian(tpsId, kabar) {
  let terkirim = 0;
  for (;;) {
    const batch = await db.ambilKiriman(UKURAN_BATCH);
    if (!batch.length) return terkirim;
    kabar(`Mengirim ${batch.length} perubahan…`);
    const jawab = await api("POST", "sinkron", { json: { perubahan: batch.map(keKabel) } });
    const hasil = (jawab && jawab.hasil) || [];
    await db.terapkanJawaban(hasil, tpsId);
    const dijawab = new Set(hasil.map((a) => a.id));
    if (!batch.every((i) => dijawab.has(i.id))) {
      // Never loop on a batch the server did not answer in full: try again next round.
      throw new GalatServer("Jawaban server tidak lengkap; dicoba lagi nanti.", 0, jawab);
    }
    terkirim += batch.length;
  }
}

async function unduhDaftar(kabar) {
  const meta = await db.metaSemua();
  const sejak = meta.versi_daftar;
  kabar(sejak == null ? "Mengunduh daftar pemilih…" : "Mengunduh perubahan daftar…");
  const d = await api("GET", sejak == null ? "daftar" : `daftar?sejak=${sejak}`);
  await db.gabungDaftar(d);
  return d;
}

async function jalankan(kabar) {
  const meta = await db.metaSemua();
  const tpsId = meta.tps ? meta.tps.id : null;
  try {
    await unggahFoto(kabar);
    const terkirim = await kirimAntrian(tpsId, kabar);
    const d = await unduhDaftar(kabar);
    await db.aturMeta({ perlu_masuk: false, galat_sinkron: null });
    return { ok: true, terkirim, diunduh: d.pemilih.length };
  } catch (e) {
    if (e instanceof GalatSesi) {
      await db.aturMeta({ perlu_masuk: true, galat_sinkron: e.message });
      return { ok: false, jenis: "sesi", pesan: e.message };
    }
    const pesan = e instanceof GalatJaringan || e instanceof GalatServer ? e.message
      : `Sinkronisasi gagal: ${e.message || e}`;
    await db.aturMeta({ galat_sinkron: pesan });
    return { ok: false, jenis: e instanceof GalatJaringan ? "jaringan" : "server", pesan };
  }
}

let berjalan = null;

/** One sync at a time (in this tab, and across tabs where Web Locks exist). */
export function sinkronkan(kabar = () => {}) {
  if (berjalan) return berjalan;
  if (!navigator.onLine) {
    return Promise.resolve({ ok: false, jenis: "luring",
      pesan: "Tidak ada sinyal. Semua perubahan tersimpan di ponsel dan dikirim saat sinyal ada." });
  }
  const kerja = navigator.locks
    ? navigator.locks.request("selenggara-coklit-sinkron", { ifAvailable: true },
      (kunci) => (kunci ? jalankan(kabar)
        : { ok: false, jenis: "sibuk", pesan: "Sinkronisasi sedang berjalan di tab lain." }))
    : jalankan(kabar);
  berjalan = Promise.resolve(kerja).finally(() => { berjalan = null; });
  return berjalan;
}

export const sedangBerjalan = () => berjalan !== null;

/** Online: is this NIK listed anywhere in the kab/kota? (POST keeps it out of URLs and logs.) */
export function cekNikServer(nik) {
  return api("POST", "cek-nik", { json: { nik } });
}
