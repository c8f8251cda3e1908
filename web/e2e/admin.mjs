// End-to-end: the admin desk's catalogues (create, edit, deactivate), a
// holiday import and a calendar edit. Called by desk.mjs with its helpers.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function adminScenario({ step, check, visit, screen, api, token, expectNoise, signIn, pick, desktop, fin }) {
  const adminCtx = await desktop();
  const p = await signIn(adminCtx, 'admin');
  const admin = await token('admin');
  const save = async () => {
    await p.locator('[data-test=admin-save]').click();
    await p.locator('[data-test=admin-dialog]').waitFor({ state: 'hidden' });
  };
  const tab = (name) => p.getByRole('tab', { name, exact: true }).click();
  const row = (table, text) => p.locator(`[data-test=${table}] tr`, { hasText: text });

  await step('desk: the admin creates a service item; a bad credit code is shown on its field', async () => {
    await p.waitForURL(/\/desk\/admin$/);
    await p.locator('[data-test=service-items]').waitFor();
    await visit(p, 'desk-admin');
    await p.locator('[data-test=add-service-items]').click();
    await pick(p, 'adm-department-id', fin.name);
    await pick(p, 'adm-category', '融资');
    await p.locator('#adm-name').fill('中小企业贷款贴息');
    await visit(p, 'desk-admin-service-item-form');
    await save();
    await row('service-items', '中小企业贷款贴息').waitFor();
    await tab('企业');
    await p.locator('[data-test=add-enterprises]').click();
    await p.locator('#adm-name').fill('测试企业有限公司');
    await p.locator('#adm-credit-code').fill('12345');
    expectNoise(/status of 422/);
    await p.locator('[data-test=admin-save]').click();
    await p.locator('.el-form-item.is-error', { has: p.locator('#adm-credit-code') }).waitFor();
    await screen(p, 'desk-admin-credit-code-error');
    await p.getByRole('button', { name: '取消' }).click();
  });

  await step('desk: the admin renames a department and deactivates a user', async () => {
    const other = (await api('GET', '/api/v1/departments?limit=100', admin)).items.find((d) => d.code !== 'FIN' && d.active);
    const renamed = `${other.name}（更名）`;
    await tab('部门');
    await row('departments', other.code).locator('[data-test=edit]').click();
    check((await p.locator('#adm-code').count()) === 0, 'the code cannot be changed, so it is not offered');
    await p.locator('#adm-name').fill(renamed);
    await screen(p, 'desk-admin-department-edit');
    await save();
    await row('departments', renamed).waitFor();
    const after = await api('GET', `/api/v1/departments/${other.id}`, admin);
    check(after.name === renamed && after.code === other.code, `renamed: ${after.name}`);

    await tab('用户');
    const user = row('users', 'staff.fin2');
    await user.locator('[data-test=toggle]', { hasText: '停用' }).click();
    await user.locator('[data-test=toggle]', { hasText: '启用' }).waitFor();
    check((await user.textContent()).includes('停用'), 'the row says inactive');
    const u = (await api('GET', '/api/v1/users?role=staff&limit=100', admin)).items.find((x) => x.login === 'staff.fin2');
    check(u.active === false, 'the user is inactive');
    check((await row('users', 'admin').locator('[data-test=toggle]').count()) === 0, 'no deactivating oneself');
    await visit(p, 'desk-admin-users');
  });

  await step('desk: the admin creates a category and an SLA policy', async () => {
    await tab('类别');
    await p.locator('[data-test=add-categories]').click();
    await p.locator('#adm-code').fill('tax_advice');
    await p.locator('#adm-name').fill('税务咨询');
    await pick(p, 'adm-default-department-id', fin.name);
    await save();
    await row('categories', '税务咨询').waitFor();
    const cat = await api('GET', '/api/v1/categories/tax_advice', admin);
    check(cat.default_department_id === fin.id, 'the category routes to FIN');

    await tab('时限规则');
    await p.locator('[data-test=add-sla-policies]').click();
    await p.locator('#adm-name').fill('加急事项时限');
    await p.locator('[data-test=adm-calendar-id]').click();
    await p.locator('.el-select-dropdown__item:visible').first().click();
    await p.locator('.el-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => {});
    await p.locator('#adm-response').fill('4');
    await p.locator('#adm-resolution').fill('8');
    await p.locator('#adm-urgent-response').fill('1');
    await p.locator('#adm-urgent-resolution').fill('2');
    await visit(p, 'desk-admin-sla-form');
    await save();
    await row('sla-policies', '加急事项时限').waitFor();
    const policy = (await api('GET', '/api/v1/sla-policies?limit=100', admin)).items.find((x) => x.name === '加急事项时限');
    check(policy.response_target_secs === 4 * 3600 && policy.urgent.resolution_target_secs === 2 * 3600, 'targets in office hours');
    await visit(p, 'desk-admin-sla');
  });

  await step('desk: the admin imports a holiday file and edits a calendar', async () => {
    await tab('工作日历');
    const dir = mkdtempSync(join(tmpdir(), 'huying-holidays-'));
    const file = join(dir, 'cn-public-holidays-2027.json');
    writeFileSync(file, JSON.stringify({ year: 2027, time_zone: 'Asia/Shanghai', holidays: ['2027-01-01'], make_up_workdays: [] }));
    await p.locator('[data-test=import-calendar]').click();
    await p.locator('.el-select-dropdown__item:visible').first().click();
    await p.locator('[data-test=holiday-file]').setInputFiles(file);
    await p.locator('[data-test=import-submit]').click();
    await p.getByText('已导入').waitFor();
    await screen(p, 'desk-admin-holidays');
    await p.locator('[data-test=calendars] [data-test=edit]').first().click();
    const holidays = p.locator('#adm-holidays');
    await holidays.waitFor();
    check((await holidays.inputValue()).includes('2027-01-01'), 'the imported day is listed');
    // A Saturday with a malformed interval: the server's error lands on that day.
    await p.locator('#adm-hours-sat').fill('9点-12点');
    expectNoise(/status of 422/);
    await p.locator('[data-test=admin-save]').click();
    await p.locator('.el-form-item.is-error', { has: p.locator('#adm-hours-sat') }).waitFor();
    await p.locator('#adm-hours-sat').fill('');
    // Changing the field takes its error away.
    await p.locator('.el-form-item.is-error', { has: p.locator('#adm-hours-sat') }).waitFor({ state: 'detached' });
    await holidays.fill(`${await holidays.inputValue()}\n2027-12-31 年终盘点`);
    await visit(p, 'desk-admin-calendar-edit');
    await save();
    const cals = (await api('GET', '/api/v1/calendars?limit=100', admin)).items;
    const cal = await api('GET', `/api/v1/calendars/${cals[0].id}`, admin);
    check(cal.holidays.some((h) => h.date === '2027-12-31' && h.note === '年终盘点'), 'the added holiday is stored');
  });

  await step('desk: the admin desk speaks English, then signs out', async () => {
    await pick(p, 'lang', 'English');
    await p.locator('[data-test=desk-menu]', { hasText: 'Administration' }).waitFor();
    await p.getByRole('tab', { name: 'Users' }).waitFor();
    await visit(p, 'desk-admin-english');
    await pick(p, 'lang', '简体中文');
    await p.locator('[data-test=sign-out]').click();
    await p.waitForURL(/\/login/);
  });
  return adminCtx;
}
