// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = 'f3509092d98a';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-BYBe6e_3.js","/assets/DeskHome-BRmt7s5X.js","/assets/DeskLayout-CW_OV8Ex.js","/assets/DispatchDesk-C9j3nFD5.js","/assets/DueText-CMi8qtEQ.js","/assets/FileView-CU0_2Kau.js","/assets/LoginView-CQ6tt1zw.js","/assets/MeView-Cm2BxmdD.js","/assets/NotFoundView-Bv5jt0DR.js","/assets/PublicSummary-BSWKY_ea.js","/assets/RequestsView-BTmiwoTk.js","/assets/ServicesView-CtTRngsK.js","/assets/StaffQueue-BxxD7pZZ.js","/assets/SupervisorDashboard-CzhcwcmH.js","/assets/TicketDesk-BiwGf89B.js","/assets/TicketList-CSpSsNhi.js","/assets/TicketTable-BxkQr-NW.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-DSnXcLXa.js","/assets/button-DL27_mpz.js","/assets/card-_8ceaHNg.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-CYt182XW.js","/assets/deskApi-Bpz_21VA.js","/assets/deskApi.pure-B8OrLEiW.js","/assets/dialog-3PcqnnvJ.js","/assets/drafts-4oYROTmP.js","/assets/empty-CKVi15d6.js","/assets/field-Dkotfnwi.js","/assets/index-BWNl5j1a.js","/assets/index-y_rtyDMI.css","/assets/messages-BL2DaYC9.css","/assets/messages-IRN45DoN.js","/assets/period-CjtyCfAZ.js","/assets/radio-8ZwAmp12.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-BblHdj8H.js","/assets/select-CDX76B2T.js","/assets/strings-rNUd14p-.js","/assets/table-BeFGD_ez.js","/assets/tabs-BjEEHpvU.js","/assets/tag-4XJNXlrh.js","/assets/tag-EHikA2wh.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-ekYgfQWT.js","/assets/use-id-C1SH8Rkz.js","/assets/words-CGIKGu8P.js"];
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
