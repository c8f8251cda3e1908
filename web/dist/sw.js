// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '676b1000cb03';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-LDfAW2Nq.js","/assets/DeskHome-MQaxVaAg.js","/assets/DeskLayout-C3Mel_ck.css","/assets/DeskLayout-DchmM_Rs.js","/assets/DispatchDesk-k1L-ayRz.js","/assets/DueText-pm1oFnvU.js","/assets/FileView-DZpy50FT.js","/assets/LoginView-DiSmg5W5.js","/assets/MeView-Dd5cuSPG.js","/assets/NotFoundView-zMBywRUs.js","/assets/RequestsView-BgTos2OZ.js","/assets/ServicesView-C88Wxg_K.js","/assets/StaffQueue-DBF-e5jv.js","/assets/SupervisorDashboard-BB45zUc0.js","/assets/TicketDesk-HNixJ65W.js","/assets/TicketList-BLaXKAe3.js","/assets/TicketTable-C-ZLVgMd.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-CbG6CjQd.js","/assets/button-BiZfFCY3.js","/assets/card-DDPzqsRR.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-DsJE-U6S.js","/assets/deskApi-B9GGvbCx.js","/assets/dialog-B24TlBYM.js","/assets/drafts-DlLesuE4.js","/assets/empty-BSMF3hDD.js","/assets/field-BKblOvUy.js","/assets/index-DBJyfZvb.js","/assets/index-y_rtyDMI.css","/assets/radio-C94LaOVb.js","/assets/scrollbar-DBkdPVxX.js","/assets/select-C5O5PznS.js","/assets/strings-B8iJ6LVC.js","/assets/table-VED0vsPC.js","/assets/tabs-XqLK1Mkz.js","/assets/tag-CLeHNsen.js","/assets/tag-CgxjJIRo.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-id-DUkt-tjq.js","/assets/words-BF-SoMvf.js"];
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
