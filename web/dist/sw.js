// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = 'b28023819ff4';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-pUHXkyY_.js","/assets/DeskHome-BXNYPisB.js","/assets/DeskLayout-69vxApFG.js","/assets/DispatchDesk-B2svmPQx.js","/assets/DueText-DVDUEsd_.js","/assets/FileView-l4C3IkZC.js","/assets/LoginView-J6PJv33O.js","/assets/MeView-DSqm__pF.js","/assets/NotFoundView-DYpr_VS7.js","/assets/PublicSummary-CyuYtrkx.js","/assets/RequestsView-CWxssBVK.js","/assets/ServicesView-wXzsQPpt.js","/assets/StaffQueue-CLKMhK88.js","/assets/SupervisorDashboard-C1JQIXd8.js","/assets/TicketDesk-BU9Yn7Rs.js","/assets/TicketList-fGNBtAJF.js","/assets/TicketTable-KEXb2v7F.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-Tnhccehx.js","/assets/button-CZU1rrfJ.js","/assets/card-DgP64E_8.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-BPBv1K8W.js","/assets/deskApi-DIPwKsCi.js","/assets/deskApi.pure-DLzhjXBR.js","/assets/dialog-DnzIxSgx.js","/assets/drafts-BMz_eEi4.js","/assets/empty-BRl6IDN6.js","/assets/field-hLuBNICk.js","/assets/index-D44M9kPj.js","/assets/index-y_rtyDMI.css","/assets/messages-CR_xzzo3.css","/assets/messages-DXkwnXw6.js","/assets/period-CjtyCfAZ.js","/assets/radio-1ThoYeoE.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-6IJswZSj.js","/assets/select-g0oruzsR.js","/assets/strings-d1SklZJQ.js","/assets/table-BNyO7IDR.js","/assets/tabs-ByFGNifa.js","/assets/tag-B18W-Qp2.js","/assets/tag-BeDAnRpd.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-CExrylgo.js","/assets/use-id-DtqYjYyF.js","/assets/words-ByR1Kbhj.js"];
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
