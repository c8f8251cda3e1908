/** The desks' request helpers that need no browser (tested with Vitest). */
export function query(params: Record<string, string | number | boolean | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The path segment of an action (snake_case operation → kebab-case route). */
export function actionPath(action: string): string {
  return action.replace(/_/g, '-');
}

/**
 * Who won a claim race: the 409's `assignee_name`, else the ticket as read
 * again (a claim sent with a version that is stale by then answers 412,
 * which names nobody), else nobody known (a server older than the field).
 */
export function claimWinner(
  problem: { assignee_id?: string | null; assignee_name?: string | null } | null,
  ticket: { assignee_id: string | null; assignee_name?: string | null } | null,
): string | null {
  const named = (s: string | null | undefined) => (typeof s === 'string' && s.trim() ? s.trim() : null);
  return named(problem?.assignee_name) ?? named(ticket?.assignee_name);
}
