// Browser test of the customer butler (issue #5) against the real BFF and its in-process simulator, end to end:
// the simulated customer adds the demo advisor 王芳 → WeCom callback → the advisor's sidebar (demo context: single
// chat with that customer) shows 未实名 → 发送实名邀请 → the news card is recorded → the customer opens the link in a
// second browser (phone) → WeChat OAuth through the simulator → consent → form (a bad ID number first) → SMS code
// → 认证成功 → the advisor's sidebar shows 已实名 with the CRM profile and recommendations, without a reload.
import assert from 'node:assert/strict';
import { openDemo, VIEWPORTS } from './browser.mjs';
import { api, breakCheckDigit, demoCrmIdentity, eventually, field, FIELDS, newCustomer, openOnPhone, openSidebar, phoneAtForm, sendInvitation, SIDEBAR, visible } from './butler-helpers.mjs';

export const tests = [
  {
    id: 'butler-invite-verify',
    name: 'customer butler: invitation from the sidebar, verification on the customer’s phone, CRM profile in the sidebar',
    viewport: VIEWPORTS.desktop,
    timeoutMs: 120_000,
    async run({ page, baseUrl, shoot, shootPage, watch }) {
      // 1. The simulated WeChat customer adds 王芳 (callback → queue → customer + relationship).
      const { externalUserId } = await api(baseUrl, 'POST', '/api/demo/customer-adds-advisor', { userId: 'wangfang', name: '林小姐' });
      assert.ok(externalUserId);
      await eventually('the new contact reaches 王芳’s contacts', async () => {
        const contacts = await api(baseUrl, 'GET', '/api/demo/contacts?wecomUserId=wangfang');
        return contacts.some((c) => c.externalUserId === externalUserId);
      });

      // 2. The advisor's sidebar in a single chat with that customer: unverified.
      await openDemo(page, baseUrl, { route: SIDEBAR, wecomUserId: 'wangfang', entry: 'single_chat_tools', externalUserId });
      await visible(page, '.pfs-butler-badge').filter({ hasText: '未实名' }).waitFor();
      assert.equal((await visible(page, '.pfs-butler-head__name').textContent()).trim(), '林小姐');
      const column = await visible(page, '.pfs-sidebar-layout__main').boundingBox();
      assert.ok(column && column.width <= 375, `sidebar column is ${column?.width} px wide`);
      await shoot('butler-01-sidebar-unverified');

      // 3. 发送实名邀请 (重新发送邀请 when the welcome message already carried one) → the news card goes into the
      //    chat (the demo records it) → the sidebar waits for the customer.
      const newsCards = async () =>
        (await api(baseUrl, 'GET', '/api/demo/chat-messages')).filter((m) => m.externalUserId === externalUserId && m.message?.msgtype === 'news');
      const before = (await newsCards()).length;
      await visible(page, '.pfs-butler-invite .pfs-btn').filter({ hasText: /发送实名邀请|重新发送邀请/ }).click();
      const sent = await eventually('the news card is recorded', async () => {
        const cards = await newsCards();
        return cards.length > before && cards.at(-1);
      });
      await visible(page, '.pfs-butler-invite__status').filter({ hasText: '已发送邀请' }).waitFor();
      await visible(page, '.pfs-btn').filter({ hasText: '重新发送邀请' }).waitFor();
      const card = sent.message.news;
      assert.equal(sent.wecomUserId, 'wangfang');
      assert.ok(card.title && card.link, 'the card has a title and a link');
      assert.match(card.link, /#\/verify\/pages\/index\?t=/);
      await shoot('butler-02-sidebar-invited');

      // 4. The customer's phone: a second browser, nothing shared with the advisor's.
      const identity = await demoCrmIdentity(baseUrl);
      const { phone, customer } = await openOnPhone(card.link, watch);
      try {
        await customer.locator('.pfs-verify-landing__advisor').filter({ hasText: '王芳' }).waitFor();
        await shootPage(customer, 'butler-03-customer-landing');

        // 5. WeChat OAuth through the simulator (full-page redirects), back with an H5 session → consent.
        const callback = customer.waitForResponse((res) => new URL(res.url()).pathname === '/api/h5/oauth/callback');
        await customer.locator('.pfs-btn').filter({ hasText: '开始认证' }).click();
        const handedOver = (await callback).headers().location ?? '';
        assert.match(handedOver, /#\/verify\/pages\/index\?s=[^&]+$/, 'the callback hands the page an H5 session');
        assert.doesNotMatch(handedOver, /[?&]t=/, 'the login never hands out the link token');
        await customer.locator('.pfs-verify-consent__title').waitFor();
        // …which the page keeps for this tab and takes out of the address bar (a reload or a screenshot has no session).
        assert.doesNotMatch(customer.url(), /[?&]s=/);
        assert.match(customer.url(), /#\/verify\/pages\/index\?t=/);
        const agree = customer.locator('.pfs-btn').filter({ hasText: '同意并继续' });
        assert.equal(await agree.getAttribute('disabled'), '', 'agreeing needs the tick first');
        await shootPage(customer, 'butler-04-customer-consent');
        await customer.locator('.pfs-verify-check').click();
        await agree.click();

        // 6. The form: a wrong check digit is refused on the page, nothing sent.
        await field(customer, '与身份证一致').waitFor();
        await field(customer, '与身份证一致').fill(identity.name);
        await field(customer, '18位居民身份证号码').fill(breakCheckDigit(identity.idNumber));
        await field(customer, '本人实名登记的手机号').fill(identity.phone);
        await field(customer, '6位数字').fill('000000');
        await customer.locator('.pfs-btn').filter({ hasText: '提交认证' }).click();
        const idError = customer.locator('.pfs-verify-field__error');
        await idError.waitFor();
        assert.match(await idError.textContent(), /身份证/);
        await shootPage(customer, 'butler-05-customer-bad-id');

        // 7. Corrected number, SMS code from the simulated gateway, submit → 认证成功.
        await field(customer, '18位居民身份证号码').fill(identity.idNumber);
        await customer.locator('.pfs-btn').filter({ hasText: '获取验证码' }).click();
        await customer.locator('.pfs-btn').filter({ hasText: /秒后重发/ }).waitFor();
        const { code } = await eventually('the SMS code arrives', () => api(baseUrl, 'GET', `/api/demo/sms-last-code?phone=${identity.phone}`));
        await field(customer, '6位数字').fill(code);
        await shootPage(customer, 'butler-06-customer-form');
        await customer.locator('.pfs-btn').filter({ hasText: '提交认证' }).click();
        await customer.locator('.pfs-verify-result__title').filter({ hasText: '认证成功' }).waitFor({ timeout: 15_000 });
        await shootPage(customer, 'butler-07-customer-verified');
      } finally {
        await phone.close();
      }

      // 8. The advisor's sidebar picks it up by itself (1 s poll): verified, CRM profile, recommendations.
      const started = Date.now();
      await visible(page, '.pfs-butler-badge').filter({ hasText: '已实名' }).waitFor({ timeout: 5_000 });
      const seenAfterMs = Date.now() - started;
      await visible(page, '.pfs-butler-aum').waitFor();
      const crmText = await visible(page, '.pfs-butler').textContent();
      assert.match(crmText, /行内客户信息/);
      assert.match(crmText, /C[1-5] /, 'risk level shown');
      assert.match(crmText, /推荐产品/);
      assert.ok(!crmText.includes(identity.idNumber), 'the full ID number never reaches the sidebar');
      assert.ok(!crmText.includes(identity.phone), 'the full phone number never reaches the sidebar');
      console.log(`    sidebar showed 已实名 ${seenAfterMs} ms after 认证成功`);
      await shoot('butler-08-sidebar-verified');
      await visible(page, '.pfs-butler-engagement').scrollIntoViewIfNeeded();
      await shoot('butler-09-sidebar-verified-lower');

      // 9. 客户 tab: the 已实名 filter lists the customer; the row opens the same profile as a page.
      await page.goto(`${baseUrl}/#/customers/pages/index`);
      await visible(page, '.pfs-customer-row').first().waitFor();
      await visible(page, '.pfs-chip').filter({ hasText: /^已实名$/ }).click();
      const row = visible(page, '.pfs-customer-row').filter({ hasText: '林小姐' });
      await row.waitFor();
      assert.match(await row.textContent(), /已实名/);
      await shoot('butler-10-customers-verified-filter');
      await row.click();
      await visible(page, '.pfs-customer-detail .pfs-butler-badge').filter({ hasText: '已实名' }).waitFor();
      await visible(page, '.pfs-customer-detail .pfs-butler-aum').waitFor();
      await shoot('butler-11-customer-detail');

      // 10. The manager 赵敏's 报表: the funnel counts the invitation through to 已实名, by unit and by advisor.
      await openDemo(page, baseUrl, { route: '/reports/pages/index', wecomUserId: 'zhaomin' });
      await visible(page, '.pfs-funnel').first().waitFor();
      await visible(page, '.pfs-chip').filter({ hasText: '按客户经理' }).click();
      const advisorRow = visible(page, '.pfs-funnel').filter({ hasText: '王芳' });
      await advisorRow.waitFor();
      const widths = await advisorRow.locator('.pfs-funnel__bar').evaluateAll((bars) => bars.map((b) => b.style.width));
      assert.equal(widths[0], '100%', 'the invited bar is the full width');
      assert.ok(widths.every((w) => /^\d+(\.\d)?%$/.test(w)), `bar widths ${widths}`);
      assert.notEqual(widths[3], '0%', 'the verification shows in the 已实名 bar');
      await shoot('butler-13-manager-funnel');
    },
  },

  {
    id: 'butler-bad-links',
    name: 'customer butler: a forged or missing invitation link says so in Chinese, without any advisor login',
    viewport: VIEWPORTS.phone,
    async run({ page, baseUrl, shoot }) {
      const calls = [];
      page.on('request', (req) => calls.push(new URL(req.url()).pathname));
      await page.goto(`${baseUrl}/#/verify/pages/index?t=${'A'.repeat(30)}.${'B'.repeat(20)}`);
      await page.locator('.pfs-verify-result__title').filter({ hasText: '链接无效' }).waitFor();
      assert.match(await page.locator('.pfs-verify-result__text').textContent(), /邀请链接无效/);
      assert.equal(await page.locator('.pfs-tabbar, .pfs-demo').count(), 0, 'no tab bar, no demo switcher');
      assert.ok(!calls.some((p) => p.startsWith('/api/auth') || p.startsWith('/api/demo/login-code')), 'no advisor login on the customer page');
      await shoot('butler-12-customer-forged-link');
      await page.goto(`${baseUrl}/#/verify/pages/index`);
      await page.reload();
      await page.locator('.pfs-verify-result__title').filter({ hasText: '链接无效' }).waitFor();
    },
  },

  {
    id: 'butler-link-new-tab',
    name: 'customer butler: after the WeChat login, the invitation link opened again in a new tab logs in again and goes on',
    viewport: VIEWPORTS.desktop,
    async run({ page, baseUrl, watch }) {
      const externalUserId = await newCustomer(baseUrl, '新标签');
      await openSidebar(page, baseUrl, externalUserId);
      const link = await sendInvitation(page, externalUserId);
      // First tab: the WeChat login and consent, up to the form.
      const { phone, customer } = await phoneAtForm(link, watch);
      try {
        // A new tab of the same phone browser (its own, empty sessionStorage): the link again.
        const again = watch(await phone.context.newPage());
        again.setDefaultTimeout(10_000);
        await again.goto(link);
        const callback = again.waitForResponse((res) => new URL(res.url()).pathname === '/api/h5/oauth/callback');
        await again.locator('.pfs-btn').filter({ hasText: '开始认证' }).click();
        const handedOver = (await callback).headers().location ?? '';
        assert.match(handedOver, /#\/verify\/pages\/index\?s=[^&]+$/, `a new session for the new tab (${handedOver})`);
        await field(again, FIELDS.name).waitFor();
        assert.equal(await again.locator('.pfs-verify-result__title').filter({ hasText: '链接无效' }).count(), 0);
        assert.match(again.url(), /#\/verify\/pages\/index\?t=/, 'the address bar shows the link again');
        // The first tab still has its own session.
        await customer.reload();
        await field(customer, FIELDS.name).waitFor();
      } finally {
        await phone.close();
      }
    },
  },
];
