/** The desks' calls on the shared API client: lists with keyset cursors, ticket actions with If-Match. */
import { ref } from 'vue';
import { api } from '../app';
import { ApiError } from '../api/client';
import type { List, Ticket, TicketEvent } from '../api/types';
import { query } from './deskApi.pure';

export { actionPath, claimWinner, query } from './deskApi.pure';

/** A desk ticket: the fields the desks read beyond the enterprise's. */
export interface DeskTicket extends Ticket {
  enterprise_id: string;
  department_id: string | null;
  assignee_id: string | null;
  /** The assignee's display name (absent from servers older than the field). */
  assignee_name?: string | null;
  channel: string;
  urge_count: number;
  extension_count: number;
}

export interface Named {
  id: string;
  name: string;
  code?: string;
  active?: boolean;
  department_id?: string;
  category?: string;
}

export interface Extension {
  id: string;
  ticket_id: string;
  reason: string;
  extra_secs: number | null;
  extra_working_days: number | null;
  status: 'requested' | 'granted' | 'denied' | 'lapsed';
  created_at: string;
}


export function listTickets(params: Record<string, string | number | boolean | null | undefined>, cursor?: string | null) {
  return api.get<List<DeskTicket>>(`/api/v1/tickets${query({ limit: 20, ...params, cursor })}`);
}

export function getTicket(id: string) {
  return api.get<DeskTicket>(`/api/v1/tickets/${id}`);
}

export async function allEvents(id: string): Promise<TicketEvent[]> {
  const out: TicketEvent[] = [];
  let cursor: string | null = null;
  do {
    const page: List<TicketEvent> = await api.get<List<TicketEvent>>(
      `/api/v1/tickets/${id}/events${query({ limit: 100, cursor })}`,
    );
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}

/** Every row of a small admin list (departments, service items), a page at a time. */
export async function allOf<T>(path: string): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  do {
    const page: List<T> = await api.get<List<T>>(`${path}${query({ limit: 100, cursor })}`);
    out.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return out;
}


/** A change on a ticket, conditional on the version the caller saw. */
export function act(ticket: { id: string; version: number }, action: string, body: unknown = {}) {
  return api
    .request<DeskTicket>('POST', `/api/v1/tickets/${ticket.id}/${action}`, {
      body,
      headers: { 'if-match': `"${ticket.version}"` },
    })
    .then((a) => a.data);
}

/** Someone else changed the ticket since it was read. */
export function isStale(e: unknown): boolean {
  return e instanceof ApiError && e.status === 412;
}

/** The API's message for an error, or a generic one. */
export function message(e: unknown, fallback: string): string {
  if (e instanceof ApiError) return e.problem.detail || e.problem.title || fallback;
  return fallback;
}

/** The categories: one page, always (the API takes no `limit` there). */
export async function allCategories(): Promise<{ code: string; name: string }[]> {
  return (await api.get<List<{ code: string; name: string }>>('/api/v1/categories')).items;
}

/** Category names by code, read once per visit (tables show names, the API codes). */
const categoryNames = ref<Record<string, string>>({});
let categoriesAsked = false;
export function categoryName(code: string): string {
  if (!categoriesAsked) {
    categoriesAsked = true;
    allCategories()
      .then((list) => (categoryNames.value = Object.fromEntries(list.map((c) => [c.code, c.name]))))
      .catch(() => {
        categoriesAsked = false;
      });
  }
  return categoryNames.value[code] ?? code;
}
