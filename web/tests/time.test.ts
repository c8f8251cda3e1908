import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/api/types';
import { dueState, formatInstant, resolutionTarget, targetAmount, targetQuery } from '../src/lib/time';

const now = new Date('2026-12-02T04:00:00Z');

describe('formatInstant', () => {
  it('writes Chinese dates in Asia/Shanghai', () => {
    expect(formatInstant('2026-12-09T09:30:00Z', 'zh-CN', now)).toBe('12月9日 17:30');
    // 23:30 UTC is the next morning in Shanghai.
    expect(formatInstant('2026-12-09T23:30:00Z', 'zh-CN', now)).toBe('12月10日 07:30');
  });
  it('adds the year when it is not this one', () => {
    expect(formatInstant('2027-01-04T01:00:00Z', 'zh-CN', now)).toBe('2027年1月4日 09:00');
  });
  it('has an English form', () => {
    expect(formatInstant('2026-12-09T09:30:00Z', 'en', now)).toBe('Dec 9, 17:30');
  });
});

describe('targets', () => {
  const t = (secs: number | null, days: number | null) => ({
    response_target_secs: 3600,
    response_target_working_days: null,
    first_response_target_secs: null,
    first_response_target_working_days: null,
    resolution_target_secs: secs,
    resolution_target_working_days: days,
  });
  it('reads working days or office seconds', () => {
    expect(resolutionTarget(t(null, 10))).toEqual({ days: 10 });
    expect(resolutionTarget(t(7200, null))).toEqual({ secs: 7200 });
    expect(resolutionTarget(t(null, null))).toBeNull();
  });
  it('says them in whole units, rounded up', () => {
    expect(targetAmount({ days: 10 })).toEqual({ unit: 'days', n: 10 });
    expect(targetAmount({ secs: 5400 })).toEqual({ unit: 'hours', n: 2 });
    expect(targetAmount({ secs: 90 })).toEqual({ unit: 'minutes', n: 2 });
  });
  it('asks the deadline route', () => {
    expect(targetQuery({ days: 3 })).toBe('working_days=3');
    expect(targetQuery({ secs: 60 })).toBe('office_secs=60');
  });
});

describe('dueState', () => {
  const clock = (over: Partial<Clock>): Clock => ({
    due_at: '2026-12-09T09:30:00Z',
    warn_at: null,
    met_at: null,
    warning: false,
    breached: false,
    remaining_secs: 0,
    paused: false,
    ...over,
  });
  it('counts working days of seven office hours, rounded up', () => {
    expect(dueState(clock({ remaining_secs: 2 * 7 * 3600 }))).toEqual({ kind: 'days', n: 2 });
    expect(dueState(clock({ remaining_secs: 7 * 3600 + 1 }))).toEqual({ kind: 'days', n: 2 });
    expect(dueState(clock({ remaining_secs: 3 * 3600 }))).toEqual({ kind: 'hours', n: 3 });
  });
  it('says overdue, paused, met', () => {
    expect(dueState(clock({ breached: true, remaining_secs: -5 }))).toEqual({ kind: 'overdue' });
    expect(dueState(clock({ paused: true, remaining_secs: null }))).toEqual({ kind: 'paused' });
    expect(dueState(clock({ met_at: '2026-12-08T00:00:00Z' }))).toEqual({ kind: 'met' });
    expect(dueState(clock({ due_at: null, remaining_secs: null }))).toEqual({ kind: 'none' });
  });
});
