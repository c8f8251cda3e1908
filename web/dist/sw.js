// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '624ef2f043e4';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-DDXo4uNJ.js","/assets/DeskHome-RNzE6E2j.js","/assets/DeskLayout-B8p04wIw.js","/assets/DispatchDesk-MF-eJ2Vy.js","/assets/DueText-gaT-Ynsg.js","/assets/FileView-BrZNK7f5.js","/assets/LoginView-Cd4ua_GK.js","/assets/MeView-CkV-YOdG.js","/assets/NotFoundView-BfPJSq-q.js","/assets/PublicSummary-CCtYG4GX.js","/assets/RequestsView-CYXR2u3v.js","/assets/ServicesView-oFqizSm6.js","/assets/StaffQueue-BKveym1r.js","/assets/SupervisorDashboard-BpS3qQdX.js","/assets/TicketDesk-BffWwPPi.js","/assets/TicketList-CLJqNuyw.js","/assets/TicketTable-Nc9JOZk3.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-ic5IfrB1.js","/assets/button-B6Tw46c4.js","/assets/card-D7NJ9huI.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-DMFvC6yo.js","/assets/deskApi-dw0BujRj.js","/assets/deskApi.pure-Bm0EPzfa.js","/assets/dialog-D94SNISS.js","/assets/drafts-BbdFeo9g.js","/assets/empty-DpYwPl-J.js","/assets/field-BgEtgyN6.js","/assets/index-Cf9eurKR.js","/assets/index-y_rtyDMI.css","/assets/input-number-CmqR6hk4.js","/assets/messages-BUY-JPc_.js","/assets/messages-CEm8wj8l.css","/assets/period-CjtyCfAZ.js","/assets/radio-C0Honu1h.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-CNPRmuKo.js","/assets/select-h_4OTrdY.js","/assets/strings-B1-Ul4oq.js","/assets/table-DQ2gJ6hZ.js","/assets/tabs-H4lQ0_tN.js","/assets/tag-BtytWo8p.js","/assets/tag-CoonHod9.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-YxEiJCUJ.js","/assets/use-id-CuG1l0nA.js","/assets/words-81TJMt9U.js"];
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
