/**
 * Times as the enterprise reads them: in the calendar's zone (Asia/Shanghai
 * unless told), in Chinese date formats ("12月9日 17:30"), and office-time
 * targets in words.
 */
import type { Clock, Targets } from '../api/types';

export const DEFAULT_ZONE = 'Asia/Shanghai';

/** Office seconds in a working day of the government calendar (09:00–12:00, 13:30–17:30). */
export const OFFICE_DAY_SECS = 7 * 3600;

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: string;
  minute: string;
}

function parts(instant: Date, zone: string): Parts {
  const fmt = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  const get = (type: string) => fmt.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    hour: get('hour').padStart(2, '0'),
    minute: get('minute').padStart(2, '0'),
  };
}

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "12月9日 17:30" (the year is added when it is not the current one:
 * "2027年1月5日 09:00"); in English "Dec 9, 17:30".
 */
export function formatInstant(
  iso: string | Date,
  locale: string,
  now: Date = new Date(),
  zone: string = DEFAULT_ZONE,
): string {
  const at = typeof iso === 'string' ? new Date(iso) : iso;
  const p = parts(at, zone);
  const withYear = p.year !== parts(now, zone).year;
  if (locale.startsWith('zh')) {
    return `${withYear ? `${p.year}年` : ''}${p.month}月${p.day}日 ${p.hour}:${p.minute}`;
  }
  return `${EN_MONTHS[p.month - 1]} ${p.day}${withYear ? `, ${p.year}` : ''}, ${p.hour}:${p.minute}`;
}

/** The resolution target of a priority: working days, or office seconds. */
export type Target = { days: number } | { secs: number };

export function resolutionTarget(t: Targets): Target | null {
  if (t.resolution_target_working_days != null) return { days: t.resolution_target_working_days };
  if (t.resolution_target_secs != null) return { secs: t.resolution_target_secs };
  return null;
}

export function responseTarget(t: Targets): Target | null {
  if (t.response_target_working_days != null) return { days: t.response_target_working_days };
  if (t.response_target_secs != null) return { secs: t.response_target_secs };
  return null;
}

/** The query of `GET /calendars/{id}/deadline` for a target. */
export function targetQuery(t: Target): string {
  return 'days' in t ? `working_days=${t.days}` : `office_secs=${t.secs}`;
}

/** A target in words' numbers: whole working days, else hours (rounded up), else minutes. */
export function targetAmount(t: Target): { unit: 'days' | 'hours' | 'minutes'; n: number } {
  if ('days' in t) return { unit: 'days', n: t.days };
  if (t.secs >= 3600) return { unit: 'hours', n: Math.ceil(t.secs / 3600) };
  return { unit: 'minutes', n: Math.max(1, Math.ceil(t.secs / 60)) };
}

export type Due =
  | { kind: 'none' }
  | { kind: 'met' }
  | { kind: 'paused' }
  | { kind: 'overdue' }
  | { kind: 'days'; n: number }
  | { kind: 'hours'; n: number };

/**
 * What a resolution clock means to the enterprise: overdue, or the office
 * time left in working days (of the government calendar's length) or,
 * under one day, in hours.
 */
export function dueState(clock: Clock): Due {
  if (clock.met_at) return { kind: 'met' };
  if (!clock.due_at) return { kind: 'none' };
  if (clock.breached) return { kind: 'overdue' };
  if (clock.paused) return { kind: 'paused' };
  const left = clock.remaining_secs;
  if (left == null) return { kind: 'none' };
  if (left <= 0) return { kind: 'overdue' };
  if (left >= OFFICE_DAY_SECS) return { kind: 'days', n: Math.ceil(left / OFFICE_DAY_SECS) };
  return { kind: 'hours', n: Math.max(1, Math.ceil(left / 3600)) };
}
