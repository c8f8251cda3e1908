import { createRouter, createWebHistory } from 'vue-router';
import { currentUser, whenSignedOut } from './app';
import { deskRoutes } from './desk/routes';
import { deskAllows, deskHome } from './desk/roles';

declare module 'vue-router' {
  interface RouteMeta {
    /** The catalogue key of the screen's title. */
    title: string;
    /** Reachable without a session. */
    public?: boolean;
    /** One of the bottom tabs (no back arrow). */
    tab?: boolean;
    /** A desktop screen of staff, dispatchers, supervisors and admins. */
    desk?: boolean;
  }
}

/** Each screen is its own chunk: the first load carries only what it shows. */
export const router = createRouter({
  history: createWebHistory(),
  routes: [
    {
      path: '/login',
      name: 'login',
      component: () => import('./views/LoginView.vue'),
      meta: { title: 'nav.login', public: true },
    },
    ...deskRoutes,
    {
      path: '/',
      name: 'services',
      component: () => import('./views/ServicesView.vue'),
      meta: { title: 'nav.services', tab: true },
    },
    { path: '/file', name: 'file', component: () => import('./views/FileView.vue'), meta: { title: 'nav.file' } },
    {
      path: '/requests',
      name: 'requests',
      component: () => import('./views/RequestsView.vue'),
      meta: { title: 'nav.requests', tab: true },
    },
    {
      path: '/requests/:id',
      name: 'ticket',
      component: () => import('./views/TicketView.vue'),
      props: true,
      meta: { title: 'nav.ticket' },
    },
    { path: '/me', name: 'me', component: () => import('./views/MeView.vue'), meta: { title: 'nav.me', tab: true } },
    {
      path: '/:rest(.*)*',
      name: 'not-found',
      component: () => import('./views/NotFoundView.vue'),
      meta: { title: 'nav.notFound', public: true },
    },
  ],
});

router.beforeEach((to) => {
  const user = currentUser.value;
  if (!user) {
    return to.meta.public ? true : { name: 'login', query: to.fullPath !== '/' ? { next: to.fullPath } : {} };
  }
  if (user.role !== 'enterprise') {
    const home = { name: deskHome(user.role) };
    if (to.name === 'login' || to.name === 'desk') return home;
    if (to.meta.desk) return to.meta.public || deskAllows(user.role, String(to.name)) ? true : home;
    return to.meta.public ? true : home;
  }
  if (to.name === 'login' || (to.meta.desk && !to.meta.public)) return { name: 'services' };
  return true;
});

whenSignedOut(() => {
  void router.replace({ name: 'login' });
});
