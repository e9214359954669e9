// The field app's clock: the phone's own, shifted by what the server said "now" is at the last
// download. In production the shift is a few seconds of drift; in the demo and in training
// (a simulated working date on the server) it carries the phone into the simulated day, so
// "Hari ini", the pace and the time stamped on each change follow the commission's calendar.

let selisih = 0;

export function aturSelisih(ms) {
  selisih = Number.isFinite(ms) ? ms : 0;
}

export function kini() {
  return new Date(Date.now() + selisih);
}
