// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '473fbe17e8f8';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-C5D_o2CB.js","/assets/DeskHome-CpS9L9ye.js","/assets/DeskLayout-Cbha_iRN.js","/assets/DispatchDesk-ByPiVLGS.js","/assets/DueText-CrWl6aoZ.js","/assets/FileView-CZbH8FWu.js","/assets/LoginView-5jkv5ezy.js","/assets/MeView-CVihCKn6.js","/assets/NotFoundView-D_pLFgCd.js","/assets/PublicSummary-CMH7t9qN.js","/assets/RequestsView-zUZQ9hEm.js","/assets/ServicesView-Dvi4qxDD.js","/assets/StaffQueue-Cd8nwCvb.js","/assets/SupervisorDashboard-CuEoCcey.js","/assets/TicketDesk-CanApa_i.js","/assets/TicketList-HLy6BNJo.js","/assets/TicketTable-BLNOv_j3.js","/assets/TicketView-Bl5z0zED.js","/assets/TicketView-CF-jMiH2.css","/assets/button-CDmo9YmF.js","/assets/card-Cu1jpbai.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-DGkXZsKy.js","/assets/deskApi-DexLD4Z6.js","/assets/deskApi.pure-C4zF5JjV.js","/assets/dialog-JbCIQgIV.js","/assets/drafts-DJ2N2RFu.js","/assets/empty-Bojpll9_.js","/assets/field-CzjT3sIg.js","/assets/index-Dlw3Tfi9.js","/assets/index-y_rtyDMI.css","/assets/messages-CR_xzzo3.css","/assets/messages-D0x5agML.js","/assets/period-CjtyCfAZ.js","/assets/radio-BuHUGx4g.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-BzSG51yP.js","/assets/select-D6m4I28u.js","/assets/strings-CPJ_QlhF.js","/assets/table-r-fVy17D.js","/assets/tabs-DQCXYOoi.js","/assets/tag-qALG1AyH.js","/assets/tag-vH7yFjUE.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-sOSKmqZU.js","/assets/use-id-CwfvnMFE.js","/assets/words-BP9IGdYo.js"];
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
