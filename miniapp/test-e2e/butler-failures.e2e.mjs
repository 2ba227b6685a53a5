// Browser tests of the customer butler's failure paths, against the real BFF and its in-process simulator: the
// identity provider says "mismatch" or is down (the retry then succeeds with nothing re-typed), wrong SMS codes
// until the code is burnt, a re-issued invitation revoking the first link, consent withdrawal (after a consent and
// after verification), and the outlet manager 赵敏 revealing a verified customer's full ID number (audited) while the
// advisor 王芳 cannot. Screenshots: artifacts/e2e/butler-fail-*.png (customer pages at 375 px).
import assert from 'node:assert/strict';
import { launchBrowser, openDemo, VIEWPORTS } from './browser.mjs';
import {
  api,
  demoCrmIdentity,
  field,
  FIELDS,
  fillForm,
  formValues,
  makeIdNumber,
  makePhone,
  newCustomer,
  nextSeq,
  openSidebar,
  phoneAtForm,
  requestCode,
  sendInvitation,
  submit,
  visible,
} from './butler-helpers.mjs';

/** 撤回授权 → the explanation → 确认撤回; resolves with the result card's text. */
async function withdraw(customer, shootPage, shotName) {
  await customer.locator('.pfs-verify-withdraw__link').click();
  const dialog = customer.locator('.pfs-verify-withdraw--open');
  await dialog.waitFor();
  assert.match(await dialog.textContent(), /撤回前已进行的处理不受影响/);
  // Opened below the fold on a phone, it scrolls itself into view (buttons included).
  await customer.waitForFunction(() => {
    const box = globalThis.document.querySelector('.pfs-verify-withdraw--open')?.getBoundingClientRect();
    return box && box.bottom <= globalThis.innerHeight + 1;
  });
  if (shotName) await shootPage(customer, shotName);
  const answer = customer.waitForResponse((res) => res.url().endsWith('/api/h5/consent/withdraw'));
  await dialog.locator('.pfs-btn').filter({ hasText: '确认撤回' }).click();
  const res = await answer;
  assert.equal(res.status(), 200);
  const result = customer.locator('.pfs-verify-result--withdrawn');
  await result.waitFor();
  return { body: await res.json(), text: await result.textContent() };
}

export const tests = [
  {
    id: 'butler-fail-idv-mismatch',
    name: 'customer butler failures: the identity provider says the phone does not match; the form keeps what was typed',
    viewport: VIEWPORTS.desktop,
    timeoutMs: 90_000,
    async run({ page, baseUrl, shootPage, watch }) {
      const externalUserId = await newCustomer(baseUrl, '失败甲');
      await openSidebar(page, baseUrl, externalUserId);
      const link = await sendInvitation(page, externalUserId);
      const person = { name: '测试甲', idNumber: makeIdNumber(nextSeq()), phone: makePhone(nextSeq()) };
      await api(baseUrl, 'POST', '/api/demo/idv-script', { idNumber: person.idNumber, outcome: 'mismatch', mismatchFields: ['phone'] });
      const { phone, customer } = await phoneAtForm(link, watch);
      try {
        await fillForm(customer, person);
        await field(customer, FIELDS.smsCode).fill(await requestCode(customer, baseUrl, person.phone));
        const answer = customer.waitForResponse((res) => res.url().endsWith('/api/h5/verification'));
        await submit(customer);
        const res = await answer;
        assert.equal(res.status(), 422);
        assert.equal((await res.json()).error.code, 'IDV_MISMATCH');
        const alert = customer.locator('.pfs-verify-error');
        await alert.filter({ hasText: '手机号与身份信息不一致' }).waitFor();
        // The used-up code is cleared; name, ID number and phone stay for the correction.
        assert.deepEqual(await formValues(customer), { ...person, smsCode: '' });
        await shootPage(customer, 'butler-fail-01-idv-mismatch');
      } finally {
        await phone.close();
        await api(baseUrl, 'DELETE', '/api/demo/idv-script');
      }
      // The sidebar still says 未实名; the invitation is still open (the customer can correct and retry).
      await visible(page, '.pfs-butler-badge').filter({ hasText: '未实名' }).waitFor();
      await visible(page, '.pfs-butler-invite__status').filter({ hasText: '客户已同意授权' }).waitFor();
    },
  },

  {
    id: 'butler-fail-idv-unavailable',
    name: 'customer butler failures: provider unavailable, the retry succeeds without re-typing; consent withdrawn after verification; 赵敏 reveals the ID number, 王芳 cannot',
    viewport: VIEWPORTS.desktop,
    timeoutMs: 150_000,
    async run({ page, baseUrl, shoot, shootPage, watch, allow }) {
      const externalUserId = await newCustomer(baseUrl, '失败乙');
      const customerId = await openSidebar(page, baseUrl, externalUserId);
      const link = await sendInvitation(page, externalUserId);
      const identity = await demoCrmIdentity(baseUrl);
      const person = { name: identity.name, idNumber: identity.idNumber, phone: identity.phone };

      // 1. The provider is down: 503 PROVIDER_UNAVAILABLE (expected), the whole form stays filled, code included.
      allow({ method: 'POST', path: '/api/h5/verification', status: 503 });
      await api(baseUrl, 'POST', '/api/demo/idv-script', { idNumber: person.idNumber, outcome: 'unavailable' });
      const { phone, customer } = await phoneAtForm(link, watch);
      try {
        await fillForm(customer, person);
        const code = await requestCode(customer, baseUrl, person.phone);
        await field(customer, FIELDS.smsCode).fill(code);
        const down = customer.waitForResponse((res) => res.url().endsWith('/api/h5/verification'));
        await submit(customer);
        assert.equal((await down).status(), 503);
        await customer.locator('.pfs-verify-error').filter({ hasText: '服务繁忙，请稍后重试，已填写的信息不会丢失' }).waitFor();
        assert.deepEqual(await formValues(customer), { ...person, smsCode: code });
        await shootPage(customer, 'butler-fail-02-idv-unavailable');

        // 2. The provider is back: the same form, the same code, one more tap → 认证成功.
        await api(baseUrl, 'DELETE', '/api/demo/idv-script');
        await submit(customer);
        await customer.locator('.pfs-verify-result__title').filter({ hasText: '认证成功' }).waitFor({ timeout: 15_000 });
        await customer.locator('.pfs-verify-withdraw__link').waitFor();
        await shootPage(customer, 'butler-fail-03-retry-verified');

        await visible(page, '.pfs-butler-badge').filter({ hasText: '已实名' }).waitFor({ timeout: 5_000 });

        // 4. The advisor's customer page: the masked number is not even shown, and there is no reveal.
        await page.goto(`${baseUrl}/#/customers/pages/detail?id=${customerId}`);
        await visible(page, '.pfs-customer-detail .pfs-butler-badge').filter({ hasText: '已实名' }).waitFor();
        assert.equal(await visible(page, '.pfs-id-reveal').count(), 0);
        assert.ok(!(await visible(page, '.pfs-customer-detail').textContent()).includes('查看完整证件号'));

        // 5. 赵敏 (国贸网点 manager) on her phone: reason required, audited notice, the full number, masked after 30 s.
        const manager = await launchBrowser({ viewport: VIEWPORTS.phone });
        try {
          const m = watch(await manager.context.newPage());
          m.setDefaultTimeout(10_000);
          await m.clock.install();
          await openDemo(m, baseUrl, { route: `/customers/pages/detail?id=${customerId}`, wecomUserId: 'zhaomin' });
          const card = visible(m, '.pfs-id-reveal');
          await card.waitFor();
          const masked = (await card.locator('.pfs-id-reveal__value').textContent()).trim();
          assert.notEqual(masked, person.idNumber);
          assert.equal(masked.slice(-4), person.idNumber.slice(-4));
          await shootPage(m, 'butler-fail-06-manager-masked');
          await card.locator('.pfs-btn').filter({ hasText: '查看完整证件号' }).click();
          await card.locator('.pfs-id-reveal__notice').filter({ hasText: '本次查看将记录审计' }).waitFor();
          await card.locator('.pfs-btn').filter({ hasText: '确认查看' }).click();
          await card.locator('.pfs-id-reveal__error').filter({ hasText: '请填写查看原因' }).waitFor();
          await shootPage(m, 'butler-fail-07-reveal-reason-required');
          await card.locator('input[name="revealReason"]').fill('客户临柜办理业务核对身份');
          const revealed = m.waitForResponse((res) => res.url().endsWith(`/api/customers/${customerId}/id-number/reveal`));
          await card.locator('.pfs-btn').filter({ hasText: '确认查看' }).click();
          const res = await revealed;
          // The audit row is written before the answer (the route records, then answers); no endpoint lists the audit
          // log, so the answer is the evidence: 200, not cacheable, with the request id the audit row carries.
          assert.equal(res.status(), 200);
          assert.equal(res.request().postDataJSON().reason, '客户临柜办理业务核对身份');
          const headers = res.headers();
          assert.equal(headers['cache-control'], 'no-store');
          assert.match(headers['x-request-id'] ?? '', /\S/);
          assert.equal((await res.json()).idNumber, person.idNumber);
          await card.locator('.pfs-id-reveal__value--full').filter({ hasText: person.idNumber }).waitFor();
          await card.locator('.pfs-id-reveal__timer').filter({ hasText: /^30秒后自动隐藏 · 本次查看已记录审计$/ }).waitFor();
          await shootPage(m, 'butler-fail-08-reveal-shown');
          await m.clock.runFor(31_000);
          await card.locator('.pfs-id-reveal__value--full').waitFor({ state: 'detached' });
          assert.equal((await card.locator('.pfs-id-reveal__value').textContent()).trim(), masked);
          assert.ok(!(await m.content()).includes(person.idNumber), 'the full number is gone from the page');
          await shootPage(m, 'butler-fail-09-reveal-masked-again');
        } finally {
          await manager.close();
        }
        await shoot('butler-fail-10-advisor-detail-no-reveal');

        // 6. 撤回授权 after verification: explained, confirmed, and the binding is erased.
        await customer.bringToFront();
        const first = await withdraw(customer, shootPage, 'butler-fail-04-withdraw-confirm');
        assert.match(first.body.withdrawnAt, /^\d{4}-\d{2}-\d{2}T/);
        assert.match(first.text, /已撤回授权/);
        await shootPage(customer, 'butler-fail-05-withdrawn');
        // Reopening the link: it was revoked with the binding (a new invitation is needed to verify again).
        allow({ method: 'GET', path: '/api/h5/invitations/', status: 410 });
        await customer.reload();
        await customer.getByText('邀请已失效').first().waitFor();
        await shootPage(customer, 'butler-fail-05b-link-revoked-after-withdrawal');
      } finally {
        await phone.close();
        await api(baseUrl, 'DELETE', '/api/demo/idv-script');
      }
      // 7. The advisor's sidebar: 未实名 again, the withdrawal on the timeline.
      await openSidebar(page, baseUrl, externalUserId);
      await page.getByText('客户撤回个人信息授权').first().waitFor();
      await shoot('butler-fail-10b-sidebar-after-withdrawal');
    },
  },

  {
    id: 'butler-fail-sms',
    name: 'customer butler failures: wrong SMS codes count down to “too many attempts”; reopened link, consent withdrawn and given again',
    viewport: VIEWPORTS.desktop,
    timeoutMs: 120_000,
    async run({ page, baseUrl, shootPage, watch, allow }) {
      const externalUserId = await newCustomer(baseUrl, '失败丙');
      await openSidebar(page, baseUrl, externalUserId);
      const link = await sendInvitation(page, externalUserId);
      const person = { name: '测试丙', idNumber: makeIdNumber(nextSeq()), phone: makePhone(nextSeq()) };
      allow({ method: 'POST', path: '/api/h5/verification', status: 429 });
      const { phone, customer } = await phoneAtForm(link, watch);
      try {
        await fillForm(customer, person);
        const code = await requestCode(customer, baseUrl, person.phone);
        const wrong = code === '000000' ? '111111' : '000000';
        await field(customer, FIELDS.smsCode).fill(wrong);
        const codeError = customer.locator('.pfs-verify-field__error');
        for (let left = 4; left >= 1; left -= 1) {
          await submit(customer);
          await codeError.filter({ hasText: `短信验证码错误，还可尝试${left}次` }).waitFor();
          if (left === 4) await shootPage(customer, 'butler-fail-11-sms-wrong-code');
        }
        const burnt = customer.waitForResponse((res) => res.url().endsWith('/api/h5/verification'));
        await submit(customer);
        assert.equal((await burnt).status(), 429);
        await customer.locator('.pfs-verify-error').filter({ hasText: '验证码错误次数过多，请重新获取验证码' }).waitFor();
        assert.deepEqual(await formValues(customer), { ...person, smsCode: wrong });
        await shootPage(customer, 'butler-fail-12-sms-too-many');
        // The burnt code is gone: even the right one is refused now.
        await field(customer, FIELDS.smsCode).fill(code);
        await submit(customer);
        await codeError.filter({ hasText: '短信验证码错误或已过期' }).waitFor();

        // The customer reopens the page later: consented, so the form, with 撤回授权 under it.
        await customer.reload();
        await field(customer, FIELDS.name).waitFor();
        await customer.locator('.pfs-verify-withdraw__link').waitFor();
        await shootPage(customer, 'butler-fail-13-reopened-form');
        const withdrawn = await withdraw(customer, shootPage, 'butler-fail-14-withdraw-confirm-pending');
        assert.match(withdrawn.body.withdrawnAt, /^\d{4}-/);
        assert.match(withdrawn.text, /实名认证已停止/);
        await shootPage(customer, 'butler-fail-15-withdrawn-pending');
        // 重新授权: the consent text again (with a notice), then the form.
        await customer.locator('.pfs-btn').filter({ hasText: '重新授权' }).click();
        await customer.locator('.pfs-verify-consent__title').waitFor();
        await customer.locator('.pfs-verify-error').filter({ hasText: '请重新阅读并同意授权' }).waitFor();
        await customer.locator('.pfs-verify-check').click();
        await customer.locator('.pfs-btn').filter({ hasText: '同意并继续' }).click();
        await field(customer, FIELDS.name).waitFor();
      } finally {
        await phone.close();
      }
      await visible(page, '.pfs-butler-badge').filter({ hasText: '未实名' }).waitFor();
    },
  },

  {
    id: 'butler-fail-revoked-link',
    name: 'customer butler failures: sending the invitation again revokes the first link; it says so in Chinese, the new one works',
    viewport: VIEWPORTS.desktop,
    async run({ page, baseUrl, shoot, shootPage, watch }) {
      const externalUserId = await newCustomer(baseUrl, '失败丁');
      await openSidebar(page, baseUrl, externalUserId);
      const firstLink = await sendInvitation(page, externalUserId);
      const secondLink = await sendInvitation(page, externalUserId);
      assert.notEqual(firstLink, secondLink);
      await shoot('butler-fail-16-sidebar-resent');
      const phone = await launchBrowser({ viewport: VIEWPORTS.phone });
      try {
        const customer = watch(await phone.context.newPage());
        const answer = customer.waitForResponse((res) => res.url().includes('/api/h5/invitations/'));
        await customer.goto(firstLink);
        const res = await answer;
        assert.equal(res.status(), 410);
        assert.equal((await res.json()).error.code, 'INVITATION_REVOKED');
        await customer.locator('.pfs-verify-result__title').filter({ hasText: '邀请已失效' }).waitFor();
        assert.match(await customer.locator('.pfs-verify-result__text').textContent(), /请使用客户经理最新发送的链接/);
        assert.equal(await customer.locator('.pfs-btn').filter({ hasText: '开始认证' }).count(), 0);
        await shootPage(customer, 'butler-fail-17-revoked-link');
        const fresh = watch(await phone.context.newPage());
        await fresh.goto(secondLink);
        await fresh.locator('.pfs-verify-landing__advisor').filter({ hasText: '王芳' }).waitFor();
      } finally {
        await phone.close();
      }
    },
  },
];
