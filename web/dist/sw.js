// huying's service worker (generated at build from src/sw.template.js).
// The app shell is precached so the app opens without a network and shows
// the drafts; API answers are never cached.
const VERSION = 'c75d2a635f5a';
const SHELL = ["/","/manifest.webmanifest","/icons/icon-192.png","/assets/AdminDesk-Yz70gSwP.js","/assets/DeskHome-Do9NK8Yc.js","/assets/DeskLayout-DwLiIExN.js","/assets/DispatchDesk-D7ouhyCb.js","/assets/DueText-DGwl6epK.js","/assets/FileView-DQDmf15t.js","/assets/LoginView-CSpwGvhz.js","/assets/MeView-6htEBWvD.js","/assets/NotFoundView-mQGj0uTv.js","/assets/PublicSummary-Cumiu5Ex.js","/assets/RequestsView-Mg43-lOy.js","/assets/ServicesView-tyToXAHp.js","/assets/StaffQueue-BA3tiEKH.js","/assets/SupervisorDashboard-BHSoX9As.js","/assets/TicketDesk-YTNNpQcb.js","/assets/TicketList-CU10hICV.js","/assets/TicketTable-BocsSFKM.js","/assets/TicketView-CF-jMiH2.css","/assets/TicketView-DlnxMz3q.js","/assets/button-CnFX_vAi.js","/assets/card-D9Emc7SY.js","/assets/catalogue-D_oxY0Co.js","/assets/cell-group-IAaca_ak.js","/assets/deskApi-H6A6ZkLY.js","/assets/deskApi.pure-ghghg_Ts.js","/assets/dialog-NZjZjsxe.js","/assets/drafts-CH6l0jVr.js","/assets/empty-DkjgsC5C.js","/assets/field-B0-hDCIz.js","/assets/index-_AiI3q28.js","/assets/index-y_rtyDMI.css","/assets/input-number-BvkM5Igj.js","/assets/messages-CEm8wj8l.css","/assets/messages-D2QHDs4l.js","/assets/period-CjtyCfAZ.js","/assets/radio-BUhKOuj7.js","/assets/rolldown-runtime-P3Pd_6ND.js","/assets/scrollbar-XS9cB11q.js","/assets/select-C9VGS1f_.js","/assets/strings-BmFKtqoP.js","/assets/table-keS90R7I.js","/assets/tabs-C0XI_CFj.js","/assets/tag-BwQfmr3x.js","/assets/tag-w5v4M4fB.js","/assets/time-CuLweUWt.js","/assets/typescript-DOc6skV4.js","/assets/use-global-config-D9Iw_Ir5.js","/assets/use-id-TR58fJ9-.js","/assets/words-DdHa0G0a.js"];
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
