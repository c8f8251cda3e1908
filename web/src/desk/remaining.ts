/** A resolution clock as a desk reads it: a colour and the office time left. */
import type { Clock } from '../api/types';
import { OFFICE_DAY_SECS } from '../lib/time';

export type Urgency = 'breached' | 'warning' | 'ok' | 'none';

export function urgency(clock: Clock): Urgency {
  if (clock.met_at || !clock.due_at) return 'none';
  if (clock.breached || (clock.remaining_secs != null && clock.remaining_secs <= 0)) return 'breached';
  if (clock.warning) return 'warning';
  return 'ok';
}

export type Remaining =
  | { kind: 'met' | 'none' | 'overdue' | 'paused' }
  | { kind: 'left'; days: number; hours: number; minutes: number };

/** Office time left, as whole working days, hours and minutes (rounded up to the minute). */
export function remaining(clock: Clock): Remaining {
  if (clock.met_at) return { kind: 'met' };
  if (!clock.due_at || clock.remaining_secs == null) return { kind: 'none' };
  if (clock.breached || clock.remaining_secs <= 0) return { kind: 'overdue' };
  if (clock.paused) return { kind: 'paused' };
  const mins = Math.ceil(clock.remaining_secs / 60);
  const dayMins = OFFICE_DAY_SECS / 60;
  const days = Math.floor(mins / dayMins);
  const rest = mins - days * dayMins;
  return { kind: 'left', days, hours: Math.floor(rest / 60), minutes: rest % 60 };
}
