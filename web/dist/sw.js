// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = '2550c327e13b';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-DEi4XSh3.js","/assets/DeskHome-CBHONZCH.js","/assets/DeskLayout-BiTWVuzC.js","/assets/DispatchDesk-B4kwQm90.js","/assets/DueText-DuF2wKk2.js","/assets/FileView-KYgdhQqE.js","/assets/LoginView-BQwoBnCj.js","/assets/MeView-wV4QoDsG.js","/assets/NotFoundView-Dhvlpmnk.js","/assets/PublicSummary-5WIgH5r1.js","/assets/RequestsView-vMZxlLXt.js","/assets/ServicesView-DqRtjD0k.js","/assets/StaffQueue-CQJ5Pjtb.js","/assets/SupervisorDashboard-DZB8ZdVg.js","/assets/TicketDesk-BJem_K3S.js","/assets/TicketList-BbOiVVKL.js","/assets/TicketTable-DsdxlAzu.js","/assets/TicketView-BxApvr_M.js","/assets/TicketView-CF-jMiH2.css","/assets/button-D56RH_Qq.js","/assets/card-B1l4H8-P.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-BkozMHAT.js","/assets/deskApi-CUAb9WW5.js","/assets/deskApi.pure-CIj8McqT.js","/assets/dialog-CvWB3wje.js","/assets/drafts-D-mP9Egv.js","/assets/empty-DqIGDdl0.js","/assets/field-4yxYDich.js","/assets/index-Diz8JWAv.js","/assets/index-y_rtyDMI.css","/assets/messages-CR_xzzo3.css","/assets/messages-D3t-6egs.js","/assets/period-CjtyCfAZ.js","/assets/radio--WPt-QBf.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-CyLe8h6e.js","/assets/select-CzvzhdqE.js","/assets/strings-6VSCR6Jj.js","/assets/table-D01wkn-I.js","/assets/tabs-BJQ4awes.js","/assets/tag-5LYMpqN6.js","/assets/tag-BX7Zs_2M.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-CHj2p5va.js","/assets/use-id-Dt0serun.js","/assets/words-Cs94qLRg.js"];
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
