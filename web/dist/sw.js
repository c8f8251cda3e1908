// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = 'd956debff712';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-C3W8WEUf.js","/assets/DeskHome-BOQN3RqV.js","/assets/DeskLayout-BIxo53OQ.js","/assets/DeskLayout-C3Mel_ck.css","/assets/DispatchDesk-DNk5NIZW.js","/assets/DueText-BrGIZUTy.js","/assets/FileView-CGZ2gt3G.js","/assets/LoginView-DRmG8c0b.js","/assets/MeView-CRQJFM9d.js","/assets/NotFoundView-DGoIj_ym.js","/assets/RequestsView-BZqOUpO8.js","/assets/ServicesView-0KnDqW2O.js","/assets/StaffQueue-Mjk_Joci.js","/assets/SupervisorDashboard-DzisP6h4.js","/assets/TicketDesk-TinBLTN8.js","/assets/TicketList-D0OaAbK8.js","/assets/TicketTable-D9Mcolcs.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-Cn3zmKrs.js","/assets/button-DXm6LgsU.js","/assets/card-BA2sgIBZ.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-CrBV_Lk9.js","/assets/deskApi-BvGiTPoR.js","/assets/dialog-6HsFyVWU.js","/assets/drafts-D1a4LDSo.js","/assets/empty-JonHJwZy.js","/assets/field-nI87Yq8S.js","/assets/index-Bm58zij2.js","/assets/index-y_rtyDMI.css","/assets/radio-e_A7LcRB.js","/assets/scrollbar-BkuDXeE_.js","/assets/select-CS7HzksD.js","/assets/strings-5LPIZcJQ.js","/assets/table-CrzXpSZD.js","/assets/tabs-CCf-L0ZB.js","/assets/tag-B5oZe0cX.js","/assets/tag-CpbgHrMq.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-id-BVLRTms5.js","/assets/words-BtUS_09E.js"];
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
