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
