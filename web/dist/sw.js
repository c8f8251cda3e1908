// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '8a9a148c4b4d';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-CdA8j_Oa.js","/assets/DeskHome-BLD6PMS6.js","/assets/DeskLayout-CiTFQEpN.js","/assets/DispatchDesk-B9degIkR.js","/assets/DueText-DQTxj1Em.js","/assets/FileView-Dpdv6IL6.js","/assets/LoginView-Bj8QqXTs.js","/assets/MeView-Cy3loHh9.js","/assets/NotFoundView-Ba9Gdx28.js","/assets/PublicSummary-D7P9JsJl.js","/assets/RequestsView-DbgvfNDI.js","/assets/ServicesView-D3qbwwVJ.js","/assets/StaffQueue-VIZWixTb.js","/assets/SupervisorDashboard-Cv_4ncHj.js","/assets/TicketDesk-Bb4oErk1.js","/assets/TicketList-DQsqdD6C.js","/assets/TicketTable-BzvxFN21.js","/assets/TicketView-BBK5kwga.js","/assets/TicketView-CF-jMiH2.css","/assets/button-CHlC6x84.js","/assets/card-BVrLLD_H.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-CO8tv7pY.js","/assets/deskApi-3OGFIRF1.js","/assets/deskApi.pure-PwX-pOzL.js","/assets/dialog-AIItKVrL.js","/assets/drafts-BIWU19AQ.js","/assets/empty-CzDhMO2D.js","/assets/field-DDgOC54u.js","/assets/index-BKhA0En-.js","/assets/index-y_rtyDMI.css","/assets/messages-BL2DaYC9.css","/assets/messages-D6hn7RZY.js","/assets/period-CjtyCfAZ.js","/assets/radio-CwXWTh1F.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-qQC80W9z.js","/assets/select-CJGHvnIA.js","/assets/strings-C6jaiygq.js","/assets/table-YcIPJxS1.js","/assets/tabs-CXnpDxf5.js","/assets/tag-C_MV3RhY.js","/assets/tag-CcfDanme.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-wQLuu8pB.js","/assets/use-id-BAm4zP0w.js","/assets/words-DBmX7uLB.js"];
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
