// End-to-end: the desks with the keyboard alone. The dispatcher dispatches
// from the call list and a staff member claims and resolves, pressing only
// Tab, Shift+Tab, Enter, Space and the arrow keys (and typing text); at
// every stop the focused control must show a visible focus ring.

/** Tab (or Shift+Tab) until the focus is on, or inside, `selector`. */
async function tabTo(page, selector, { back = false, max = 80 } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    const hit = await page.evaluate((sel) => {
      const a = document.activeElement;
      return !!a && a !== document.body && (a.matches(sel) || !!a.closest(sel));
    }, selector);
    if (hit) return;
  }
  throw new Error(`keyboard: ${selector} not reached in ${max} presses of ${back ? 'Shift+Tab' : 'Tab'}`);
}

/**
 * The focused control's ring, as computed: its own outline, or, where
 * Element Plus hides the native input (checkbox, radio button) or frames it
 * (text field, select), the outline of what is drawn.
 */
async function focusRing(page) {
  return page.evaluate(() => {
    const a = document.activeElement;
    if (!a || a === document.body) return { what: 'nothing focused', ok: false };
    const drawn = a.matches('.el-checkbox__original, .el-radio-button__original-radio')
      ? a.nextElementSibling
      : (a.closest('.el-select__wrapper, .el-input__wrapper') ?? a);
    const s = getComputedStyle(drawn);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
    const shadow = s.boxShadow !== 'none' && a.matches(':focus-visible');
    return {
      what: `${a.tagName.toLowerCase()}.${a.className} → ${drawn.tagName.toLowerCase()}: outline ${s.outlineStyle} ${s.outlineWidth}, shadow ${s.boxShadow}`,
      ok: outline || shadow,
    };
  });
}

export async function keyboardScenario({ step, check, visit, screen, api, token, entToken, desktop, watch, base, user, fin }) {
  const visible = async (page, where) => {
    const ring = await focusRing(page);
    check(ring.ok, `visible focus at ${where}: ${ring.what}`);
  };
  async function signIn(context, login) {
    const page = await context.newPage();
    watch(page);
    await page.goto(`${base}/login`);
    await tabTo(page, '#login');
    await page.keyboard.type(login);
    await page.keyboard.press('Tab');
    await page.keyboard.type(user(login).password);
    await page.keyboard.press('Enter');
    await page.locator('[data-test=desk-user]').waitFor();
    return page;
  }
  /** Open a select from the keyboard and walk its list with the arrows to `text`. */
  async function choose(page, text) {
    await page.keyboard.press('ArrowDown');
    await page.locator('.el-select-dropdown__item:visible').first().waitFor();
    const hovered = page.locator('.el-select-dropdown__item.is-hovering:visible');
    let last = null;
    for (let i = 0; i < 30; i++) {
      // Each press moves the highlight once; wait until it has moved.
      await page.waitForFunction(
        (before) => document.querySelector('.el-select-dropdown__item.is-hovering')?.textContent !== before,
        last,
        { timeout: 2000 },
      ).catch(() => {});
      const now = (await hovered.count()) ? await hovered.first().textContent() : null;
      if (now?.includes(text)) {
        await page.keyboard.press('Enter');
        await page.locator('.el-select-dropdown:visible').waitFor({ state: 'detached' }).catch(() => {});
        return;
      }
      last = now;
      await page.keyboard.press('ArrowDown');
    }
    throw new Error(`keyboard: option ${text} not reached with the arrow keys`);
  }

  const kb = await api('POST', '/api/v1/tickets', entToken, {
    title: '键盘操作：园区路灯损坏',
    description: '园区东门路灯损坏三盏，夜间通行不便。',
    category: 'financing',
  });

  const dispatcherCtx = await desktop();
  await step('desk keyboard: the dispatcher ticks a call and dispatches it without a mouse', async () => {
    const p = await signIn(dispatcherCtx, 'dispatcher');
    await p.locator(`[data-test=row-${kb.number}]`).waitFor();
    await tabTo(p, `tr:has([data-test=row-${kb.number}]) .el-checkbox__original`);
    await visible(p, 'the row checkbox');
    await p.keyboard.press('Space');
    await p.locator('[data-test=bulk-dispatch]:not(.is-disabled)').waitFor();
    await tabTo(p, '[data-test=bulk-dispatch]', { back: true });
    await visible(p, 'the dispatch button');
    await p.keyboard.press('Enter');
    await tabTo(p, '[data-test=dispatch-target]');
    await visible(p, 'the department select');
    await choose(p, fin.name);
    await tabTo(p, '[data-test=dispatch-submit]');
    await visible(p, 'the submit button');
    await screen(p, 'desk-keyboard-dispatch');
    await p.keyboard.press('Enter');
    await p.locator(`[data-test=row-${kb.number}]`).waitFor({ state: 'detached' });
    const t = await api('GET', `/api/v1/tickets/${kb.id}`, await token('dispatcher'));
    check(t.status === 'dispatched' && t.department_id === fin.id, `dispatched by keyboard: ${t.status}`);
  });

  const staffCtx = await desktop();
  await step('desk keyboard: a staff member claims, opens and resolves without a mouse', async () => {
    const p = await signIn(staffCtx, 'staff.fin');
    await p.locator(`[data-test=claim-${kb.number}]`).waitFor();
    await tabTo(p, `[data-test=claim-${kb.number}]`);
    await visible(p, 'the claim button');
    await p.keyboard.press('Enter');
    await p.locator(`[data-test=claim-${kb.number}]`).waitFor({ state: 'detached' });
    await tabTo(p, `[data-test=card-${kb.number}] a`);
    await visible(p, 'the ticket link');
    await p.keyboard.press('Enter');
    await p.waitForURL(new RegExp(`/desk/tickets/${kb.id}$`));
    await p.locator('[data-test=action-resolve]').waitFor();
    await tabTo(p, '[data-test=action-resolve]');
    await visible(p, 'the resolve button');
    await p.keyboard.press('Enter');
    await tabTo(p, '#action-text');
    await visible(p, 'the resolution field');
    await p.keyboard.type('已更换路灯三盏，恢复照明。');
    await tabTo(p, '[data-test=action-submit]');
    await visible(p, 'the submit button');
    await visit(p, 'desk-keyboard-resolve');
    await p.keyboard.press('Enter');
    await p.locator('[data-test=ticket-status]', { hasText: '已办结' }).waitFor();
    const t = await api('GET', `/api/v1/tickets/${kb.id}`, await token('staff.fin'));
    check(t.status === 'resolved', `resolved by keyboard: ${t.status}`);
  });
  return [dispatcherCtx, staffCtx];
}
