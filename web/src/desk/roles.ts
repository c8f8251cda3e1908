/**
 * Which desk each role lands on and which menu it sees. Kept free of
 * Element Plus so the router can read it without loading the desk.
 */
import type { Role } from '../api/types';

export type DeskRole = Exclude<Role, 'enterprise'>;

export interface MenuEntry {
  route: string;
  label: string;
}

const MENUS: Record<DeskRole, MenuEntry[]> = {
  staff: [{ route: 'desk-queue', label: 'dk.menu.queue' }],
  dispatcher: [
    { route: 'desk-calls', label: 'dk.menu.calls' },
    { route: 'desk-tickets', label: 'dk.menu.tickets' },
  ],
  supervisor: [
    { route: 'desk-dashboard', label: 'dk.menu.dashboard' },
    { route: 'desk-tickets', label: 'dk.menu.tickets' },
  ],
  admin: [
    { route: 'desk-admin', label: 'dk.menu.admin' },
    { route: 'desk-tickets', label: 'dk.menu.tickets' },
  ],
};

export function isDeskRole(role: Role): role is DeskRole {
  return role !== 'enterprise';
}

/** The menu of a role: only its own screens. */
export function deskMenu(role: DeskRole): MenuEntry[] {
  return MENUS[role];
}

/** The route name of a role's home. */
export function deskHome(role: DeskRole): string {
  return MENUS[role][0].route;
}

/** Whether a role may open a desk route (the ticket page is every desk role's). */
export function deskAllows(role: DeskRole, routeName: string): boolean {
  return routeName === 'desk-ticket' || MENUS[role].some((m) => m.route === routeName);
}
