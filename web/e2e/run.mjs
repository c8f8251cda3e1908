// End-to-end: the enterprise's mobile app in headless Chromium (Debian's
// /usr/bin/chromium driven by playwright-core) on a phone viewport, against
// a real server. Staff act through the API, as their desks will.
//
//   HUYING_BIN=../target/debug/huying node e2e/run.mjs
//
// Screenshots go to web/test-output/screens (git-ignored).
import { chromium } from 'playwright-core';
import { createHmac } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.mjs';
import { deskScenario } from './desk.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = resolve(process.env.HUYING_BIN ?? join(here, '..', '..', 'target', 'debug', 'huying'));
const browserPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const out = join(here, '..', 'test-output', 'screens');
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SECRET = 'e2e secret, at least thirty-two bytes long, never used elsewhere';

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

let passed = 0;
let failed = 0;
const problems = [];
let shot = 0;

function check(cond, what) {
  if (!cond) throw new Error(`check failed: ${what}`);
}

async function step(name, f) {
  const started = Date.now();
  try {
    await f();
    passed += 1;
    console.log(`  ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failed += 1;
    console.log(`  FAIL ${name}: ${e.stack ?? e}`);
    throw e;
  }
}

const server = await startServer(bin, SECRET);
const { base, demo } = server;
const user = (login) => demo.users.find((u) => u.login === login);

async function api(method, path, token, body, headers = {}) {
  const r = await fetch(base + path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  const data = text ? JSON.parse(text) : null;
  if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
  return data;
}

async function token(login) {
  const u = user(login);
  return (await api('POST', '/api/v1/auth/login', null, { login, password: u.password })).access_token;
}

const browser = await chromium.launch({
  executablePath: browserPath,
  headless: true,
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
});

/** Console errors and failed requests no step said it expected. */
const expected = [];
let offline = false;
function expectNoise(pattern) {
  expected.push(pattern);
}
function watch(page) {
  page.on('console', (msg) => {
    if (msg.type() !== 'error' || offline) return;
    const text = msg.text();
    const i = expected.findIndex((p) => p.test(text));
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`console error on ${page.url()}: ${text}`);
  });
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('requestfailed', (r) => {
    if (offline) return;
    // The browser cancels a page's requests in flight when it navigates
    // away: nothing failed on the server or the network.
    if (r.failure()?.errorText === 'net::ERR_ABORTED') return;
    const text = `${r.method()} ${r.url()} ${r.failure()?.errorText}`;
    const i = expected.findIndex((p) => p.test(text));
    if (i >= 0) expected.splice(i, 1);
    else problems.push(`request failed: ${text}`);
  });
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(base) && !url.startsWith('data:')) problems.push(`external request: ${url}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`server error: ${r.status()} ${r.url()}`);
  });
}

async function screen(page, name) {
  shot += 1;
  await page.waitForTimeout(150);
  await page.screenshot({ path: join(out, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true });
}

/** axe-core, injected through the DevTools protocol (no inline script, so CSP stays strict). */
async function axe(page, name) {
  await page.evaluate(axeSource);
  const run = async () => {
    const result = await page.evaluate(async () => {
      // The page's axe (injected above), not this file's function of that name.
      const r = await window.axe.run(document, { resultTypes: ['violations'] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(' ')) }));
    });
    return result.filter((v) => v.impact && v.impact !== 'minor');
  };
  let serious = await run();
  if (serious.length) {
    // A dialog or list still fading out is half transparent, which axe
    // reads as low contrast: look again once transitions have ended. A real
    // violation is still there the second time.
    await page.waitForTimeout(1000);
    serious = await run();
  }
  if (serious.length) {
    throw new Error(`axe on ${name}: ${JSON.stringify(serious, null, 1)}`);
  }
}

async function visit(page, name) {
  await screen(page, name);
  await axe(page, name);
}

const page = await context.newPage();
watch(page);
const ent = user('xinxian') ?? demo.users.find((u) => u.role === 'enterprise');
const longTitle = '超'.repeat(201);
let firstTicket;
let firstNumber;

try {
  await step('the sign-in screen opens on a phone', async () => {
    await page.goto(`${base}/`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('账号').waitFor();
    await visit(page, 'login');
  });

  await step('a wrong password is said so', async () => {
    expectNoise(/status of 401/);
    await page.getByLabel('账号').fill(ent.login);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await page.locator('[data-test=login-error]').waitFor();
  });

  await step('staff land on their desk, not the enterprise app', async () => {
    await page.getByLabel('账号').fill('staff.fin');
    await page.getByLabel('密码').fill(user('staff.fin').password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(/\/desk\/queue/);
    check((await page.locator('[data-test=desk-user]').textContent()).includes('部门工作人员'), 'the role is named');
    await page.locator('[data-test=sign-out]').click();
    await page.waitForURL(/\/login/);
  });

  await step('the enterprise signs in and sees the service list with promised times', async () => {
    await page.getByLabel('账号').fill(ent.login);
    await page.getByLabel('密码').fill(ent.password);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${base}/`);
    await page.getByText('政银企融资对接').waitFor();
    const text = await page.locator('main').textContent();
    check(/\d+ 个工作(日|小时)办结/.test(text), `a promise is shown: ${text.slice(0, 200)}`);
    await visit(page, 'services');
  });

  await step('the filing form promises a deadline from the server', async () => {
    await page.getByText('政银企融资对接').click();
    await page.waitForURL(/\/file/);
    await page.locator('[data-test=promise]').filter({ hasText: /预计 \d+月\d+日 \d\d:\d\d 前办结/ }).waitFor();
    check((await page.locator('#file-category').inputValue()) === 'financing', 'the category is preset');
    await visit(page, 'file');
  });

  await step('a validation error shows on its field', async () => {
    expectNoise(/status of 422/);
    await page.getByLabel('标题').fill(longTitle);
    await page.getByLabel('详细描述').fill('需要流动资金贷款 500 万元，用于采购玻璃基板原料。');
    await page.getByRole('button', { name: '提交诉求' }).click();
    const err = page.locator('[data-test=field-title] .van-field__error-message');
    await err.waitFor();
    check((await err.textContent()).length > 0, 'the title field names the problem');
    check((await page.locator('[data-test=field-description] .van-field__error-message').count()) === 0, 'only the title is marked');
    await screen(page, 'file-validation-error');
  });

  await step('the draft survives closing the page', async () => {
    await page.getByLabel('标题').fill('急需流动资金贷款对接');
    await page.waitForTimeout(100);
    await page.close();
    const again = await context.newPage();
    watch(again);
    await again.goto(`${base}/file`);
    await again.getByLabel('标题').waitFor();
    check((await again.getByLabel('标题').inputValue()) === '急需流动资金贷款对接', 'the title is back');
    check((await again.getByLabel('详细描述').inputValue()).includes('500 万元'), 'the description is back');
    check((await again.locator('#file-category').inputValue()) === 'financing', 'the category is back');
    await screen(again, 'file-draft-restored');
    globalThis.page2 = again;
  });

  const p = globalThis.page2;

  await step('the enterprise files and sees it in my requests', async () => {
    await p.locator('[data-test=promise]').filter({ hasText: /预计/ }).waitFor();
    await p.getByRole('button', { name: '提交诉求' }).click();
    await p.waitForURL(/\/requests\/[0-9a-f-]+$/);
    firstTicket = p.url().split('/').pop();
    firstNumber = (await p.locator('[data-test=ticket-number] .van-cell__value').textContent()).trim();
    check((await p.locator('[data-test=ticket-status]').textContent()).includes('待派单'), 'submitted');
    await visit(p, 'ticket-filed');
    await p.goto(`${base}/requests`);
    await p.locator(`[data-test=ticket-${firstNumber}]`).waitFor();
    check((await p.locator(`[data-test=ticket-${firstNumber}] [data-test=due]`).textContent()).includes('剩余'), 'due in N');
    await visit(p, 'my-requests');
  });

  await step('a filing whose answer is lost after the commit ends as exactly one ticket', async () => {
    let cut = 0;
    expectNoise(/POST .*\/api\/v1\/tickets .*(ERR_CONNECTION_RESET|ERR_FAILED)/);
    expectNoise(/ERR_CONNECTION_RESET|ERR_FAILED/);
    await p.route('**/api/v1/tickets', async (route) => {
      if (route.request().method() === 'POST' && cut === 0) {
        cut += 1;
        await route.fetch(); // the server files it and commits …
        await route.abort('connectionreset'); // … and the answer never arrives
        return;
      }
      await route.continue();
    });
    await p.goto(`${base}/file?category=hiring`);
    await p.getByLabel('标题').fill('招聘 30 名夜班操作工');
    await p.getByLabel('详细描述').fill('新产线投产，急需夜班操作工。');
    await p.getByRole('button', { name: '提交诉求' }).click();
    await p.waitForURL(/\/requests\/[0-9a-f-]+$/, { timeout: 20000 });
    await p.unroute('**/api/v1/tickets');
    check(cut === 1, 'the first answer was cut');
    const list = await api('GET', '/api/v1/tickets?q=%E5%A4%9C%E7%8F%AD&limit=50', await token(ent.login));
    check(list.items.length === 1, `one ticket, not ${list.items.length}`);
    // The console may or may not report the reset; forget the allowance either way.
    expected.length = 0;
  });

  await step('staff dispatch, claim and ask for information through the API', async () => {
    const dispatcher = await token('dispatcher');
    const staff = await token('staff.fin');
    const dept = (await api('GET', '/api/v1/departments?limit=100', dispatcher)).items.find((d) => d.code === 'FIN');
    await api('POST', `/api/v1/tickets/${firstTicket}/dispatch`, dispatcher, { department_id: dept.id });
    await api('POST', `/api/v1/tickets/${firstTicket}/claim`, staff, {});
    await api('POST', `/api/v1/tickets/${firstTicket}/request-info`, staff, {
      message: '请补充近三年的财务报表和贷款用途说明。',
    });
  });

  await step('the enterprise replies in the app', async () => {
    await p.goto(`${base}/requests/${firstTicket}`);
    await p.locator('[data-test=reply-form]').waitFor();
    check((await p.locator('[data-test=ticket-status]').textContent()).includes('待补充材料'), 'awaiting the enterprise');
    check((await p.locator('[data-test=timeline]').textContent()).includes('财务报表'), 'the request is on the timeline');
    const seen = await api('GET', `/api/v1/tickets/${firstTicket}`, await token(ent.login));
    check(seen.allowed_actions?.includes('reply'), `the API allows reply: ${seen.allowed_actions}`);
    check(!seen.allowed_actions.includes('confirm'), 'and not confirm');
    check((await p.locator('[data-test=confirm-form]').count()) === 0, 'no confirm form: the actions come from the API');
    await visit(p, 'ticket-request-info');
    await p.getByLabel('补充说明').fill('已上传 2023–2025 年财务报表，贷款用于采购原材料。');
    await p.getByRole('button', { name: '发送回复' }).click();
    await p.locator('[data-test=ticket-status]', { hasText: '办理中' }).waitFor();
  });

  await step('staff resolve; the enterprise confirms with a rating and sees it closed', async () => {
    const staff = await token('staff.fin');
    await api('POST', `/api/v1/tickets/${firstTicket}/resolve`, staff, {
      resolution: '已对接两家银行，授信 500 万元流动资金贷款已审批。',
    });
    await p.reload();
    await p.locator('[data-test=confirm-form]').waitFor();
    check((await p.locator('[data-test=resolution]').textContent()).includes('授信'), 'the resolution is shown');
    await visit(p, 'ticket-resolved');
    await p.locator('[data-test=rating] label').nth(4).click();
    check(await p.getByLabel('5 星').isChecked(), 'five stars chosen');
    await p.getByLabel('评价意见（选填）').fill('响应很快，感谢！');
    await p.getByRole('button', { name: '提交评价' }).click();
    await p.locator('[data-test=ticket-status]', { hasText: '已关闭' }).waitFor();
    const t = await api('GET', `/api/v1/tickets/${firstTicket}`, await token(ent.login));
    check(t.status === 'closed' && t.rating === 5, `closed with 5 stars: ${t.status} ${t.rating}`);
    await visit(p, 'ticket-closed');
  });

  await step('an expired access token is refreshed silently', async () => {
    expectNoise(/status of 401/);
    const before = await p.evaluate(() => JSON.parse(localStorage.getItem('huying.session')));
    const [h, payload] = before.access.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.exp = Math.floor(Date.now() / 1000) - 3600;
    claims.iat = claims.exp - 900;
    const body = `${h}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
    const sig = createHmac('sha256', SECRET).update(body).digest('base64url');
    const expiredToken = `${body}.${sig}`;
    const probe = await fetch(`${base}/api/v1/me`, { headers: { authorization: `Bearer ${expiredToken}` } });
    check(probe.status === 401 && (await probe.json()).code === 'token_expired', 'the forged token is expired');
    await p.evaluate((tok) => {
      const s = JSON.parse(localStorage.getItem('huying.session'));
      s.access = tok;
      localStorage.setItem('huying.session', JSON.stringify(s));
    }, expiredToken);
    await p.goto(`${base}/requests`);
    await p.locator(`[data-test=ticket-${firstNumber}]`).waitFor();
    const after = await p.evaluate(() => JSON.parse(localStorage.getItem('huying.session')));
    check(after.access !== expiredToken && after.refresh !== before.refresh, 'the tokens were rotated');
    check(p.url().endsWith('/requests'), 'still signed in');
  });

  await step('offline, the installed shell opens and shows the draft', async () => {
    await p.goto(`${base}/file?category=land`);
    await p.getByLabel('标题').fill('标准厂房租赁意向');
    await p.getByLabel('详细描述').fill('需要 2000 平方米标准厂房。');
    await p.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    offline = true;
    await context.setOffline(true);
    await p.reload();
    await p.getByLabel('标题').waitFor();
    check((await p.getByLabel('标题').inputValue()) === '标准厂房租赁意向', 'the draft is shown offline');
    await screen(p, 'offline-draft');
    await context.setOffline(false);
    offline = false;
    await p.goto(`${base}/file`);
    await p.getByRole('button', { name: '清空草稿' }).click();
  });

  await step('me: language switch and sign-out', async () => {
    await p.goto(`${base}/me`);
    await p.getByText('English').waitFor();
    await visit(p, 'me');
    await p.getByText('English').click();
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    await p.goto(`${base}/`);
    await p.getByText('Pick a service').waitFor();
    await visit(p, 'services-english');
    await p.goto(`${base}/me`);
    await p.getByText('简体中文').click();
    await p.getByRole('button', { name: '退出登录' }).click();
    await p.waitForURL(/\/login/);
    const session = await p.evaluate(() => localStorage.getItem('huying.session'));
    check(session === null, 'the session is forgotten');
  });

  await step('an unknown address shows the not-found screen', async () => {
    await p.goto(`${base}/no/such/screen`);
    await p.getByText('您访问的页面不存在。').waitFor();
    await visit(p, 'not-found');
  });

  await deskScenario({ browser, base, demo, step, check, watch, visit, screen, api, token, expectNoise });

  await step('no console errors and no failed requests', async () => {
    check(problems.length === 0, problems.join('\n'));
  });
} catch {
  // Reported by its step.
} finally {
  await browser.close();
  server.stop();
}

if (problems.length && !failed) failed += 1;
console.log(`screenshots: ${out}`);
console.log(`web e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
