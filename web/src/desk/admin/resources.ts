/**
 * Every catalogue the admin keeps, as data: its list, its columns, its
 * form's fields, and the body its create and edit send (read from
 * openapi.yaml: codes and credit codes never change, chains have no
 * `active`, SLA policies and calendars are replaced whole with PUT).
 * AdminDesk.vue renders them all the same way.
 */
import {
  type FieldDef,
  type Form,
  type Mode,
  type OptionSource,
  WEEKDAYS,
  durationBody,
  durationOf,
  formatDays,
  formatHours,
  orNull,
  parseDays,
  parseHours,
  str,
  topField,
} from './fields';

export type Row = Record<string, unknown>;
export type ResourceKey =
  | 'service-items'
  | 'departments'
  | 'enterprises'
  | 'chains'
  | 'users'
  | 'categories'
  | 'sla-policies'
  | 'calendars';

export interface ColumnDef {
  label: string;
  width?: number;
  /** A field of the row, or a reference shown by name. */
  value: (row: Row, name: (source: OptionSource, id: unknown) => string) => string;
  /** An i18n key prefix for a value that is a code (`roles.`). */
  i18n?: string;
  /** An i18n key shown when the value is empty. */
  empty?: string;
}

export interface ResourceDef {
  key: ResourceKey;
  /** An i18n key. */
  label: string;
  path: string;
  idOf: (row: Row) => string;
  /** What a row is called on its buttons ("编辑 财政局"). */
  nameOf: (row: Row) => string;
  columns: ColumnDef[];
  fields: FieldDef[];
  /** The form's values: a blank one, or a row's. */
  form: (row?: Row) => Form;
  body: (form: Form, mode: Mode) => Record<string, unknown>;
  update: 'PATCH' | 'PUT';
  /** Whether records have `active` (deactivate / activate). */
  deactivatable: boolean;
  /** The list row lacks fields the form needs: read the record first. */
  readBeforeEdit?: boolean;
  fieldOfError?: (apiKey: string) => string;
}

const col = (label: string, key: string, width?: number): ColumnDef => ({ label, width, value: (r) => str(r[key]) });
const ref = (label: string, source: OptionSource, key: string): ColumnDef => ({
  label,
  value: (r, name) => name(source, r[key]),
});
const id = (r: Row) => str(r.id);
const named = (r: Row) => str(r.name);

const serviceItems: ResourceDef = {
  key: 'service-items',
  label: 'dk.admin.serviceItems',
  path: '/api/v1/service-items',
  idOf: id,
  nameOf: named,
  columns: [
    col('dk.admin.name', 'name'),
    ref('dk.field.category', 'categories', 'category'),
    ref('dk.field.department', 'departments', 'department_id'),
    { ...ref('dk.admin.sla', 'policies', 'sla_policy_id'), empty: 'dk.admin.categoryDefault' },
  ],
  fields: [
    { key: 'department_id', label: 'dk.field.department', kind: 'select', options: 'departments' },
    { key: 'category', label: 'dk.field.category', kind: 'select', options: 'categories' },
    { key: 'name', label: 'dk.admin.name', kind: 'text' },
    { key: 'description', label: 'dk.admin.description', kind: 'textarea' },
    { key: 'sla_policy_id', label: 'dk.admin.slaOwn', kind: 'select', options: 'policies', clearable: true, hint: 'dk.admin.slaOwnHint' },
    { key: 'auto_dispatch', label: 'dk.admin.autoDispatch', kind: 'switch', hint: 'dk.admin.autoDispatchHint' },
  ],
  form: (r = {}) => ({
    department_id: str(r.department_id),
    category: str(r.category),
    name: str(r.name),
    description: str(r.description),
    sla_policy_id: str(r.sla_policy_id),
    auto_dispatch: r.auto_dispatch === true,
  }),
  body: (f) => ({
    department_id: f.department_id,
    category: f.category,
    name: f.name,
    description: f.description,
    sla_policy_id: orNull(f.sla_policy_id),
    auto_dispatch: f.auto_dispatch === true,
  }),
  update: 'PATCH',
  deactivatable: true,
};

const departments: ResourceDef = {
  key: 'departments',
  label: 'dk.admin.departments',
  path: '/api/v1/departments',
  idOf: id,
  nameOf: named,
  columns: [col('dk.admin.code', 'code', 160), col('dk.admin.name', 'name')],
  fields: [
    { key: 'code', label: 'dk.admin.code', kind: 'text', on: 'create', hint: 'dk.admin.codeHint' },
    { key: 'name', label: 'dk.admin.name', kind: 'text' },
  ],
  form: (r = {}) => ({ code: str(r.code), name: str(r.name) }),
  body: (f, mode) => (mode === 'create' ? { code: f.code, name: f.name } : { name: f.name }),
  update: 'PATCH',
  deactivatable: true,
};

const enterprises: ResourceDef = {
  key: 'enterprises',
  label: 'dk.admin.enterprises',
  path: '/api/v1/enterprises',
  idOf: id,
  nameOf: named,
  columns: [
    col('dk.admin.name', 'name'),
    col('dk.admin.creditCode', 'credit_code', 220),
    ref('dk.admin.chains', 'chains', 'chain_id'),
  ],
  fields: [
    { key: 'name', label: 'dk.admin.name', kind: 'text' },
    { key: 'credit_code', label: 'dk.admin.creditCode', kind: 'text', on: 'create', hint: 'dk.admin.creditCodeHint' },
    { key: 'chain_id', label: 'dk.admin.chains', kind: 'select', options: 'chains', clearable: true },
    { key: 'address', label: 'dk.admin.address', kind: 'text' },
    { key: 'contact_name', label: 'dk.admin.contactName', kind: 'text' },
    { key: 'contact_phone', label: 'dk.admin.contactPhone', kind: 'text' },
  ],
  form: (r = {}) => ({
    name: str(r.name),
    credit_code: str(r.credit_code),
    chain_id: str(r.chain_id),
    address: str(r.address),
    contact_name: str(r.contact_name),
    contact_phone: str(r.contact_phone),
  }),
  body: (f, mode) => ({
    name: f.name,
    ...(mode === 'create' ? { credit_code: f.credit_code } : {}),
    chain_id: orNull(f.chain_id),
    address: f.address,
    contact_name: f.contact_name,
    contact_phone: f.contact_phone,
  }),
  update: 'PATCH',
  deactivatable: true,
};

const chains: ResourceDef = {
  key: 'chains',
  label: 'dk.admin.chains',
  path: '/api/v1/chains',
  idOf: id,
  nameOf: named,
  columns: [col('dk.admin.name', 'name'), ref('dk.admin.lead', 'enterprises', 'lead_enterprise_id')],
  fields: [
    { key: 'name', label: 'dk.admin.name', kind: 'text' },
    { key: 'description', label: 'dk.admin.description', kind: 'textarea' },
    { key: 'lead_enterprise_id', label: 'dk.admin.lead', kind: 'select', options: 'chainEnterprises', on: 'edit', clearable: true },
  ],
  form: (r = {}) => ({ id: str(r.id), name: str(r.name), description: str(r.description), lead_enterprise_id: str(r.lead_enterprise_id) }),
  body: (f, mode) =>
    mode === 'create'
      ? { name: f.name, description: f.description }
      : { name: f.name, description: f.description, lead_enterprise_id: orNull(f.lead_enterprise_id) },
  update: 'PATCH',
  deactivatable: false,
};

const users: ResourceDef = {
  key: 'users',
  label: 'dk.admin.users',
  path: '/api/v1/users',
  idOf: id,
  nameOf: (r) => str(r.login),
  columns: [
    col('dk.admin.login', 'login', 180),
    col('dk.admin.displayName', 'display_name'),
    { label: 'dk.admin.role', width: 140, value: (r) => str(r.role), i18n: 'roles.' },
    { label: 'dk.admin.belongsTo', value: (r, name) => name('departments', r.department_id) || name('enterprises', r.enterprise_id) },
  ],
  fields: [
    { key: 'login', label: 'dk.admin.login', kind: 'text', on: 'create', hint: 'dk.admin.loginHint' },
    { key: 'display_name', label: 'dk.admin.displayName', kind: 'text' },
    { key: 'password', label: 'dk.admin.password', kind: 'password', on: 'create' },
    { key: 'password', label: 'dk.admin.newPassword', kind: 'password', on: 'edit', hint: 'dk.admin.newPasswordHint' },
    { key: 'role', label: 'dk.admin.role', kind: 'select', options: 'roles' },
    { key: 'department_id', label: 'dk.field.department', kind: 'select', options: 'departments', visible: (f) => f.role === 'staff' },
    { key: 'enterprise_id', label: 'dk.field.enterprise', kind: 'select', options: 'enterprises', visible: (f) => f.role === 'enterprise' },
  ],
  form: (r = {}) => ({
    login: str(r.login),
    display_name: str(r.display_name),
    password: '',
    role: str(r.role) || 'staff',
    department_id: str(r.department_id),
    enterprise_id: str(r.enterprise_id),
  }),
  body: (f, mode) => ({
    ...(mode === 'create' ? { login: f.login } : {}),
    display_name: f.display_name,
    ...(mode === 'create' || f.password ? { password: f.password } : {}),
    role: f.role,
    department_id: f.role === 'staff' ? orNull(f.department_id) : null,
    enterprise_id: f.role === 'enterprise' ? orNull(f.enterprise_id) : null,
  }),
  update: 'PATCH',
  deactivatable: true,
};

const categories: ResourceDef = {
  key: 'categories',
  label: 'dk.field.category',
  path: '/api/v1/categories',
  idOf: (r) => str(r.code),
  nameOf: named,
  columns: [
    col('dk.admin.code', 'code', 140),
    col('dk.admin.name', 'name'),
    ref('dk.admin.defaultDepartment', 'departments', 'default_department_id'),
    ref('dk.admin.defaultSla', 'policies', 'default_sla_policy_id'),
    { label: 'dk.admin.sortOrder', width: 100, value: (r) => String(r.sort_order ?? '') },
  ],
  fields: [
    { key: 'code', label: 'dk.admin.code', kind: 'text', on: 'create', hint: 'dk.admin.categoryCodeHint' },
    { key: 'name', label: 'dk.admin.name', kind: 'text' },
    { key: 'description', label: 'dk.admin.description', kind: 'textarea' },
    { key: 'default_department_id', label: 'dk.admin.defaultDepartment', kind: 'select', options: 'departments' },
    { key: 'default_sla_policy_id', label: 'dk.admin.defaultSla', kind: 'select', options: 'policies', clearable: true },
    { key: 'sort_order', label: 'dk.admin.sortOrder', kind: 'number', min: -10000, max: 10000, step: 1 },
  ],
  form: (r = {}) => ({
    code: str(r.code),
    name: str(r.name),
    description: str(r.description),
    default_department_id: str(r.default_department_id),
    default_sla_policy_id: str(r.default_sla_policy_id),
    sort_order: typeof r.sort_order === 'number' ? r.sort_order : 0,
  }),
  body: (f, mode) => ({
    ...(mode === 'create' ? { code: f.code } : {}),
    name: f.name,
    description: f.description,
    default_department_id: f.default_department_id,
    default_sla_policy_id: orNull(f.default_sla_policy_id),
    sort_order: typeof f.sort_order === 'number' ? f.sort_order : 0,
  }),
  update: 'PATCH',
  deactivatable: true,
};

const CLOCKS = ['response', 'first_response', 'resolution'] as const;
const targets = (r: Row | undefined, prefix: string) =>
  Object.fromEntries(
    CLOCKS.map((c) => [`${prefix}${c}`, durationOf(r?.[`${c}_target_secs`] as number | null, r?.[`${c}_target_working_days`] as number | null)]),
  );
const targetBody = (f: Form, prefix: string) =>
  Object.assign({}, ...CLOCKS.map((c) => durationBody(c, f[`${prefix}${c}`] as never)));
const durationField = (key: string, label: string, hint?: string): FieldDef => ({ key, label, kind: 'duration', hint, min: 0 });

const slaPolicies: ResourceDef = {
  key: 'sla-policies',
  label: 'dk.admin.sla',
  path: '/api/v1/sla-policies',
  idOf: id,
  nameOf: named,
  columns: [col('dk.admin.name', 'name'), ref('dk.admin.calendars', 'calendars', 'calendar_id')],
  fields: [
    { key: 'name', label: 'dk.admin.name', kind: 'text' },
    { key: 'calendar_id', label: 'dk.admin.calendar', kind: 'select', options: 'calendars' },
    { key: 'warn_ratio', label: 'dk.admin.warnRatio', kind: 'number', min: 0.05, max: 0.95, step: 0.05, hint: 'dk.admin.warnRatioHint' },
    durationField('response', 'dk.admin.responseTarget', 'dk.admin.responseHint'),
    durationField('first_response', 'dk.admin.firstResponseTarget', 'dk.admin.optional'),
    durationField('resolution', 'dk.admin.resolutionTarget'),
    durationField('urgent_response', 'dk.admin.urgentResponseTarget'),
    durationField('urgent_first_response', 'dk.admin.urgentFirstResponseTarget', 'dk.admin.optional'),
    durationField('urgent_resolution', 'dk.admin.urgentResolutionTarget'),
  ],
  form: (r) => ({
    name: str(r?.name),
    calendar_id: str(r?.calendar_id),
    warn_ratio: typeof r?.warn_ratio === 'number' ? r.warn_ratio : 0.8,
    warn_lead_secs: r?.warn_lead_secs ?? null,
    active: r ? r.active !== false : true,
    ...targets(r, ''),
    ...targets(r?.urgent as Row | undefined, 'urgent_'),
  }),
  // The whole definition, as PUT wants it: an edit keeps the warning lead and `active`.
  body: (f) => ({
    name: f.name,
    calendar_id: f.calendar_id,
    warn_ratio: f.warn_ratio,
    warn_lead_secs: f.warn_lead_secs ?? null,
    ...targetBody(f, ''),
    urgent: targetBody(f, 'urgent_'),
    active: f.active !== false,
  }),
  update: 'PUT',
  deactivatable: true,
  // `urgent.response_target_secs` → `urgent_response`; `resolution_target_working_days` → `resolution`.
  fieldOfError: (k) => k.replace(/^urgent\./, 'urgent_').replace(/_target_(secs|working_days)$/, ''),
};

const OFFICE_DAY = '09:00-12:00, 13:30-17:30';

const calendars: ResourceDef = {
  key: 'calendars',
  label: 'dk.admin.calendars',
  path: '/api/v1/calendars',
  idOf: id,
  nameOf: named,
  columns: [col('dk.admin.name', 'name'), col('dk.admin.timeZone', 'time_zone', 200)],
  fields: [
    { key: 'name', label: 'dk.admin.name', kind: 'text' },
    { key: 'time_zone', label: 'dk.admin.timeZone', kind: 'text', hint: 'dk.admin.timeZoneHint' },
    ...WEEKDAYS.map((d): FieldDef => ({ key: `hours_${d}`, label: `dk.weekday.${d}`, kind: 'text', hint: d === 'mon' ? 'dk.admin.hoursHint' : undefined })),
    { key: 'holidays', label: 'dk.admin.holidays', kind: 'textarea', hint: 'dk.admin.holidaysHint' },
    { key: 'make_up_days', label: 'dk.admin.makeUpDays', kind: 'textarea', hint: 'dk.admin.makeUpDaysHint' },
  ],
  form: (r = {}) => {
    const hours = (r.weekly_hours ?? {}) as Record<string, [string, string][]>;
    return {
      name: str(r.name),
      time_zone: str(r.time_zone) || 'Asia/Shanghai',
      // A new calendar starts from the usual government office week.
      ...Object.fromEntries(
        WEEKDAYS.map((d) => [`hours_${d}`, r.name === undefined ? (d === 'sat' || d === 'sun' ? '' : OFFICE_DAY) : formatHours(hours[d])]),
      ),
      holidays: formatDays(r.holidays as never),
      make_up_days: formatDays(r.make_up_days as never),
    };
  },
  body: (f) => ({
    name: f.name,
    time_zone: f.time_zone,
    weekly_hours: Object.fromEntries(WEEKDAYS.map((d) => [d, parseHours(str(f[`hours_${d}`]))]).filter(([, v]) => v.length)),
    holidays: parseDays(str(f.holidays), false).map(({ date, note }) => ({ date, note })),
    make_up_days: parseDays(str(f.make_up_days), true),
  }),
  update: 'PUT',
  deactivatable: false,
  readBeforeEdit: true,
  // `weekly_hours.mon[0]` → `hours_mon`; `holidays[2].date` → `holidays`.
  fieldOfError: (k) => {
    const day = /^weekly_hours\.(\w+)/.exec(k);
    return day ? `hours_${day[1]}` : topField(k);
  },
};

export const RESOURCES: ResourceDef[] = [serviceItems, departments, enterprises, chains, users, categories, slaPolicies, calendars];
