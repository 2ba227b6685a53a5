// The verification walk a newcomer does in the browser demo, from the UI alone (no demo API calls from the test):
// as 王芳 add a customer from the demo panel → the sidebar shows them 未实名 → 发送实名邀请 → the link card appears in
// the panel's chat → a click opens the customer's phone beside the sidebar → WeChat authorization (simulated) →
// consent → 填入 a demo CRM identity → 获取验证码 → the code from the phone's SMS inbox → 认证成功 → the sidebar
// shows 已实名. Then a reload of the phone's page keeps the name, number and countdown (not the ID number).
import assert from 'node:assert/strict';
import { openDemo, VIEWPORTS } from './browser.mjs';
import { eventually, FIELDS, SIDEBAR, visible } from './butler-helpers.mjs';

const panel = (page) => page.locator('.pfs-demo:visible');

export const tests = [
  {
    id: 'demo-walk',
    name: 'demo walk: a newcomer verifies a customer from the demo panel alone (link card, phone, CRM identity, SMS inbox)',
    viewport: VIEWPORTS.desktop,
    timeoutMs: 150_000,
    async run({ page, baseUrl, shoot }) {
      const demoCalls = [];
      page.on('request', (req) => {
        if (new URL(req.url()).pathname.startsWith('/api/demo/')) demoCalls.push(req.url());
      });

      // 1. A first visit: the demo signs in as 王芳 and opens 工作台.
      await page.goto(`${baseUrl}/`);
      await visible(page, '.pfs-staff-summary, .pfs-tabbar').first().waitFor();
      assert.match(await panel(page).locator('select[name="staff"] option:checked').textContent(), /王芳/);
      await shoot('demo-walk-01-start');

      // 2. 客户侧: a new WeChat customer adds 王芳 → the app opens the single chat with her (sidebar, 未实名).
      const name = `林小姐${Math.floor(Math.random() * 900 + 100)}`;
      await panel(page).locator('input[name="new-customer"]').fill(name);
      await panel(page).locator('button').filter({ hasText: '添加客户' }).click();
      await visible(page, '.pfs-butler-head__name').filter({ hasText: name }).waitFor({ timeout: 20_000 });
      await visible(page, '.pfs-butler-badge').filter({ hasText: '未实名' }).waitFor();
      assert.equal(await panel(page).locator('select[name="entry"]').inputValue(), 'single_chat_tools');
      assert.match(await panel(page).locator('select[name="contact"] option:checked').textContent(), new RegExp(name));
      await shoot('demo-walk-02-customer-added');

      // 3. 发送实名邀请 in the sidebar → the link card is in the customer's chat in the panel.
      await visible(page, '.pfs-butler-invite .pfs-btn').filter({ hasText: /发送实名邀请|重新发送邀请/ }).click();
      await visible(page, '.pfs-butler-invite__status').filter({ hasText: '已发送邀请' }).waitFor();
      const card = panel(page).locator('.pfs-demo-card').last();
      await card.waitFor();
      assert.match(await card.textContent(), /点击在客户手机中打开/);
      await shoot('demo-walk-03-link-card');

      // 4. The card opens the customer's phone (375 px) beside the sidebar: the landing page names 王芳.
      await card.click();
      const phone = page.locator('.pfs-demo-phone');
      await phone.waitFor();
      const screen = await phone.locator('.pfs-demo-phone__frame').boundingBox();
      assert.ok(screen && screen.width === 375, `the phone is ${screen?.width} px wide`);
      const sidebar = await visible(page, '.pfs-sidebar-layout__main').boundingBox();
      const phoneBox = await phone.boundingBox();
      assert.ok(sidebar && phoneBox && sidebar.x + sidebar.width <= phoneBox.x, 'the phone does not cover the sidebar');
      const customer = page.frameLocator('.pfs-demo-phone__frame');
      await customer.locator('.pfs-verify-landing__advisor').filter({ hasText: '王芳' }).waitFor();
      await shoot('demo-walk-04-phone-landing');

      // 5. WeChat authorization (the simulator, inside the phone) → consent → the form.
      await customer.locator('.pfs-btn').filter({ hasText: '开始认证' }).click();
      await customer.locator('.pfs-verify-consent__title').waitFor();
      await customer.locator('.pfs-verify-check').click();
      await customer.locator('.pfs-btn').filter({ hasText: '同意并继续' }).click();
      await customer.locator(`input[placeholder="${FIELDS.name}"]`).waitFor();
      // Taro's input box is 44 px high around a native input of about 1.5em: the text is centred in it, not at the top.
      const offsets = await customer.locator('.pfs-verify-field__input').evaluateAll((boxes) =>
        boxes.map((box) => {
          const outer = box.getBoundingClientRect();
          const inner = (box.querySelector('input') ?? box).getBoundingClientRect();
          return Math.abs(outer.top + outer.height / 2 - (inner.top + inner.height / 2));
        }),
      );
      assert.equal(offsets.length, 4);
      assert.ok(offsets.every((o) => o < 2), `input text off the middle of its box by ${offsets.join(', ')} px`);
      await shoot('demo-walk-05-phone-form');

      // 6. A demo CRM identity (王芳's own first) → 填入 types it into the phone's form.
      const identity = panel(page).locator('.pfs-demo-identity').first();
      const [idName, idNumber, mobile] = await Promise.all([
        identity.locator('.pfs-demo-identity__name').evaluate((el) => el.firstChild?.textContent ?? ''),
        identity.locator('.pfs-demo-identity__line').nth(0).textContent(),
        identity.locator('.pfs-demo-identity__line').nth(1).textContent(),
      ]);
      const person = { name: idName.trim(), idNumber: idNumber.replace('身份证', '').trim(), phone: mobile.replace('手机', '').trim() };
      assert.match(person.idNumber, /^\d{17}[\dX]$/);
      assert.match(person.phone, /^1\d{10}$/);
      await identity.locator('button').filter({ hasText: '填入' }).click();
      assert.equal(await customer.locator(`input[placeholder="${FIELDS.name}"]`).inputValue(), person.name);
      assert.equal(await customer.locator(`input[placeholder="${FIELDS.idNumber}"]`).inputValue(), person.idNumber);
      assert.equal(await customer.locator(`input[placeholder="${FIELDS.phone}"]`).inputValue(), person.phone);
      await shoot('demo-walk-06-identity-filled');

      // 7. 获取验证码 → the code arrives in the phone's SMS inbox.
      await customer.locator('.pfs-btn').filter({ hasText: '获取验证码' }).click();
      await customer.locator('.pfs-btn').filter({ hasText: /秒后重发/ }).waitFor();
      assert.equal(await phone.locator('.pfs-demo-phone__sms-number').textContent(), person.phone);
      const sms = phone.locator('.pfs-demo-phone__sms-item--new');
      await sms.waitFor({ timeout: 10_000 });
      const code = /(\d{6})/.exec(await sms.textContent())?.[1];
      assert.ok(code, 'a six-digit code in the SMS');
      await shoot('demo-walk-07-sms-inbox');

      // 8. A reload of the phone's page keeps name, number and the countdown; the ID number is typed again.
      await customer.locator('body').evaluate(() => globalThis.location.reload());
      await customer.locator(`input[placeholder="${FIELDS.name}"]`).waitFor();
      assert.equal(await customer.locator(`input[placeholder="${FIELDS.name}"]`).inputValue(), person.name);
      assert.equal(await customer.locator(`input[placeholder="${FIELDS.phone}"]`).inputValue(), person.phone);
      assert.equal(await customer.locator(`input[placeholder="${FIELDS.idNumber}"]`).inputValue(), '');
      await customer.locator('.pfs-btn').filter({ hasText: /秒后重发/ }).waitFor();
      await customer.locator(`input[placeholder="${FIELDS.idNumber}"]`).fill(person.idNumber);

      // 9. The code, 提交认证 → 认证成功 on the phone; the sidebar turns 已实名 by itself.
      await customer.locator(`input[placeholder="${FIELDS.smsCode}"]`).fill(code);
      await customer.locator('.pfs-btn').filter({ hasText: '提交认证' }).click();
      await customer.locator('.pfs-verify-result__title').filter({ hasText: '认证成功' }).waitFor({ timeout: 15_000 });
      await visible(page, '.pfs-butler-badge').filter({ hasText: '已实名' }).waitFor({ timeout: 10_000 });
      await shoot('demo-walk-08-verified');

      // Everything above went through the page: the test itself called no demo endpoint (page requests only).
      assert.ok(demoCalls.some((url) => url.includes('/api/demo/sms-inbox')), 'the phone read its SMS inbox');
    },
  },

  {
    id: 'demo-switch-staff',
    name: 'demo panel: switching staff in a single chat shows the new member’s customer in the sidebar, also after a reload',
    viewport: VIEWPORTS.desktop,
    async run({ page, baseUrl, shoot }) {
      await openDemo(page, baseUrl, { route: SIDEBAR, wecomUserId: 'wangfang', entry: 'single_chat_tools' });
      const name = () => visible(page, '.pfs-butler-head__name').textContent();
      const chosen = () => panel(page).locator('select[name="contact"] option:checked').textContent();
      await visible(page, '.pfs-butler-head__name').waitFor();
      const wangfangsCustomer = (await name()).trim();
      assert.equal(wangfangsCustomer, (await chosen()).trim());

      await panel(page).locator('select[name="staff"]').selectOption('lijun');
      await eventually('the sidebar follows 李军’s customer', async () => {
        const shown = (await name().catch(() => '')).trim();
        return shown && shown !== wangfangsCustomer && shown === (await chosen()).trim();
      });
      assert.equal(await page.getByText('暂无该客户信息').count(), 0);
      assert.match(await visible(page, '.pfs-sidebar__footer').textContent(), /李军/);
      await shoot('demo-switch-01-after-switch');

      await page.reload();
      await visible(page, '.pfs-butler-head__name').waitFor();
      assert.equal((await name()).trim(), (await chosen()).trim());
      assert.notEqual((await name()).trim(), wangfangsCustomer);
      assert.equal(await page.getByText('暂无该客户信息').count(), 0);
      await shoot('demo-switch-02-after-reload');
    },
  },
];
