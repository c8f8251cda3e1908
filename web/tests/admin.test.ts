import { describe, expect, it } from 'vitest';
import {
  durationBody,
  durationOf,
  formatDays,
  formatHours,
  parseDays,
  parseHours,
  placeErrors,
  shownFields,
  topField,
} from '../src/desk/admin/fields';
import { RESOURCES, type ResourceDef } from '../src/desk/admin/resources';
import { claimWinner } from '../src/desk/deskApi.pure';
import { deskMessages } from '../src/desk/messages';

const def = (key: string): ResourceDef => {
  const d = RESOURCES.find((r) => r.key === key);
  if (!d) throw new Error(key);
  return d;
};

function lookup(messages: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], messages);
}

describe('the admin resources', () => {
  it('label every field and column in both languages', () => {
    for (const r of RESOURCES) {
      const keys = [r.label, ...r.fields.flatMap((f) => [f.label, f.hint ?? r.label]), ...r.columns.map((c) => c.label)];
      for (const locale of ['zh-CN', 'en'] as const) {
        for (const k of keys) {
          expect(typeof lookup({ dk: deskMessages[locale] }, k), `${locale} ${r.key} ${k}`).toBe('string');
        }
      }
    }
  });

  it('never send what the API says cannot change', () => {
    expect(def('departments').body({ code: 'FIN', name: '财政局' }, 'edit')).toEqual({ name: '财政局' });
    expect(def('departments').body({ code: 'FIN', name: '财政局' }, 'create')).toEqual({ code: 'FIN', name: '财政局' });
    expect(def('enterprises').body(def('enterprises').form({ credit_code: 'X', name: 'A' }), 'edit')).not.toHaveProperty('credit_code');
    expect(def('categories').body(def('categories').form({ code: 'tax' }), 'edit')).not.toHaveProperty('code');
    expect(def('users').body(def('users').form({ login: 'a.b', role: 'admin' }), 'edit')).not.toHaveProperty('login');
  });

  it('show the unit field of a user by role, and send the other as null', () => {
    const users = def('users');
    const staff = users.form({ role: 'staff', department_id: 'd1', enterprise_id: 'e1' });
    expect(shownFields(users.fields, 'create', staff).map((f) => f.key)).toContain('department_id');
    expect(shownFields(users.fields, 'create', staff).map((f) => f.key)).not.toContain('enterprise_id');
    expect(users.body(staff, 'edit')).toMatchObject({ department_id: 'd1', enterprise_id: null });
    // An empty password on edit keeps the old one; on creation it is sent (and refused by the server).
    expect(users.body(staff, 'edit')).not.toHaveProperty('password');
    expect(users.body(staff, 'create')).toHaveProperty('password', '');
  });

  it('clear optional references with null, not an empty id', () => {
    const si = def('service-items');
    expect(si.body(si.form({ sla_policy_id: null }), 'edit')).toMatchObject({ sla_policy_id: null, auto_dispatch: false });
    const chains = def('chains');
    expect(chains.body(chains.form({ name: 'x' }), 'create')).toEqual({ name: 'x', description: '' });
    expect(chains.body(chains.form({ name: 'x', lead_enterprise_id: '' }), 'edit')).toHaveProperty('lead_enterprise_id', null);
  });

  it('round-trip an SLA policy through its form, keeping what the form does not show', () => {
    const sla = def('sla-policies');
    const row = {
      name: '标准',
      calendar_id: 'c1',
      warn_ratio: 0.75,
      warn_lead_secs: 3600,
      response_target_secs: 7200,
      response_target_working_days: null,
      first_response_target_secs: null,
      first_response_target_working_days: null,
      resolution_target_secs: null,
      resolution_target_working_days: 5,
      urgent: { response_target_secs: 1800, resolution_target_working_days: 1 },
      active: true,
    };
    const body = sla.body(sla.form(row), 'edit');
    expect(body).toMatchObject({
      name: '标准',
      calendar_id: 'c1',
      warn_ratio: 0.75,
      warn_lead_secs: 3600,
      response_target_secs: 7200,
      response_target_working_days: null,
      first_response_target_secs: null,
      resolution_target_working_days: 5,
      resolution_target_secs: null,
      active: true,
    });
    expect(body.urgent).toMatchObject({ response_target_secs: 1800, resolution_target_working_days: 1, resolution_target_secs: null });
    expect(sla.fieldOfError?.('urgent.resolution_target_working_days')).toBe('urgent_resolution');
    expect(sla.fieldOfError?.('response_target_secs')).toBe('response');
  });

  it('write a calendar as the API takes it and read it back', () => {
    const cal = def('calendars');
    const fresh = cal.form();
    expect(fresh.hours_mon).toBe('09:00-12:00, 13:30-17:30');
    expect(fresh.hours_sat).toBe('');
    const body = cal.body({ ...fresh, name: '区政务服务中心', holidays: '2026-10-01 国庆节\n\n2026-10-02', make_up_days: '2026-09-20 mon 国庆调休' }, 'edit');
    expect(body.weekly_hours).toEqual(
      Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [['09:00', '12:00'], ['13:30', '17:30']]])),
    );
    expect(body.holidays).toEqual([
      { date: '2026-10-01', note: '国庆节' },
      { date: '2026-10-02', note: '' },
    ]);
    expect(body.make_up_days).toEqual([{ date: '2026-09-20', uses_weekday: 'mon', note: '国庆调休' }]);
    expect(cal.fieldOfError?.('weekly_hours.sat[0]')).toBe('hours_sat');
    expect(cal.fieldOfError?.('holidays[1].date')).toBe('holidays');
  });
});

describe('the admin form helpers', () => {
  it('type SLA targets in office hours or working days, never both', () => {
    expect(durationBody('response', { n: 1.5, unit: 'hours' })).toEqual({ response_target_secs: 5400, response_target_working_days: null });
    expect(durationBody('resolution', { n: 3, unit: 'days' })).toEqual({ resolution_target_secs: null, resolution_target_working_days: 3 });
    expect(durationBody('first_response', { n: null, unit: 'days' })).toEqual({
      first_response_target_secs: null,
      first_response_target_working_days: null,
    });
    expect(durationOf(7200, null)).toEqual({ n: 2, unit: 'hours' });
    expect(durationOf(null, 4)).toEqual({ n: 4, unit: 'days' });
  });

  it('read office hours and day lists as typed, leaving the checks to the server', () => {
    expect(parseHours('09:00-12:00，13:30 ~ 17:30')).toEqual([
      ['09:00', '12:00'],
      ['13:30', '17:30'],
    ]);
    expect(parseHours('  ')).toEqual([]);
    expect(parseHours('9点')).toEqual([['9点', '']]);
    expect(formatHours(parseHours('09:00-12:00, 13:30-17:30'))).toBe('09:00-12:00, 13:30-17:30');
    const text = '2026-09-20 sun 国庆 调休\n2026-10-11';
    expect(formatDays(parseDays(text, true))).toBe(text);
    expect(parseDays('2026-10-01 mon', false)).toEqual([{ date: '2026-10-01', note: 'mon' }]);
  });

  it('put 422 errors on the shown fields and keep the rest for the top', () => {
    const placed = placeErrors(
      { credit_code: '校验位错误', 'holidays[2].date': '日期重复', chain_id: '不存在' },
      topField,
      ['credit_code', 'holidays'],
    );
    expect(placed.fields).toEqual({ credit_code: '校验位错误', holidays: '#3 日期重复' });
    expect(placed.rest).toEqual(['chain_id: 不存在']);
  });
});

describe('a lost claim race', () => {
  it('names the winner from the 409, else from the ticket read again, else nobody', () => {
    expect(claimWinner({ assignee_id: 'u2', assignee_name: '财政局 李四' }, null)).toBe('财政局 李四');
    expect(claimWinner({}, { assignee_id: 'u2', assignee_name: '财政局 李四' })).toBe('财政局 李四');
    expect(claimWinner(null, { assignee_id: 'u2' })).toBeNull();
    expect(claimWinner({ assignee_name: ' ' }, null)).toBeNull();
  });
});
