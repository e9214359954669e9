{% autoescape off %}// e-coklit service worker (rendered by Django so it lives at /coklit/sw.js and its scope
// covers the app). Version {{ versi }}: a hash of the app files, so any change to them makes
// a new worker, which installs a fresh cache and drops the old one.
//
// - App shell (page, JS, CSS, manifest, icons) cached at install.
// - The page: network first (the newest app and a live session), from the cache when there
//   is no signal or the network is too slow.
// - Static files: cache first.
// - /api/: never cached, never answered from here; the app keeps its data in IndexedDB.

const VERSI = "{{ versi }}";
const CACHE = `selenggara-coklit-${VERSI}`;
const HALAMAN = "{{ halaman }}";
const ASET = {{ aset_json }};
const BATAS_JARINGAN_MS = 4000;

async function simpanHalaman(cache, r) {
  // A redirect (to the login page) or an error page must never become the cached app.
  if (r && r.ok && r.type === "basic" && !r.redirected) {
    await cache.put(HALAMAN, r.clone());
    return true;
  }
  return false;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    await cache.addAll(ASET.map((u) => new Request(u, { cache: "reload" })));
    let ada = false;
    try {
      ada = await simpanHalaman(cache, await fetch(HALAMAN, { cache: "reload",
        credentials: "same-origin" }));
    } catch { /* offline at install: fall back below */ }
    if (!ada) {
      const lama = await caches.match(HALAMAN);
      if (lama) await cache.put(HALAMAN, lama);
    }
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const nama of await caches.keys()) {
      if (nama.startsWith("selenggara-coklit-") && nama !== CACHE) await caches.delete(nama);
    }
    await self.clients.claim();
  })());
});

async function halaman(request) {
  const cache = await caches.open(CACHE);
  const jaringan = fetch(request).then(async (r) => {
    await simpanHalaman(cache, r);
    return r;
  });
  const tersimpan = await cache.match(HALAMAN);
  if (!tersimpan) return jaringan;
  // Network first, but a weak signal must not keep the Pantarlih waiting at a blank screen.
  const batas = new Promise((resolve) => setTimeout(() => resolve(null), BATAS_JARINGAN_MS));
  jaringan.catch(() => {});
  try {
    const r = await Promise.race([jaringan, batas]);
    // A server error page is no use in the field; the cached app still works offline.
    if (r && r.status < 500) return r;
  } catch { /* offline */ }
  return tersimpan;
}

async function aset(request) {
  const hit = await caches.match(request, { ignoreSearch: true });
  if (hit) return hit;
  const r = await fetch(request);
  if (r.ok && r.type === "basic") {
    const cache = await caches.open(CACHE);
    await cache.put(request, r.clone());
  }
  return r;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  if (request.mode === "navigate" && url.pathname === HALAMAN) {
    event.respondWith(halaman(request));
  } else if (ASET.includes(url.pathname)) {
    event.respondWith(aset(request));
  }
});
{% endautoescape %}
