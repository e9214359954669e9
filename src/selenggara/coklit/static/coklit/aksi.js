// Every action goes through here: written to IndexedDB first (db.catat commits before this
// resolves), then the in-memory picture is rebuilt and the screens are told.

import * as db from "./db.js";
import { muat } from "./keadaan.js";

const pendengar = new Set();

export function saatBerubah(fn) {
  pendengar.add(fn);
}

export async function segarkan(sebab = "data") {
  await muat();
  for (const fn of pendengar) fn(sebab);
}

export async function rekam(baru) {
  const hasil = await db.catat(baru);
  await segarkan("aksi");
  return hasil;
}

export async function batalkan(id) {
  const item = await db.batalkan(id);
  await segarkan("aksi");
  return item;
}
