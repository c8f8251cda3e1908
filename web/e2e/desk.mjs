// End-to-end: the desks (staff, dispatcher, supervisor, admin) on a desktop
// viewport (1440 × 900), against the same server as the enterprise's run.
// Called by run.mjs with its helpers, so console errors, failed requests and
// axe findings are counted the same way.
import { adminScenario } from './admin.mjs';
import { keyboardScenario } from './keyboard.mjs';

export async function deskScenario({ browser, base, demo, step, check, watch, visit, screen, api, token, expectNoise }) {
  const user = (login) => demo.users.find((u) => u.login === login);
  const desktop = () =>
    browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  async function signIn(context, login) {
    const page = await context.newPage();
    watch(page);
    await page.goto(`${base}/login`);
    await page.getByLabel('账号').fill(login);
    await page.getByLabel('密码').fill(user(login).password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('[data-test=desk-user]').waitFor();
    return page;
  }
  async function pick(page, select, option) {
    await page.locator(`[data-test=${select}]`).click();
    await page.locator('.el-select-dropdown__item:visible', { hasText: option }).first().click();
    // The list fades out; wait until it is gone so screenshots and axe see the page.
    await page.locator('.el-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => {});
    await page.waitForFunction(() => ![...document.querySelectorAll('.el-select-dropdown')].some((e) => e.checkVisibility()));
  }

  const ent = demo.users.find((u) => u.role === 'enterprise');
  const entToken = await token(ent.login);
  const filed = [];
  for (const title of ['园区道路积水影响货车通行', '申请人才公寓名额', '厂房消防验收咨询']) {
    filed.push(
      await api('POST', '/api/v1/tickets', entToken, { title, description: `${title}，请协助。`, category: 'financing' }),
    );
  }
  const [first, second, third] = filed;
  const fin = (await api('GET', '/api/v1/departments?limit=100', await token('dispatcher'))).items.find((d) => d.code === 'FIN');
  await api('POST', '/api/v1/users', await token('admin'), {
    login: 'staff.fin2',
    display_name: '财政局 李四',
    password: 'staff-demo-2026',
    role: 'staff',
    department_id: fin.id,
  });
  demo.users.push({ login: 'staff.fin2', password: 'staff-demo-2026', role: 'staff' });

  const dispatcherCtx = await desktop();
  await step('desk: the dispatcher lands on the call list and dispatches one ticket, then two in bulk', async () => {
    const page = await signIn(dispatcherCtx, 'dispatcher');
    await page.waitForURL(/\/desk\/calls$/);
    check((await page.locator('[data-test=desk-menu]').textContent()).includes('派单台'), 'the dispatcher menu');
    check(!(await page.locator('[data-test=desk-menu]').textContent()).includes('督办看板'), 'no other role menu');
    await page.locator(`[data-test=row-${first.number}]`).waitFor();
    await visit(page, 'desk-dispatcher-calls');
    const tick = (n) => page.locator('tr', { has: page.locator(`[data-test=row-${n}]`) }).locator('.el-checkbox').click();
    await tick(first.number);
    await page.locator('[data-test=bulk-dispatch]').click();
    await pick(page, 'dispatch-target', fin.name);
    await screen(page, 'desk-dispatch-dialog');
    await page.locator('[data-test=dispatch-submit]').click();
    await page.locator(`[data-test=row-${first.number}]`).waitFor({ state: 'detached' });
    await tick(second.number);
    await tick(third.number);
    await page.locator('[data-test=bulk-dispatch]').click();
    await pick(page, 'dispatch-target', fin.name);
    await page.locator('[data-test=dispatch-submit]').click();
    await page.locator(`[data-test=row-${third.number}]`).waitFor({ state: 'detached' });
    const t = await api('GET', `/api/v1/tickets/${third.id}`, await token('dispatcher'));
    check(t.status === 'dispatched' && t.department_id === fin.id, `bulk-dispatched: ${t.status}`);
  });

  const aCtx = await desktop();
  const bCtx = await desktop();
  let winner;
  await step('desk: two staff race to claim; the loser is told and the list refreshes', async () => {
    const a = await signIn(aCtx, 'staff.fin');
    winner = await signIn(bCtx, 'staff.fin2');
    await a.waitForURL(/\/desk\/queue$/);
    await a.locator(`[data-test=claim-${first.number}]`).waitFor();
    await winner.locator(`[data-test=claim-${first.number}]`).waitFor();
    await visit(a, 'desk-staff-queue');
    await winner.locator(`[data-test=claim-${first.number}]`).click();
    await winner.locator(`[data-test=claim-${first.number}]`).waitFor({ state: 'detached' });
    expectNoise(/status of 4(09|12)/);
    await a.locator(`[data-test=claim-${first.number}]`).click();
    const lost = a.locator('[data-test=claim-lost]');
    await lost.waitFor();
    // The winner by name: from the 409's `assignee_name`, or from the
    // ticket read again after a 412 (the claim carried the stale If-Match).
    const said = await lost.textContent();
    check(/已被 财政局 李四 接单/.test(said), `the loser is told who won: ${said}`);
    await a.locator(`[data-test=claim-${first.number}]`).waitFor({ state: 'detached' });
    await screen(a, 'desk-claim-lost');
  });

  await step('desk: the winner requests information, meets a 412, reloads, and resolves', async () => {
    const p = winner;
    await p.goto(`${base}/desk/tickets/${first.id}`);
    await p.locator('[data-test=action-request_info]').click();
    await p.locator('#action-text').fill('请补充园区积水点位照片。');
    await p.locator('[data-test=action-submit]').click();
    await p.locator('[data-test=ticket-status]', { hasText: '待补充材料' }).waitFor();
    await api('POST', `/api/v1/tickets/${first.id}/reply`, entToken, { message: '照片已上传：北门、3 号路口。' });
    await p.reload();
    await p.locator('[data-test=action-internal_note]').click();
    await p.locator('#action-text').fill('已联系市政，明日上午清淤。');
    await p.locator('[data-test=action-submit]').click();
    await p.locator('[data-test=event-internal_note]').waitFor();
    check((await p.locator('[data-test=timeline]').textContent()).includes('北门'), 'the reply is on the timeline');
    await visit(p, 'desk-staff-ticket');
    // An extension request goes to the dispatchers, who grant it from their desk.
    await p.locator('[data-test=action-request_extension]').click();
    await p.locator('#action-text').fill('需协调市政部门排期。');
    await p.locator('[data-test=action-submit]').click();
    await p.locator('[data-test=extension-requested]').waitFor();
    const d = await dispatcherCtx.pages()[0];
    await d.goto(`${base}/desk/calls`);
    await d.getByRole('tab', { name: '待审批延期' }).click();
    await d.locator('[data-test=extension-requests] a', { hasText: first.number }).first().click();
    await d.locator('[data-test=grant]').click();
    await d.locator('[data-test=extension-granted]').waitFor();
    await screen(d, 'desk-extension-granted');
    // Someone else changes the ticket meanwhile: the next change is refused with 412.
    await api('POST', `/api/v1/tickets/${first.id}/urge`, await token('supervisor'), { reason: '请尽快处理。' });
    expectNoise(/status of 412/);
    await p.locator('[data-test=action-resolve]').click();
    await p.locator('#action-text').fill('已完成清淤，道路恢复通行。');
    await p.locator('[data-test=action-submit]').click();
    await p.locator('[data-test=stale]').waitFor();
    await screen(p, 'desk-ticket-stale');
    await p.locator('[data-test=reload]').click();
    await p.locator('[data-test=action-resolve]').click();
    await p.locator('#action-text').fill('已完成清淤，道路恢复通行。');
    await p.locator('[data-test=action-submit]').click();
    await p.locator('[data-test=ticket-status]', { hasText: '已办结' }).waitFor();
  });

  const supCtx = await desktop();
  await step('desk: the supervisor reads the dashboard, drills down, downloads CSV and urges', async () => {
    const p = await signIn(supCtx, 'supervisor');
    await p.waitForURL(/\/desk\/dashboard$/);
    await p.locator(`[data-test=drill-${fin.id}]`).waitFor();
    const row = p.locator('[data-test=dash-table] tr', { has: p.locator(`[data-test=drill-${fin.id}]`) });
    check(/\d+(\.\d)?%/.test(await row.textContent()), `a resolution rate: ${await row.textContent()}`);
    check(!(await row.textContent()).includes('—'), 'resolved tickets give a rate');
    await visit(p, 'desk-supervisor-dashboard');
    // Another ticket of the department is resolved: after a reload the rate moves.
    const before = await row.textContent();
    const staff = await token('staff.fin');
    await api('POST', `/api/v1/tickets/${third.id}/claim`, staff, {});
    await api('POST', `/api/v1/tickets/${third.id}/resolve`, staff, { resolution: '已答复消防验收流程。' });
    await p.reload();
    await p.locator(`[data-test=drill-${fin.id}]`).waitFor();
    const after = await row.textContent();
    check(before !== after, `the rate changed: ${before} -> ${after}`);
    const [download] = await Promise.all([p.waitForEvent('download'), p.locator('[data-test=csv]').click()]);
    check(download.suggestedFilename().endsWith('.csv'), 'a CSV file');
    await p.locator(`[data-test=drill-${fin.id}]`).click();
    await p.waitForURL(/\/desk\/tickets\?/);
    await p.locator(`[data-test=row-${second.number}]`).click();
    await p.locator('[data-test=action-urge]').click();
    await p.locator('#action-text').fill('企业反映强烈，请加快办理。');
    await p.locator('[data-test=action-submit]').click();
    await p.getByText('已督办 1 次').waitFor();
    await screen(p, 'desk-supervisor-urged');
  });

  const keyboardCtxs = await keyboardScenario({ step, check, visit, screen, api, token, entToken, desktop, watch, base, user, fin });
  const adminCtx = await adminScenario({ step, check, visit, screen, api, token, expectNoise, signIn, pick, desktop, fin });

  const publicCtx = await desktop();
  await step('desk: the public summary opens without a sign-in', async () => {
    const p = await publicCtx.newPage();
    watch(p);
    await p.goto(`${base}/summary`);
    await p.locator('[data-test=public-summary]', { hasText: /收集问题 \d+ 个，已解决 \d+ 个/ }).waitFor();
    await visit(p, 'public-summary');
  });

  for (const c of [dispatcherCtx, aCtx, bCtx, supCtx, adminCtx, publicCtx, ...keyboardCtxs]) await c.close();
}
