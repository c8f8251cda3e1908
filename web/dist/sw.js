// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = 'fce7a8382980';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/DeskView-B4uhAuNt.js","/assets/FileView-f10MH80I.js","/assets/LoginView-Db2lUTdG.js","/assets/MeView-BpciJtwm.js","/assets/NotFoundView-D-EQTjfU.js","/assets/RequestsView-BeKobaUx.js","/assets/ServicesView-XnJ07MnN.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-DjCnhMSY.js","/assets/button-D8lk9xuN.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-_zNCKZQn.js","/assets/drafts-pzq6QM23.js","/assets/empty-DQ0DFkJr.js","/assets/field-CedM_03p.js","/assets/index-CEonDM4_.css","/assets/index-Dgi6bSF_.js","/assets/tag-DFvrUT2J.js","/assets/use-id-BLTo2lXE.js","/assets/words-DoRzOEtn.js"];
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
