/** The desks' routes: every screen its own lazy chunk (Element Plus and ECharts load only here). */
import type { RouteRecordRaw } from 'vue-router';

const desk = (title: string) => ({ title, desk: true });

export const deskRoutes: RouteRecordRaw[] = [
  {
    // The public figures ("收集问题 26 个，已解决 26 个"), shareable without a sign-in.
    path: '/summary',
    name: 'public-summary',
    component: () => import('./PublicSummary.vue'),
    meta: { title: 'dk.dash.publicTitle', desk: true, public: true },
  },
  {
    path: '/desk',
    component: () => import('./DeskLayout.vue'),
    meta: desk('dk.app'),
    children: [
      { path: '', name: 'desk', component: () => import('./DeskHome.vue'), meta: desk('dk.app') },
      { path: 'queue', name: 'desk-queue', component: () => import('./StaffQueue.vue'), meta: desk('dk.title.queue') },
      { path: 'calls', name: 'desk-calls', component: () => import('./DispatchDesk.vue'), meta: desk('dk.title.calls') },
      {
        path: 'dashboard',
        name: 'desk-dashboard',
        component: () => import('./SupervisorDashboard.vue'),
        meta: desk('dk.title.dashboard'),
      },
      { path: 'admin', name: 'desk-admin', component: () => import('./AdminDesk.vue'), meta: desk('dk.title.admin') },
      {
        path: 'tickets',
        name: 'desk-tickets',
        component: () => import('./TicketList.vue'),
        meta: desk('dk.title.tickets'),
      },
      {
        path: 'tickets/:id',
        name: 'desk-ticket',
        component: () => import('./TicketDesk.vue'),
        props: true,
        meta: desk('dk.title.ticket'),
      },
    ],
  },
];
