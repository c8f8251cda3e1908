// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '6153b6062915';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-4ChjBKIm.js","/assets/DeskHome-CYRHJ6JH.js","/assets/DeskLayout-B5q781yZ.js","/assets/DeskLayout-C3Mel_ck.css","/assets/DispatchDesk-Pi-UWA04.js","/assets/DueText-FIjrotiV.js","/assets/FileView-C6EJjNGR.js","/assets/LoginView-Cl043B6p.js","/assets/MeView-NWSbwgle.js","/assets/NotFoundView-DtlhBpzj.js","/assets/RequestsView-DXdmeFTr.js","/assets/ServicesView-DL2v5C3h.js","/assets/StaffQueue-Xd_UAK7w.js","/assets/SupervisorDashboard-BG-Wqghj.js","/assets/TicketDesk-BlceIOCB.js","/assets/TicketList-DawVyjVu.js","/assets/TicketTable-B2TpEhOx.js","/assets/TicketView-BGyTz2wO.js","/assets/TicketView-CF-jMiH2.css","/assets/button-C-1UmtdY.js","/assets/card-Vs_5zn4M.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-DlNXh16m.js","/assets/deskApi-94_FIFO4.js","/assets/dialog-D5jYLytU.js","/assets/drafts-Ck0i6Izb.js","/assets/empty-CoexdR77.js","/assets/field-DfapmZXi.js","/assets/index-B05gAoRH.js","/assets/index-y_rtyDMI.css","/assets/radio-C5sr-t2A.js","/assets/scrollbar-BMvKptpd.js","/assets/select-DPw43QXV.js","/assets/strings-BurrE5Ln.js","/assets/table-DKkI3Zn2.js","/assets/tabs-Si0N06om.js","/assets/tag-C3ZCQTJA.js","/assets/tag-Cczts-gd.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-id-LIgrFIJD.js","/assets/words-NDRYc7Ls.js"];
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
