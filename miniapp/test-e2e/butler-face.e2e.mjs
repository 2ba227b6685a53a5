// Browser tests of real-name verification with the face check (IDV_LEVEL=face), against a BFF of their own (run.mjs
// starts it with `bffEnv`) and its in-process simulator: the advisor 王芳 invites from the sidebar, the customer opens
// the link on a phone → WeChat OAuth → consent → form → SMS code → 提交认证 answers REDIRECT → 正在前往人脸核验… →
// the simulator's hosted face page → the BFF's return route → the verify page with a new session → 认证成功, and the
// session leaves the address bar. Then a scripted mismatch: back with error=IDV_MISMATCH, its message, 重新认证 →
// the form again (this tab's session, no new WeChat authorisation) → verified on the second try.
// Screenshots: artifacts/e2e/butler-face-*.png (customer pages at 375 px).
import assert from 'node:assert/strict';
import { VIEWPORTS } from './browser.mjs';
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
  openOnPhone,
  openSidebar,
  phoneAtForm,
  requestCode,
  sendInvitation,
  submit,
  visible,
} from './butler-helpers.mjs';

/** The BFF these tests need (on top of run.mjs's own variables). */
export const bffEnv = { IDV_LEVEL: 'face' };

const RETURN_PATH = '/api/h5/verification/return';
const FACE_PAGE = /\/idv\/h5\/verify\?BizToken=/;
const pathOf = (url) => new URL(url).pathname;

/**
 * 提交认证 in face mode: the REDIRECT answer, then the page's full-page navigation to the hosted face page and the
 * return route's redirect back to the verify page. With `interrupt`, that navigation is cancelled once seen (the page
 * stays on 正在前往人脸核验… to be looked at; Playwright cannot query a page while it navigates) and the test goes on
 * with `goOn()`, which opens the same face page.
 * Resolves with { answer, faceNavigation, goOn, back } — `back` resolves with the return route's Location.
 */
async function submitToFaceCheck(customer, { interrupt = false } = {}) {
  let seen;
  const faceNavigation = new Promise((resolve) => {
    seen = resolve;
  });
  if (interrupt) {
    await customer.route(FACE_PAGE, async (route) => {
      seen(route.request());
      await route.abort('aborted');
    });
  }
  // The answer is read on its way to the page: once the page has left for the face page, its body is gone.
  let answered;
  const answer = new Promise((resolve, reject) => {
    answered = { resolve, reject };
  });
  const isVerification = (url) => url.pathname === '/api/h5/verification';
  await customer.route(isVerification, async (route) => {
    if (route.request().method() !== 'POST') return route.fallback();
    try {
      const response = await route.fetch();
      answered.resolve({ status: response.status(), body: await response.json() });
      await route.fulfill({ response });
    } catch (err) {
      answered.reject(err);
      throw err;
    }
  });
  const back = customer.waitForResponse((res) => pathOf(res.url()) === RETURN_PATH, { timeout: 20_000 });
  back.catch(() => undefined); // awaited by the caller; a test that failed before must not crash the run
  await submit(customer);
  const { status, body } = await answer;
  await customer.unroute(isVerification);
  assert.equal(status, 200);
  assert.equal(body.status, 'REDIRECT');
  assert.match(body.url, FACE_PAGE);
  const location = back.then((r) => {
    assert.equal(r.status(), 302);
    return r.headers().location ?? '';
  });
  location.catch(() => undefined);
  return {
    answer: body,
    faceNavigation,
    async goOn() {
      await customer.unroute(FACE_PAGE);
      await customer.goto(body.url);
    },
    back: location,
  };
}

/** The page is on its way to the face check: the short status, in Chinese, at 375 px. */
async function seeRedirecting(customer) {
  const status = customer.locator('.pfs-verify-redirect');
  await status.waitFor();
  assert.match(await status.textContent(), /正在前往人脸核验…/);
  assert.match(await status.textContent(), /完成后将自动返回本页面/);
}

export const tests = [
  {
    id: 'butler-face-verify',
    name: 'face check: invitation from the sidebar, form and SMS code, the hosted face page, back to 认证成功 without the session in the address bar',
    viewport: VIEWPORTS.desktop,
    timeoutMs: 120_000,
    async run({ page, baseUrl, shoot, shootPage, watch }) {
      // 1. The simulated WeChat customer adds 王芳; her sidebar in the single chat sends the invitation card.
      const externalUserId = await newCustomer(baseUrl, '人脸甲');
      await openSidebar(page, baseUrl, externalUserId);
      const link = await sendInvitation(page, externalUserId);
      assert.match(link, /#\/verify\/pages\/index\?t=/);
      await shoot('butler-face-01-sidebar-invited');

      // 2. The customer's phone: the landing page, WeChat OAuth through the simulator, consent.
      const identity = await demoCrmIdentity(baseUrl);
      const { phone, customer } = await openOnPhone(link, watch);
      try {
        await customer.locator('.pfs-verify-landing__advisor').filter({ hasText: '王芳' }).waitFor();
        await shootPage(customer, 'butler-face-02-landing');
        await customer.locator('.pfs-btn').filter({ hasText: '开始认证' }).click();
        await customer.locator('.pfs-verify-consent__title').waitFor();
        assert.doesNotMatch(customer.url(), /[?&]s=/, 'the OAuth session is not left in the address bar');
        await customer.locator('.pfs-verify-check').click();
        await customer.locator('.pfs-btn').filter({ hasText: '同意并继续' }).click();

        // 3. The form and the SMS code, as in the data check.
        await field(customer, FIELDS.name).waitFor();
        await fillForm(customer, identity);
        await field(customer, FIELDS.smsCode).fill(await requestCode(customer, baseUrl, identity.phone));
        await shootPage(customer, 'butler-face-03-form');

        // 4. 提交认证 → REDIRECT → 正在前往人脸核验… → the hosted face page → back through the BFF with a new session.
        const face = await submitToFaceCheck(customer, { interrupt: true });
        const navigation = await face.faceNavigation;
        assert.ok(navigation.isNavigationRequest() && navigation.frame() === customer.mainFrame(), 'the page itself goes to the face page');
        assert.equal(navigation.url(), face.answer.url);
        await seeRedirecting(customer);
        await shootPage(customer, 'butler-face-04-redirecting');
        await face.goOn();
        const location = await face.back;
        assert.match(location, /#\/verify\/pages\/index\?t=[^&]+&s=[A-Za-z0-9_-]{20,}$/, `the return route hands over a session (${location})`);
        await customer.locator('.pfs-verify-result__title').filter({ hasText: '认证成功' }).waitFor({ timeout: 15_000 });
        assert.match(await customer.locator('.pfs-verify-result__text').textContent(), /客户经理王芳/);
        await customer.locator('.pfs-verify-withdraw__link').waitFor();
        assert.doesNotMatch(customer.url(), /[?&](s|error)=/, 'the session left the address bar');
        assert.match(customer.url(), /#\/verify\/pages\/index\?t=/);
        await shootPage(customer, 'butler-face-05-verified');

        // 5. A reload: still 认证成功, still this customer's own page (撤回授权 needs the session: kept for the tab).
        await customer.reload();
        await customer.locator('.pfs-verify-result__title').filter({ hasText: '认证成功' }).waitFor();
        await customer.locator('.pfs-verify-withdraw__link').waitFor();
      } finally {
        await phone.close();
      }

      // 6. The advisor's sidebar picks the verification up by itself: 已实名 with the CRM profile.
      await visible(page, '.pfs-butler-badge').filter({ hasText: '已实名' }).waitFor({ timeout: 5_000 });
      await visible(page, '.pfs-butler-aum').waitFor();
      const sidebarText = await visible(page, '.pfs-butler').textContent();
      assert.ok(!sidebarText.includes(identity.idNumber), 'the full ID number never reaches the sidebar');
      await shoot('butler-face-06-sidebar-verified');
    },
  },

  {
    id: 'butler-face-mismatch',
    name: 'face check: a mismatch comes back as a clear message with 重新认证; the second try (new code, same tab) verifies',
    viewport: VIEWPORTS.desktop,
    timeoutMs: 120_000,
    async run({ page, baseUrl, shootPage, watch }) {
      const externalUserId = await newCustomer(baseUrl, '人脸乙');
      await openSidebar(page, baseUrl, externalUserId);
      const link = await sendInvitation(page, externalUserId);
      const person = { name: '测试乙', idNumber: makeIdNumber(nextSeq()), phone: makePhone(nextSeq()) };
      // The provider will find the phone not matching the person (scripted by ID number in the simulator).
      await api(baseUrl, 'POST', '/api/demo/idv-script', { idNumber: person.idNumber, outcome: 'mismatch', mismatchFields: ['phone'] });
      const { phone, customer } = await phoneAtForm(link, watch);
      try {
        // 1. Form, code, 提交认证 → the face page → back with error=IDV_MISMATCH.
        await fillForm(customer, person);
        await field(customer, FIELDS.smsCode).fill(await requestCode(customer, baseUrl, person.phone));
        const face = await submitToFaceCheck(customer);
        const location = await face.back;
        assert.match(location, /#\/verify\/pages\/index\?t=[^&]+&error=IDV_MISMATCH$/, `the return route names the failure (${location})`);
        const stopped = customer.locator('.pfs-verify-result--stopped');
        await stopped.locator('.pfs-verify-result__title').filter({ hasText: '人脸核验未通过' }).waitFor({ timeout: 15_000 });
        assert.match(await stopped.locator('.pfs-verify-result__text').textContent(), /姓名、身份证号与手机号信息不一致。请核对信息后由本人重新认证/);
        assert.doesNotMatch(customer.url(), /[?&](s|error)=/, 'the error left the address bar');
        await shootPage(customer, 'butler-face-07-mismatch');

        // 2. The sidebar still says 未实名.
        await visible(page, '.pfs-butler-badge').filter({ hasText: '未实名' }).waitFor();

        // 3. 重新认证: the form again, in the same tab, without another WeChat authorisation; the used code is gone,
        //    and of what was typed before the provider's page only name and number are back (the ID number is never kept).
        const oauthCalls = [];
        customer.on('request', (req) => {
          const path = pathOf(req.url());
          if (path.startsWith('/api/h5/oauth/')) oauthCalls.push(path);
        });
        await stopped.locator('.pfs-btn').filter({ hasText: '重新认证' }).click();
        await field(customer, FIELDS.name).waitFor();
        assert.deepEqual(oauthCalls, [], 'no new WeChat authorisation');
        assert.deepEqual(await formValues(customer), { name: person.name, idNumber: '', phone: person.phone, smsCode: '' });
        await shootPage(customer, 'butler-face-08-retry-form');

        // 4. The customer corrects the phone number (a new number, so no 1-minute wait for its code) and the provider
        //    agrees this time: a new code, the face page, 认证成功.
        await api(baseUrl, 'DELETE', '/api/demo/idv-script');
        const corrected = { ...person, phone: makePhone(nextSeq()) };
        await fillForm(customer, corrected);
        await field(customer, FIELDS.smsCode).fill(await requestCode(customer, baseUrl, corrected.phone));
        const second = await submitToFaceCheck(customer);
        assert.match(await second.back, /&s=/);
        await customer.locator('.pfs-verify-result__title').filter({ hasText: '认证成功' }).waitFor({ timeout: 15_000 });
        await shootPage(customer, 'butler-face-09-retry-verified');
      } finally {
        await phone.close();
        await api(baseUrl, 'DELETE', '/api/demo/idv-script');
      }
      await visible(page, '.pfs-butler-badge').filter({ hasText: '已实名' }).waitFor({ timeout: 5_000 });
    },
  },
];
