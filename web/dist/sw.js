// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '36f0d382bab4';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/DeskView-C24K-bq7.js","/assets/FileView-Dtg-ik2V.js","/assets/LoginView-CvjtoaCF.js","/assets/MeView-CYxmpSjj.js","/assets/NotFoundView-B949Ol-E.js","/assets/RequestsView-CR9WlKGs.js","/assets/ServicesView-C0tZEWGx.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-DWo8s3Io.js","/assets/button-CF3oOT-A.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-BzB-BbWD.js","/assets/drafts-kryftgFA.js","/assets/empty-Bh-Pu6pO.js","/assets/field-V_rA8O-G.js","/assets/index-CKrxfHCg.js","/assets/index-y_rtyDMI.css","/assets/tag-Mzbrs5uO.js","/assets/use-id-Dg9AnqcQ.js","/assets/words-Bdgm09Oe.js"];
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
