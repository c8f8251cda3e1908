import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/api/types';
import { remaining, urgency } from '../src/desk/remaining';
import { deskAllows, deskHome, deskMenu } from '../src/desk/roles';
import { groupEnd, groupStart, periodRange } from '../src/desk/period';
import { actionPath, query } from '../src/desk/deskApi.pure';

const clock = (c: Partial<Clock>): Clock => ({
  due_at: '2026-12-09T09:30:00Z',
  warn_at: null,
  met_at: null,
  warning: false,
  breached: false,
  remaining_secs: 3600,
  paused: false,
  ...c,
});

describe('the desk clock', () => {
  it('colours cards: red when breached, yellow when warned', () => {
    expect(urgency(clock({ breached: true }))).toBe('breached');
    expect(urgency(clock({ remaining_secs: 0 }))).toBe('breached');
    expect(urgency(clock({ warning: true }))).toBe('warning');
    expect(urgency(clock({}))).toBe('ok');
    expect(urgency(clock({ met_at: '2026-12-01T00:00:00Z' }))).toBe('none');
    expect(urgency(clock({ due_at: null }))).toBe('none');
  });
  it('splits office time into working days, hours and minutes, rounding up', () => {
    expect(remaining(clock({ remaining_secs: 7 * 3600 * 2 + 3600 * 3 + 61 }))).toEqual({
      kind: 'left',
      days: 2,
      hours: 3,
      minutes: 2,
    });
    expect(remaining(clock({ remaining_secs: 59 }))).toEqual({ kind: 'left', days: 0, hours: 0, minutes: 1 });
    expect(remaining(clock({ breached: true }))).toEqual({ kind: 'overdue' });
    expect(remaining(clock({ paused: true }))).toEqual({ kind: 'paused' });
  });
});

describe('the desks by role', () => {
  it('lands each role on its own home', () => {
    expect(deskHome('staff')).toBe('desk-queue');
    expect(deskHome('dispatcher')).toBe('desk-calls');
    expect(deskHome('supervisor')).toBe('desk-dashboard');
    expect(deskHome('admin')).toBe('desk-admin');
  });
  it('never shows another role its menu or screens', () => {
    expect(deskMenu('staff').map((m) => m.route)).toEqual(['desk-queue']);
    expect(deskAllows('staff', 'desk-dashboard')).toBe(false);
    expect(deskAllows('dispatcher', 'desk-admin')).toBe(false);
    expect(deskAllows('supervisor', 'desk-ticket')).toBe(true);
  });
});

describe('the dashboard periods (Beijing time)', () => {
  it('starts the year at midnight UTC+08:00', () => {
    const now = new Date('2026-12-02T04:00:00Z');
    expect(periodRange('year', now)).toEqual({ from: '2025-12-31T16:00:00.000Z', to: now.toISOString() });
    expect(periodRange('last_year', now)).toEqual({ from: '2024-12-31T16:00:00.000Z', to: '2025-12-31T16:00:00.000Z' });
  });
  it('cuts week and month groups', () => {
    expect(groupStart('2026-06-29')).toBe('2026-06-28T16:00:00.000Z');
    expect(groupEnd('2026-06-29', 'week')).toBe('2026-07-05T16:00:00.000Z');
    expect(groupEnd('2026-12-01', 'month')).toBe('2026-12-31T16:00:00.000Z');
  });
});

describe('requests', () => {
  it('builds queries without empty values and kebab-cases action paths', () => {
    expect(query({ status: 'submitted', cursor: null, q: '', limit: 20 })).toBe('?status=submitted&limit=20');
    expect(actionPath('request_info')).toBe('request-info');
  });
});
