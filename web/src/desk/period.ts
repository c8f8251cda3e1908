/** The dashboard's periods, cut at midnight Beijing time (UTC+08:00, the reports' zone). */
export type Period = 'month' | 'quarter' | 'year' | 'last_year';

function beijingMidnight(year: number, month: number, day = 1): Date {
  // Midnight in UTC+08:00 is 16:00 UTC the day before.
  return new Date(Date.UTC(year, month, day) - 8 * 3600 * 1000);
}

/** `[from, to)` of a period containing `now`; `to` is now for the running periods. */
export function periodRange(p: Period, now: Date = new Date()): { from: string; to: string } {
  const local = new Date(now.getTime() + 8 * 3600 * 1000);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth();
  switch (p) {
    case 'month':
      return { from: beijingMidnight(y, m).toISOString(), to: now.toISOString() };
    case 'quarter':
      return { from: beijingMidnight(y, m - 2).toISOString(), to: now.toISOString() };
    case 'year':
      return { from: beijingMidnight(y, 0).toISOString(), to: now.toISOString() };
    case 'last_year':
      return { from: beijingMidnight(y - 1, 0).toISOString(), to: beijingMidnight(y, 0).toISOString() };
  }
}

/** The end of a week or month group that starts on `key` (YYYY-MM-DD, Beijing time). */
export function groupEnd(key: string, unit: 'week' | 'month'): string {
  const [y, m, d] = key.split('-').map(Number);
  return (unit === 'week' ? beijingMidnight(y, m - 1, d + 7) : beijingMidnight(y, m)).toISOString();
}

/** The start of a week or month group (YYYY-MM-DD, Beijing time) as an instant. */
export function groupStart(key: string): string {
  const [y, m, d] = key.split('-').map(Number);
  return beijingMidnight(y, m - 1, d).toISOString();
}
