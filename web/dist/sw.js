// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '40b25b13ba60';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-DkyrZnjQ.js","/assets/DeskHome-Df-GjmGs.js","/assets/DeskLayout-DqoUTfb4.js","/assets/DispatchDesk-BxZiLeMF.js","/assets/DueText-C04b3s3B.js","/assets/FileView-BeGSD5iW.js","/assets/LoginView-Dl86hVQc.js","/assets/MeView-BFL2A9Dd.js","/assets/NotFoundView-DHb49PVt.js","/assets/PublicSummary-BkCEhKRi.js","/assets/RequestsView-B4vAfqIP.js","/assets/ServicesView-CPdQtUrk.js","/assets/StaffQueue-SAngPtzm.js","/assets/SupervisorDashboard-BwYL3FT5.js","/assets/TicketDesk-D4ALtHLY.js","/assets/TicketList-CQlC8Sj3.js","/assets/TicketTable-DVDkdB-X.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-Cd5r6pI0.js","/assets/button-Bio51qDU.js","/assets/card-CTp4lCbC.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-BVOW9txw.js","/assets/deskApi-Dmk24hqx.js","/assets/deskApi.pure-CiJyqIoC.js","/assets/dialog-Dlak_N5B.js","/assets/drafts-iPNyTZMK.js","/assets/empty-CiGR73Fc.js","/assets/field-DOmikW-2.js","/assets/index-CO_XkkX3.js","/assets/index-y_rtyDMI.css","/assets/input-number-DEsHf8b1.js","/assets/messages-CEm8wj8l.css","/assets/messages-DHaYUMa3.js","/assets/period-CjtyCfAZ.js","/assets/radio-DTiwnH76.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-DWIBwmnc.js","/assets/select-BbxO-_IT.js","/assets/strings-CdeHFlp7.js","/assets/table-BJf-lx3d.js","/assets/tabs-CVdHkW5g.js","/assets/tag-BeO9tWOa.js","/assets/tag-BsKI6Nw0.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-Dm7w3MV2.js","/assets/use-id-BXKGPMPb.js","/assets/words-JJsRJtqP.js"];
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
