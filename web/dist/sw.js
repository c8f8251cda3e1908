// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = 'd487542de6ca';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/DeskView--kglf-zv.js","/assets/FileView-Ck0XE3sN.js","/assets/LoginView-CeDSxpgw.js","/assets/MeView-Cjae4c_W.js","/assets/NotFoundView-_Sdfjrxq.js","/assets/RequestsView-B2h-jbr1.js","/assets/ServicesView-CvyIjcTd.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-DmD4bmUw.js","/assets/button-CM2aly8u.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-xAxqBOnw.js","/assets/drafts-CIK8Hdrl.js","/assets/empty-BHnbdTv7.js","/assets/field-CHKy7fUO.js","/assets/index-Bo--bNYD.js","/assets/index-y_rtyDMI.css","/assets/tag-6KNISdk-.js","/assets/use-id-B0bwqlhZ.js","/assets/words-Dz_zKO9_.js"];
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
