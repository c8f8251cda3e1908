/**
 * The admin forms' building blocks, free of Vue and Element Plus so Vitest
 * reads them: field kinds, SLA durations, office hours and day lists typed
 * as text, and where the API's 422 `errors` land.
 */
export type Form = Record<string, unknown>;
export type Mode = 'create' | 'edit';

/** Where a select's choices come from (the admin desk's loaded lists, or fixed sets). */
export type OptionSource =
  | 'departments'
  | 'categories'
  | 'chains'
  | 'calendars'
  | 'policies'
  | 'enterprises'
  | 'chainEnterprises'
  | 'roles'
  | 'units';

export interface FieldDef {
  key: string;
  /** An i18n key. */
  label: string;
  kind: 'text' | 'textarea' | 'password' | 'select' | 'switch' | 'number' | 'duration';
  options?: OptionSource;
  /** Shown on creation or on edit only; both when absent. */
  on?: Mode;
  clearable?: boolean;
  /** An i18n key: a line of help under the field. */
  hint?: string;
  visible?: (form: Form) => boolean;
  min?: number;
  max?: number;
  step?: number;
}

export const ROLES = ['enterprise', 'staff', 'dispatcher', 'supervisor', 'admin'] as const;
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** An SLA target as typed: a number of office hours or of working days. */
export interface Duration {
  n: number | null;
  unit: 'hours' | 'days';
}

export function durationOf(secs: number | null | undefined, days: number | null | undefined): Duration {
  if (days) return { n: days, unit: 'days' };
  if (secs) return { n: secs / 3600, unit: 'hours' };
  return { n: null, unit: 'hours' };
}

/** A clock's pair of API fields (`<clock>_target_secs`, `<clock>_target_working_days`): one set, or neither. */
export function durationBody(clock: string, d: Duration | undefined): Record<string, number | null> {
  const n = d?.n ?? null;
  return {
    [`${clock}_target_secs`]: n !== null && d?.unit === 'hours' ? Math.round(n * 3600) : null,
    [`${clock}_target_working_days`]: n !== null && d?.unit === 'days' ? n : null,
  };
}

/** "09:00-12:00, 13:30-17:30" → [["09:00","12:00"],["13:30","17:30"]]; the server checks the times. */
export function parseHours(text: string): [string, string][] {
  return text
    .split(/[,，;；]/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const [a = '', b = ''] = s.split(/\s*[-–~～]\s*/);
      return [a.trim(), b.trim()];
    });
}

export function formatHours(intervals: [string, string][] | undefined): string {
  return (intervals ?? []).map(([a, b]) => `${a}-${b}`).join(', ');
}

export interface DayLine {
  date: string;
  uses_weekday?: Weekday;
  note: string;
}

/** One day a line ("2026-10-01 国庆节", "2026-09-20 mon 国庆调休"); blank lines are skipped. */
export function parseDays(text: string, withWeekday: boolean): DayLine[] {
  const out: DayLine[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/).filter(Boolean);
    if (!words.length) continue;
    const [date, ...rest] = words;
    const day: DayLine = { date, note: '' };
    if (withWeekday && rest.length && (WEEKDAYS as readonly string[]).includes(rest[0])) {
      day.uses_weekday = rest.shift() as Weekday;
    }
    day.note = rest.join(' ');
    out.push(day);
  }
  return out;
}

export function formatDays(days: { date: string; uses_weekday?: string | null; note: string }[] | undefined): string {
  return (days ?? []).map((d) => [d.date, d.uses_weekday, d.note].filter(Boolean).join(' ')).join('\n');
}

/**
 * The API's 422 `errors` on the form's fields: `weekly_hours.mon[0]` on
 * the field its resource names, a list entry's index as a line number
 * ("#3 …"); what no shown field takes is returned apart, for the form's
 * top.
 */
export function placeErrors(
  errors: Record<string, string>,
  fieldOf: (apiKey: string) => string,
  shown: string[],
): { fields: Record<string, string>; rest: string[] } {
  const fields: Record<string, string> = {};
  const rest: string[] = [];
  for (const [key, msg] of Object.entries(errors)) {
    const field = fieldOf(key);
    const index = /\[(\d+)\]/.exec(key);
    const text = index && !key.startsWith('weekly_hours') ? `#${Number(index[1]) + 1} ${msg}` : msg;
    if (shown.includes(field)) fields[field] = fields[field] ? `${fields[field]}; ${text}` : text;
    else rest.push(`${key}: ${msg}`);
  }
  return { fields, rest };
}

/** The default: the API field up to its first `.` or `[`. */
export function topField(apiKey: string): string {
  return apiKey.split(/[.[]/)[0];
}

/** The fields a form shows in a mode, given its current values. */
export function shownFields(fields: FieldDef[], mode: Mode, form: Form): FieldDef[] {
  return fields.filter((f) => (!f.on || f.on === mode) && (!f.visible || f.visible(form)));
}

/** Text as the API wants it: an empty choice is `null`. */
export function orNull(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}
