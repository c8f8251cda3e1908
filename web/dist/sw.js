// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = 'b6a068108524';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-C4bkGUsM.js","/assets/DeskHome-CuEBLGZR.js","/assets/DeskLayout-CbeUFVBG.js","/assets/DispatchDesk-DQsWW04u.js","/assets/DueText-ChjJeGdx.js","/assets/FileView-BeGSEuYz.js","/assets/LoginView-DVzGhQ59.js","/assets/MeView-BZHH_Wsx.js","/assets/NotFoundView-BG6GOTK-.js","/assets/PublicSummary-FC50EkRz.js","/assets/RequestsView-BG6IQzML.js","/assets/ServicesView-uuR3frd2.js","/assets/StaffQueue-xxLcaa2p.js","/assets/SupervisorDashboard-DcmbTlaw.js","/assets/TicketDesk-DIIqyctn.js","/assets/TicketList-CmfuxMnn.js","/assets/TicketTable-UqILyUV0.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-Czuyu4cT.js","/assets/button-CeqXRiEv.js","/assets/card-8MmsJrUX.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-CAFkgyvi.js","/assets/deskApi-B_4A4H2Q.js","/assets/deskApi.pure-DsrOoV6T.js","/assets/dialog-Cyl5u2wR.js","/assets/drafts-DTvLR3DB.js","/assets/empty-DtBwNp9m.js","/assets/field-C8SwTcuU.js","/assets/index-DliEqWT0.js","/assets/index-y_rtyDMI.css","/assets/messages-BL2DaYC9.css","/assets/messages-D6hn7RZY.js","/assets/period-CjtyCfAZ.js","/assets/radio-DZ3BTvQv.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-BN2uLk2u.js","/assets/select-Dk_q1U6F.js","/assets/strings-DefHnyCL.js","/assets/table-Da1c854i.js","/assets/tabs-aj_Yju_2.js","/assets/tag-BO32Ll6F.js","/assets/tag-CigfKtYN.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-BgghpHut.js","/assets/use-id-dVTQ30Wh.js","/assets/words-DSyxyRqy.js"];
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
