// Browser story of the tabs per role and the audit log (issue #13, 2.5 and 3.5): the operations officer 孙晓雯 and
// the compliance officer 钱正, picked in the demo panel, see only the tabs they can use and each tab does something
// (图册 lists the products, 报表 the funnel, 审计 the audit log); 钱正 finds the sub-branch manager 陈静's ID-number
// reveal in the audit log, reveals that customer's number herself for a case, sees her own reveal (with the case
// reference) at the top of the log, and exports the selection as CSV.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VIEWPORTS } from './browser.mjs';
import { api, visible } from './butler-helpers.mjs';

const CASE_REF = 'HG-2026-0153';

async function text(page, selector) {
  return (await visible(page, selector).first().textContent())?.trim() ?? '';
}

async function tabLabels(page) {
  return (await visible(page, '.pfs-tabbar__label').allTextContents()).map((s) => s.trim());
}

/** A tab page with this heading, nothing busy, no error state. */
async function onTab(page, heading) {
  await visible(page, '.pfs-tab-layout__title').filter({ hasText: heading }).waitFor();
  await visible(page, '.pfs-tabbar').waitFor();
  await page.waitForFunction(() => !globalThis.document.querySelector('[aria-busy="true"]'));
  assert.deepEqual(await visible(page, '.pfs-state--error').allTextContents(), [], 'an error state is showing');
}

async function openTab(page, label) {
  await visible(page, '.pfs-tabbar__item').filter({ hasText: label }).click();
  await onTab(page, label);
}

/** Picks a staff member in the demo panel (a collapsed bar on a phone); the app relaunches on their first tab. */
async function switchStaff(page, wecomUserId, name) {
  const bar = visible(page, '.pfs-demo__bar');
  if ((await bar.getAttribute('aria-expanded')) === 'false') await bar.click();
  await visible(page, 'select[name="staff"]').selectOption(wecomUserId);
  await visible(page, '.pfs-demo__summary').filter({ hasText: name }).waitFor();
  // The switch relaunches the app, which mounts the panel anew (collapsed): a click that lands on the new panel
  // would open it again. Collapse until it stays collapsed.
  for (let stable = 0, tries = 0; stable < 2 && tries < 20; tries++) {
    const current = visible(page, '.pfs-demo__bar');
    if ((await current.getAttribute('aria-expanded')) === 'true') {
      stable = 0;
      await current.click();
    } else stable += 1;
    await page.waitForTimeout(250);
  }
}

/** 陈静 reveals a verified customer's ID number through the API (what her customer page does), for 钱正 to find. */
async function managerReveals(baseUrl) {
  const { code } = await api(baseUrl, 'POST', '/api/demo/login-code', { wecomUserId: 'chenjing' });
  const { token } = await api(baseUrl, 'POST', '/api/auth/wecom', { code });
  const auth = { authorization: `Bearer ${token}` };
  const list = await (await fetch(`${baseUrl}/api/customers?verified=true&pageSize=1`, { headers: auth })).json();
  const customerId = list.items[0].id;
  const res = await fetch(`${baseUrl}/api/customers/${customerId}/id-number/reveal`, {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ reason: '客户临柜办理业务核对身份' }),
  });
  assert.equal(res.status, 200, 'the manager may reveal in her subtree');
  return customerId;
}

export const tests = [
  {
    id: 'audit-roles',
    name: 'operations and compliance see only their tabs; 钱正 reads the audit log, reveals for a case, exports CSV',
    viewport: VIEWPORTS.phone,
    timeoutMs: 90_000,
    async run({ page, baseUrl, shoot }) {
      const customerId = await managerReveals(baseUrl);
      await page.goto(`${baseUrl}/`);
      await onTab(page, '工作台');

      // 孙晓雯 (operations): 图册 and 报表, no 客户 (which would only say 没有权限), no 工作台, no 审计.
      await switchStaff(page, 'yunying', '孙晓雯');
      await onTab(page, '图册');
      assert.deepEqual(await tabLabels(page), ['图册', '报表', '我的']);
      await visible(page, '.pfs-product').first().waitFor();
      assert.match(await text(page, '.pfs-products__count'), /^共 \d+ 款在售产品$/);
      await shoot('phone-operations-brochure');
      await openTab(page, '报表');
      await visible(page, '.pfs-funnel').first().waitFor();

      // 钱正 (compliance): 图册 and 审计.
      await switchStaff(page, 'hegui', '钱正');
      await onTab(page, '图册');
      assert.deepEqual(await tabLabels(page), ['图册', '审计', '我的']);
      await openTab(page, '审计');
      await visible(page, '.pfs-audit-row').first().waitFor();
      assert.match(await text(page, '.pfs-customers__count'), /^共 \d+ 条记录 · 本次查阅已记录审计$/);
      await shoot('phone-compliance-audit-log');

      // Only the reveals: 陈静's is there, with her unit, the customer and her reason.
      await visible(page, '.pfs-audit [role="radio"]').filter({ hasText: '查看完整证件号' }).click();
      await onTab(page, '审计');
      const managers = visible(page, '.pfs-audit-row').filter({ hasText: '陈静（朝阳支行）' });
      await managers.first().waitFor();
      assert.match(await managers.first().textContent(), new RegExp(`客户 ${customerId}.*原因：客户临柜办理业务核对身份`));

      // 钱正 reveals the same customer's number: a case reference is required.
      await managers.first().locator('.pfs-audit-row__link').click();
      const reveal = visible(page, '.pfs-audit-row__reveal');
      await reveal.getByText('查看完整证件号').click();
      await visible(page, 'input[name="revealReason"]').fill('监管问询核查');
      await reveal.getByText('确认查看').click();
      assert.match(await text(page, '.pfs-id-reveal__error'), /请填写案件编号/);
      await visible(page, 'input[name="revealCaseRef"]').fill(CASE_REF);
      await reveal.getByText('确认查看').click();
      await visible(page, '.pfs-id-reveal__value--full').waitFor();
      assert.match(await text(page, '.pfs-id-reveal__value--full'), /^\d{17}[\dX]$/);
      await shoot('phone-compliance-reveal-for-a-case');

      // Her own reveal is now the newest, with the case reference; the full number is nowhere in the log.
      const full = await text(page, '.pfs-id-reveal__value--full');
      await visible(page, '.pfs-audit .pfs-btn').filter({ hasText: '查询' }).click();
      await onTab(page, '审计');
      const newest = visible(page, '.pfs-audit-row').first();
      await newest.filter({ hasText: '钱正（北京分行）' }).waitFor();
      assert.match(await newest.textContent(), new RegExp(`案件编号 ${CASE_REF} · 原因：监管问询核查`));
      assert.ok(!(await visible(page, '.pfs-audit__list').textContent()).includes(full));

      // Export the selection as CSV (a download in the browser); the export itself is audited.
      const [download] = await Promise.all([page.waitForEvent('download'), visible(page, '.pfs-audit .pfs-btn').filter({ hasText: '导出CSV' }).click()]);
      assert.match(download.suggestedFilename(), /^audit-log-\d{8}\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8');
      assert.equal(csv.charCodeAt(0), 0xfeff);
      assert.match(csv, /"时间（北京时间）","操作"/);
      assert.match(csv, new RegExp(`caseRef=${CASE_REF}`));
      assert.ok(!csv.includes(full));
      await visible(page, '.pfs-audit__note').filter({ hasText: '本次导出已记录审计' }).waitFor();
      await shoot('phone-compliance-audit-exported');
    },
  },
];
