// Small DOM helpers. Text always goes in through textContent (never innerHTML), so a name
// typed in the field cannot inject markup.

export function h(tag, attrs = {}, ...anak) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "dataset") Object.assign(el.dataset, v);
    else if (k === "value") el.value = v;
    else if (k === "checked" || k === "selected" || k === "disabled") el[k] = !!v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  tambah(el, anak);
  return el;
}

function tambah(el, anak) {
  for (const a of anak) {
    if (a == null || a === false) continue;
    if (Array.isArray(a)) tambah(el, a);
    else el.append(a instanceof Node ? a : document.createTextNode(String(a)));
  }
}

const BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
  "September", "Oktober", "November", "Desember"];

/** "2024-07-07" -> "7 Juli 2024" (no Date object: no time-zone shift). */
export function tanggal(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return m ? `${+m[3]} ${BULAN[+m[2] - 1]} ${m[1]}` : "-";
}

/** A moment as local date and time: "7 Juli 2024 21.05". */
export function waktu(iso) {
  if (!iso) return "belum pernah";
  const d = new Date(iso);
  const dua = (n) => String(n).padStart(2, "0");
  return `${d.getDate()} ${BULAN[d.getMonth()]} ${d.getFullYear()} ${dua(d.getHours())}.` +
    dua(d.getMinutes());
}

let timerPesan = null;

/** A short message read out by screen readers, e.g. "Tersimpan di ponsel". */
export function kabar(teks, jenis = "info") {
  const el = document.getElementById("kabar");
  if (!el) return;
  el.textContent = teks;
  el.className = `kabar kabar-${jenis}`;
  el.hidden = false;
  clearTimeout(timerPesan);
  timerPesan = setTimeout(() => { el.hidden = true; }, jenis === "galat" ? 9000 : 4000);
}

export function pilihan(nama, daftar, nilai, attrs = {}) {
  return h("select", { name: nama, id: `f-${nama}`, ...attrs },
    daftar.map(([k, l]) => h("option", { value: k, selected: k === nilai }, `${k} - ${l}`)));
}

/** Show per-field problems next to their inputs and a summary at the top of the form. */
export function tampilkanGalat(form, masalah) {
  for (const el of form.querySelectorAll(".galat-isian")) el.remove();
  for (const el of form.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  const ringkas = form.querySelector(".ringkas-galat");
  if (ringkas) ringkas.replaceChildren();
  const galat = masalah.filter((m) => !m.peringatan);
  const peringatan = masalah.filter((m) => m.peringatan);
  for (const m of masalah) {
    const input = form.querySelector(`[name="${m.field}"]`);
    const p = h("p", { class: m.peringatan ? "galat-isian peringatan" : "galat-isian galat",
      id: `g-${m.field}-${Math.random().toString(36).slice(2, 7)}` }, m.pesan);
    if (input) {
      if (!m.peringatan) input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", p.id);
      (input.closest(".isian") || input.parentElement).append(p);
    } else if (ringkas) {
      ringkas.append(p);
    }
  }
  if (ringkas && galat.length) {
    ringkas.prepend(h("p", { class: "galat", role: "alert" },
      `Periksa ${galat.length} isian yang ditandai merah.`));
    const pertama = form.querySelector("[aria-invalid]");
    if (pertama) pertama.focus();
  } else if (ringkas && peringatan.length) {
    ringkas.prepend(h("p", { class: "peringatan", role: "status" },
      "Perhatikan peringatan di bawah. Bila data sudah benar, tekan Simpan sekali lagi."));
  }
  return galat.length === 0;
}

/** Shrink a camera photo (often 4-8 MB) to at most ``sisi`` px, JPEG, before it is stored:
 * the upload then fits a weak signal and the server's 5 MB limit. */
export async function kecilkanFoto(file, sisi = 1600) {
  const tipeAsli = ["image/jpeg", "image/png", "image/webp"].includes(file.type) ? file.type
    : "image/jpeg";
  try {
    const bmp = await createImageBitmap(file);
    const skala = Math.min(1, sisi / Math.max(bmp.width, bmp.height));
    if (skala === 1 && file.size <= 1_500_000 && tipeAsli === file.type) {
      bmp.close();
      return { blob: file, tipe: file.type };
    }
    const c = document.createElement("canvas");
    c.width = Math.round(bmp.width * skala);
    c.height = Math.round(bmp.height * skala);
    c.getContext("2d").drawImage(bmp, 0, 0, c.width, c.height);
    bmp.close();
    const blob = await new Promise((r) => c.toBlob(r, "image/jpeg", 0.8));
    if (blob) return { blob, tipe: "image/jpeg" };
  } catch { /* not decodable here: keep the original, the server checks it */ }
  return { blob: file, tipe: tipeAsli };
}
