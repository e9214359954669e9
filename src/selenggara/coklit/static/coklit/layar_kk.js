// One household (KK): its members, the coklit sticker (optional photo, GPS when allowed), and
// adding a new member.

import { rekam } from "./aksi.js";
import { BELUM_DIJAWAB, uuid } from "./db.js";
import { adaStiker, daftarPemilih, keadaan, riwayat, tampil, terbuka } from "./keadaan.js";
import { lencana } from "./layar_daftar.js";
import { h, kabar, kecilkanFoto, waktu } from "./ui.js";

// The last position fix, kept while the app runs: a sticker recorded next door a minute later
// can use it without waiting for the GPS again.
let posisiTerakhir = null;

function mintaPosisi() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) { resolve({ galat: "Ponsel ini tidak mendukung GPS." }); return; }
    navigator.geolocation.getCurrentPosition(
      (pos) => resolve({ lintang: pos.coords.latitude, bujur: pos.coords.longitude,
        akurasi: Math.round(pos.coords.accuracy), waktu: Date.now() }),
      (e) => resolve({ galat: e.code === 1 ? "Izin lokasi tidak diberikan; stiker tetap " +
        "dicatat tanpa lokasi." : "Lokasi belum didapat; stiker tetap dicatat tanpa lokasi." }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 120_000 });
  });
}

export function kk({ nkk }, ctx) {
  const anggota = daftarPemilih().filter((p) => tampil(p).nkk === nkk);
  const contoh = anggota.length ? tampil(anggota[0]) : null;
  const items = riwayat(`k:${nkk}`);
  const akhir = items[items.length - 1];
  let statusStiker = "Belum tercatat.";
  if (akhir && BELUM_DIJAWAB.has(akhir.status)) {
    statusStiker = `Tercatat ${waktu(akhir.waktu_perangkat)}, menunggu dikirim` +
      (akhir.data.lintang != null ? " (dengan lokasi GPS)." : ".");
  } else if (adaStiker(nkk) || (akhir && akhir.status === "diterapkan")) {
    statusStiker = "Sudah terpasang dan tercatat di server.";
  } else if (akhir && akhir.status === "ditolak") {
    statusStiker = `Ditolak server: ${(akhir.jawaban && akhir.jawaban.pesan) || ""}`;
  }

  let foto = null;
  let posisi = posisiTerakhir && Date.now() - posisiTerakhir.waktu < 120_000 ? posisiTerakhir : null;
  const kabarGps = h("p", { class: "kecil", id: "gps-kabar", "aria-live": "polite" },
    posisi ? `Lokasi GPS didapat (±${posisi.akurasi} m).` : "Mencari lokasi GPS…");
  const janjiPosisi = posisi ? Promise.resolve(posisi) : mintaPosisi().then((r) => {
    if (r.galat) { kabarGps.textContent = r.galat; return null; }
    posisi = posisiTerakhir = r;
    kabarGps.textContent = `Lokasi GPS didapat (±${r.akurasi} m).`;
    return r;
  });

  const inputFoto = h("input", { type: "file", id: "f-foto-stiker", accept: "image/*",
    capture: "environment" });
  const kabarFoto = h("p", { class: "kecil" });
  inputFoto.addEventListener("change", async () => {
    const file = inputFoto.files && inputFoto.files[0];
    if (!file) { foto = null; kabarFoto.textContent = ""; return; }
    kabarFoto.textContent = "Menyiapkan foto…";
    const { blob, tipe } = await kecilkanFoto(file);
    foto = { id: uuid(), blob, tipe, ukuran: blob.size, diterima: 0, selesai: false,
      dibuat: new Date().toISOString() };
    kabarFoto.textContent = `Foto siap (${Math.ceil(blob.size / 1024)} KB).`;
  });

  const dataStiker = (pos) => {
    const d = { nkk };
    if (foto) d.foto = foto.id;
    if (pos) Object.assign(d, { lintang: pos.lintang, bujur: pos.bujur, akurasi: pos.akurasi });
    return d;
  };
  const ringkas = { nama: contoh ? `KK ${contoh.nama}` : "KK", nkk4: nkk.slice(-4) };
  const pasang = async () => {
    try {
      // Written now, with or without a position: the GPS must never hold up the record.
      const fotoIni = foto;
      const { item } = await rekam({ kunci: `k:${nkk}`, aksi: "STIKER", pemilih_id: null,
        data: dataStiker(posisi), ringkas, foto: fotoIni ? [fotoIni] : [] });
      kabar("Stiker tercatat di ponsel.", "berhasil");
      if (!posisi) {
        // A fix that arrives later is added while the record is still unsent.
        janjiPosisi.then(async (pos) => {
          const kini = terbuka(`k:${nkk}`);
          if (pos && kini && kini.id === item.id && kini.status === "menunggu") {
            await rekam({ kunci: `k:${nkk}`, aksi: "STIKER", pemilih_id: null,
              data: { ...kini.data, lintang: pos.lintang, bujur: pos.bujur, akurasi: pos.akurasi },
              ringkas, foto: fotoIni ? [fotoIni] : [] });
          }
        });
      }
      ctx.gambarUlang();
    } catch (e) {
      kabar(e.message, "galat");
    }
  };

  return h("section", { class: "layar" },
    h("button", { type: "button", class: "tombol-kembali", onclick: () => ctx.kembali() }, "← Kembali"),
    h("h1", { tabindex: "-1" }, `Rumah tangga KK …${nkk.slice(-4)}`),
    contoh ? h("p", { class: "sub" }, `${contoh.alamat}, RT ${contoh.rt} / RW ${contoh.rw}`) : null,
    h("ul", { class: "anggota" }, anggota.map((p) => {
      const v = tampil(p);
      return h("li", {}, h("a", { class: "baris-pemilih", href: `#/pemilih/${p.id}` },
        h("span", { class: "nama" }, v.nama),
        h("span", { class: "lencana-baris" }, lencana(keadaan(p)))));
    })),
    h("div", { class: "kartu" },
      h("h2", {}, "Stiker coklit"),
      h("p", { id: "status-stiker" }, statusStiker),
      h("div", { class: "isian" }, h("label", { for: "f-foto-stiker" }, "Foto stiker (tidak wajib)"),
        inputFoto, kabarFoto),
      kabarGps,
      h("button", { type: "button", class: "tombol tombol-sesuai", id: "tombol-stiker",
        onclick: pasang }, "✓ Stiker terpasang")),
    h("a", { class: "tombol tombol-kedua", id: "tombol-baru-kk",
      href: `#/baru?nkk=${encodeURIComponent(nkk)}` }, "+ Tambah pemilih baru di KK ini"));
}
