// Browser tests of the mini-program shell (issue #4) against the real BFF: demo login through the
// "企业微信环境（演示）" switcher (POST /api/demo/login-code, then POST /api/auth/wecom), every tab, the chat-toolbar
// sidebar, and 报表 by role. Each test ({id, name, viewport, run}) gets a fresh Chromium profile; `run.mjs` runs
// them and saves the screenshots.
import assert from 'node:assert/strict';
import { VIEWPORTS, openDemo } from './browser.mjs';

const ROUTES = {
  workbench: '/workbench/pages/index',
  reports: '/reports/pages/index',
  sidebar: '/sidebar/pages/index',
};

const ADVISOR_TABS = ['工作台', '客户', '图册', '我的'];
const MANAGER_TABS = ['工作台', '客户', '图册', '报表', '我的'];

// Taro's H5 router keeps hidden pages in the DOM; only the visible page counts.
const visible = (page, selector) => page.locator(`${selector}:visible`);

async function text(page, selector) {
  return (await visible(page, selector).first().textContent())?.trim() ?? '';
}

/** Loaded: nothing busy (login, lists), and no error state or failed-login state anywhere on the page. */
async function settled(page) {
  await page.waitForFunction(() => !globalThis.document.querySelector('[aria-busy="true"]'));
  const errors = await visible(page, '.pfs-state--error').allTextContents();
  assert.deepEqual(errors, [], 'an error state is showing');
}

async function tabLabels(page) {
  return (await visible(page, '.pfs-tabbar__label').allTextContents()).map((s) => s.trim());
}

/** Waits for a tab page with this heading, settled. */
async function onTab(page, heading) {
  await visible(page, '.pfs-tab-layout__title').filter({ hasText: heading }).waitFor();
  await visible(page, '.pfs-tabbar').waitFor();
  await settled(page);
  assert.equal(await text(page, '.pfs-tab-layout__title'), heading);
}

async function openTab(page, label) {
  await visible(page, '.pfs-tabbar__item').filter({ hasText: label }).click();
  await onTab(page, label);
  assert.equal(await visible(page, '.pfs-tabbar__item--active').count(), 1);
  assert.equal(await text(page, '.pfs-tabbar__item--active'), label);
}

/** A tab whose tool has not landed: the signed-in staff member and the tool's "coming soon" state. */
async function assertComingSoon(page, { feature, staffName }) {
  assert.equal(await text(page, '.pfs-state--empty .pfs-state__title'), `${feature}即将上线`);
  assert.equal(await text(page, '.pfs-staff__name'), staffName);
}

/** On a phone the switcher is a collapsed bar; on a desktop it is docked open. */
async function openSwitcher(page) {
  const bar = visible(page, '.pfs-demo__bar');
  if ((await bar.getAttribute('aria-expanded')) === 'false' && (await visible(page, 'select[name="entry"]').count()) === 0) await bar.click();
  await visible(page, 'select[name="entry"]').waitFor();
}

async function closeSwitcher(page) {
  const bar = visible(page, '.pfs-demo__bar');
  if ((await bar.getAttribute('aria-expanded')) === 'true') await bar.click();
}

/** Records every /api answer (method, path, status) the page received. */
function recordApi(page) {
  const answers = [];
  page.on('response', (res) => {
    const url = new URL(res.url());
    if (url.pathname.startsWith('/api/')) answers.push({ method: res.request().method(), path: url.pathname, status: res.status() });
  });
  return answers;
}

async function bffJson(baseUrl, path) {
  const res = await fetch(`${baseUrl}${path}`);
  assert.equal(res.status, 200, `GET ${path}`);
  return res.json();
}

export const tests = [
  {
    id: 'advisor-tabs',
    name: 'advisor: first visit logs in as 王芳 through the demo bridge; every tab renders',
    viewport: VIEWPORTS.phone,
    async run({ page, baseUrl, shoot }) {
      const api = recordApi(page);
      // A fresh profile: no demo context, no session. The launch page relaunches into 工作台.
      await page.goto(`${baseUrl}/`);
      await page.waitForURL(new RegExp(`#${ROUTES.workbench}`));
      await onTab(page, '工作台');

      // The login went through the simulated WeCom client: a login code, then the BFF's WeCom login.
      const calls = api.map((a) => `${a.method} ${a.path} ${a.status}`);
      assert.ok(calls.includes('GET /api/demo/staff 200'), calls.join('\n'));
      assert.ok(calls.includes('POST /api/demo/login-code 200'), calls.join('\n'));
      assert.ok(calls.includes('POST /api/auth/wecom 200'), calls.join('\n'));
      assert.ok(calls.indexOf('POST /api/demo/login-code 200') < calls.indexOf('POST /api/auth/wecom 200'));

      // The demo's default staff member is the advisor 王芳, and the switcher says so.
      assert.match(await text(page, '.pfs-demo__summary'), /^王芳 · 普通入口$/);
      await assertComingSoon(page, { feature: '员工工作台', staffName: '王芳' });
      assert.match(await text(page, '.pfs-staff__unit'), /国贸网点/);
      assert.deepEqual(await tabLabels(page), ADVISOR_TABS, 'an advisor does not see 报表');
      await shoot('phone-advisor-workbench');

      await openTab(page, '客户');
      await visible(page, '.pfs-customer-row').first().waitFor();
      assert.match(await text(page, '.pfs-customers__count'), /^共 \d+ 位客户$/);
      await shoot('phone-advisor-customers');

      await openTab(page, '图册');
      await visible(page, '.pfs-product').first().waitFor();
      assert.match(await text(page, '.pfs-products__count'), /^共 \d+ 款在售产品$/);
      await shoot('phone-advisor-brochure');

      await openTab(page, '我的');
      const rows = Object.fromEntries(
        await visible(page, '.pfs-me__row').evaluateAll((els) =>
          els.map((el) => [el.querySelector('.pfs-me__key')?.textContent?.trim(), el.querySelector('.pfs-me__value')?.textContent?.trim()]),
        ),
      );
      assert.equal(rows['姓名'], '王芳');
      assert.equal(rows['企业微信账号'], 'wangfang');
      assert.equal(rows['角色'], '理财经理');
      assert.match(rows['所属机构'] ?? '', /国贸网点/);
      assert.equal(rows['运行环境'], '浏览器演示环境');
      assert.match(rows['登录有效期至'] ?? '', /\d/);
      assert.equal(await visible(page, '.pfs-btn').filter({ hasText: '退出登录' }).count(), 1);
      await shoot('phone-advisor-me');

      // Every tab fits the 375 px phone: nothing wider than the viewport.
      assert.ok((await page.evaluate(() => globalThis.document.documentElement.scrollWidth)) <= VIEWPORTS.phone.width);

      // A deep link to 报表 keeps the session (stored token, GET /api/me) and shows the role guard.
      await page.goto(`${baseUrl}/#${ROUTES.reports}`);
      await onTab(page, '报表');
      assert.equal(await text(page, '.pfs-state__title'), '无权查看');
      assert.deepEqual(await tabLabels(page), ADVISOR_TABS);
      await shoot('phone-advisor-reports-denied');
      assert.equal(api.filter((a) => a.path === '/api/auth/wecom').length, 1, 'one login for the whole visit');
    },
  },

  {
    id: 'sidebar-single-chat',
    name: 'single chat: switching the WeCom context to 单聊工具栏 with a customer opens the sidebar',
    viewport: VIEWPORTS.phone,
    async run({ page, baseUrl, shoot }) {
      const contacts = await bffJson(baseUrl, '/api/demo/contacts?wecomUserId=wangfang');
      assert.ok(contacts.length >= 2, '王芳 has demo customers');
      const customer = contacts[1];

      await page.goto(`${baseUrl}/`);
      await onTab(page, '工作台');
      await openSwitcher(page);
      await visible(page, 'select[name="entry"]').selectOption('single_chat_tools');
      await page.waitForURL(new RegExp(`#${ROUTES.sidebar}`));
      await visible(page, '.pfs-sidebar-layout').waitFor();

      // WeCom would report the customer of the open chat: pick one in the switcher.
      await openSwitcher(page);
      const contactSelect = visible(page, 'select[name="contact"]');
      await contactSelect.waitFor();
      await page.waitForFunction(() => !globalThis.document.querySelector('select[name="contact"]:disabled'));
      await contactSelect.selectOption(customer.externalUserId);
      assert.equal(await contactSelect.locator('option:checked').textContent(), customer.name);
      await visible(page, '.pfs-butler-head__name').filter({ hasText: customer.name }).waitFor();
      await closeSwitcher(page);
      await settled(page);

      // The sidebar layout: the customer butler's profile of the current customer, who serves; no tab bar, no heading.
      assert.match(await text(page, '.pfs-butler-badge'), /^(已实名|未实名)$/);
      assert.match(await text(page, '.pfs-sidebar__footer'), /^服务人员：王芳 · 国贸网点/);
      assert.equal(await visible(page, '.pfs-tabbar').count(), 0);
      assert.equal(await visible(page, '.pfs-tab-layout__title').count(), 0);
      assert.match(await text(page, '.pfs-demo__summary'), /^王芳 · 单聊工具栏$/);
      const box = await visible(page, '.pfs-sidebar-layout__main').boundingBox();
      assert.ok(box && box.width <= 375, `sidebar column is ${box?.width} px wide`);
      assert.ok((await page.evaluate(() => globalThis.document.documentElement.scrollWidth)) <= VIEWPORTS.phone.width);
      await shoot('phone-sidebar-single-chat');

      // A reload keeps the simulated context (the switcher persists it) and lands on the same customer.
      await page.reload();
      await visible(page, '.pfs-butler-head__name').filter({ hasText: customer.name }).waitFor();
      await settled(page);
    },
  },

  {
    id: 'desktop-roles',
    name: 'roles on a desktop: 王芳 has no 报表; switching to the manager 赵敏 shows it',
    viewport: VIEWPORTS.desktop,
    async run({ page, baseUrl, shoot }) {
      await page.goto(`${baseUrl}/`);
      await onTab(page, '工作台');
      await assertComingSoon(page, { feature: '员工工作台', staffName: '王芳' });
      assert.deepEqual(await tabLabels(page), ADVISOR_TABS);
      // Docked open at 1280 px, with the default staff member selected.
      await visible(page, 'select[name="staff"]').waitFor();
      assert.equal(await visible(page, 'select[name="staff"]').inputValue(), 'wangfang');
      await shoot('desktop-advisor-workbench');

      await openSwitcher(page);
      await visible(page, 'select[name="staff"]').selectOption('zhaomin');
      await visible(page, '.pfs-staff__name').filter({ hasText: '赵敏' }).waitFor();
      await onTab(page, '工作台');
      assert.deepEqual(await tabLabels(page), MANAGER_TABS);

      await openTab(page, '报表');
      await visible(page, '.pfs-funnel').first().waitFor();
      assert.match(await text(page, '.pfs-report__heading'), /实名认证转化漏斗/);
      await shoot('desktop-manager-reports');
    },
  },

  {
    id: 'phone-manager',
    name: 'roles on a phone: the sub-branch manager 陈静 sees 报表 (context preset in the switcher’s storage)',
    viewport: VIEWPORTS.phone,
    async run({ page, baseUrl, shoot }) {
      await openDemo(page, baseUrl, { route: ROUTES.reports, wecomUserId: 'chenjing' });
      await onTab(page, '报表');
      await visible(page, '.pfs-funnel').first().waitFor();
      assert.deepEqual(await tabLabels(page), MANAGER_TABS);
      assert.match(await text(page, '.pfs-demo__summary'), /^陈静 · 普通入口$/);
      assert.ok((await page.evaluate(() => globalThis.document.documentElement.scrollWidth)) <= VIEWPORTS.phone.width);
      await shoot('phone-manager-reports');
    },
  },
];
