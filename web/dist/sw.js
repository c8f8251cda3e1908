// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '5229da9b40e7';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-94CPIqfF.js","/assets/DeskHome-BuH4pMCE.js","/assets/DeskLayout-drUk6xxv.js","/assets/DispatchDesk-C3L9mj-e.js","/assets/DueText-7XUvvXc2.js","/assets/FileView-B8ubavzV.js","/assets/LoginView-iBIVWUFL.js","/assets/MeView-DWdW0xc4.js","/assets/NotFoundView-DG9Dt2N3.js","/assets/PublicSummary-DL510AOr.js","/assets/RequestsView-BYr1-Vmo.js","/assets/ServicesView-B62vyJi7.js","/assets/StaffQueue-BNh6RGQr.js","/assets/SupervisorDashboard-DdLTR7lh.js","/assets/TicketDesk-BoYKOcgF.js","/assets/TicketList-BmReCYXI.js","/assets/TicketTable-9kmrX366.js","/assets/TicketView-BtD0ZIyg.js","/assets/TicketView-CF-jMiH2.css","/assets/button-Ds6IgM5W.js","/assets/card-yVNjj8gF.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-BYMpmf6I.js","/assets/deskApi-msHllwgF.js","/assets/deskApi.pure-DkMw9nA5.js","/assets/dialog-sz7ayz-l.js","/assets/drafts-B61L_ER6.js","/assets/empty-ByedqoUB.js","/assets/field-BP7d7T7R.js","/assets/index-_ZSGN_6o.js","/assets/index-y_rtyDMI.css","/assets/messages-CR_xzzo3.css","/assets/messages-D0x5agML.js","/assets/period-CjtyCfAZ.js","/assets/radio-BKTZpLOz.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-DhzhUu_Y.js","/assets/select-CkDmYz9K.js","/assets/strings-BRHZpf4Y.js","/assets/table-DLkpUhfN.js","/assets/tabs-DpyEn4xL.js","/assets/tag-FHeNsBX4.js","/assets/tag-a0zJ6ME8.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-vZCs7BaL.js","/assets/use-id-DIZL6JQa.js","/assets/words-CrfrvOV8.js"];
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
