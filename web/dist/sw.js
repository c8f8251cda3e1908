// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '0c92b2da9bce';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/DeskView-CjR_RzBy.js","/assets/FileView-BwOD7drE.js","/assets/LoginView-DiRQ4art.js","/assets/MeView-CipTWG2f.js","/assets/NotFoundView-CyZvGZLq.js","/assets/RequestsView-DMuEJJtA.js","/assets/ServicesView-CQEUvLJ0.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-qUzdhXBV.js","/assets/button-Bwa7d9aV.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-SubihDPV.js","/assets/drafts-DZpUQzya.js","/assets/empty-Br2dN_G0.js","/assets/field-ClDBE08h.js","/assets/index-BpfDH6x8.js","/assets/index-y_rtyDMI.css","/assets/tag-B2gcvFqh.js","/assets/use-id-D9bJeF-S.js","/assets/words-DkoixUKw.js"];
const CACHE = `huying-shell-${VERSION}`;

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('huying-shell-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (request.mode === 'navigate') {
    // The network first, so a new release shows at once; the shell offline.
    event.respondWith(fetch(request).catch(() => caches.match('/').then((r) => r || Response.error())));
    return;
  }
  event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
});
