// Helpers of the customer butler browser tests (butler.e2e.mjs, butler-failures.e2e.mjs, butler-face.e2e.mjs): demo
// API calls, polling, the advisor's sidebar and invitation, the customer's phone up to the verify form, the form's
// inputs, and GB 11643 ID numbers for made-up people.
import assert from 'node:assert/strict';
import { launchBrowser, openDemo, VIEWPORTS } from './browser.mjs';

/** Taro's H5 router keeps hidden pages in the DOM; only the visible page counts. */
export const visible = (page, selector) => page.locator(`${selector}:visible`);

/** A verify-form input by its placeholder. */
export const field = (page, placeholder) => page.locator(`input[placeholder="${placeholder}"]`);

/** The test script's own client address (the browsers have theirs, see browser.mjs). */
const SCRIPT_CLIENT_IP = '10.77.255.254';

/** A JSON call that must succeed (demo endpoints, mostly). */
export async function api(baseUrl, method, path, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { 'x-forwarded-for': SCRIPT_CLIENT_IP, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${path} → ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export async function eventually(what, fn, { timeoutMs = 10_000, everyMs = 250 } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`${what}: not within ${timeoutMs / 1000} s${last ? ` (${last.message})` : ''}`);
}

/** A GB 11643 number with its last character changed: passes the format, fails the check digit. */
export function breakCheckDigit(id) {
  const last = id.at(-1);
  return id.slice(0, 17) + (last === '1' ? '2' : '1');
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/** A valid GB 11643 number (东城区, born 1990-01-01, sequence `seq`) for a made-up person. */
export function makeIdNumber(seq) {
  const body = `11010119900101${String(seq % 1000).padStart(3, '0')}`;
  const sum = [...body].reduce((acc, digit, i) => acc + Number(digit) * WEIGHTS[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** A mainland mobile number nobody else in the run uses. */
export function makePhone(seq) {
  return `1390${String(seq).padStart(7, '0').slice(-7)}`;
}

// The customer's journey, step by step (also used by butler-face.e2e.mjs).
export const SIDEBAR = '/sidebar/pages/index';
export const FIELDS = { name: '与身份证一致', idNumber: '18位居民身份证号码', phone: '本人实名登记的手机号', smsCode: '6位数字' };
// Distinct made-up people per run (a fresh database each run; the seed keeps them apart within one).
let seq = 100 + Math.floor(Math.random() * 800);
export const nextSeq = () => (seq += 1);

// /api/demo allows 120 calls a minute per IP, and every browser and this script are 127.0.0.1: the helpers below
// poll slowly and read what the app sends from the page's own requests rather than asking the demo endpoints again.
export const POLL = { everyMs: 500 };

/** A new WeChat customer adds 王芳; resolves when the contact reached her list. */
export async function newCustomer(baseUrl, name) {
  const { externalUserId } = await api(baseUrl, 'POST', '/api/demo/customer-adds-advisor', { userId: 'wangfang', name });
  await eventually(
    'the new contact reaches 王芳’s contacts',
    async () => (await api(baseUrl, 'GET', '/api/demo/contacts?wecomUserId=wangfang')).some((c) => c.externalUserId === externalUserId),
    POLL,
  );
  return externalUserId;
}

/** 王芳's sidebar in a single chat with the customer; resolves with the customer's id (from the profile answer). */
export async function openSidebar(page, baseUrl, externalUserId) {
  const profile = page.waitForResponse((res) => res.url().includes(`/api/customers/by-external/${externalUserId}`) && res.status() === 200);
  await openDemo(page, baseUrl, { route: SIDEBAR, wecomUserId: 'wangfang', entry: 'single_chat_tools', externalUserId });
  const { id } = await (await profile).json();
  await visible(page, '.pfs-butler-badge').filter({ hasText: '未实名' }).waitFor();
  return id;
}

/** 发送实名邀请 / 重新发送邀请 in the sidebar; resolves with the link of the news card sent into the chat. */
export async function sendInvitation(page, externalUserId) {
  // The demo bridge's sendChatMessage is a POST /api/demo/chat-messages from the page: its answer is the recording.
  const recorded = page.waitForResponse((res) => res.url().endsWith('/api/demo/chat-messages') && res.request().method() === 'POST');
  await visible(page, '.pfs-butler-invite .pfs-btn').filter({ hasText: /发送实名邀请|重新发送邀请/ }).click();
  const res = await recorded;
  assert.ok(res.ok(), `the news card was not recorded (${res.status()})`);
  const sent = res.request().postDataJSON();
  assert.equal(sent.externalUserId, externalUserId);
  assert.equal(sent.message.msgtype, 'news');
  await visible(page, '.pfs-butler-invite__status').filter({ hasText: '已发送邀请' }).waitFor();
  return sent.message.news.link;
}

/** The customer's phone (375 px, watched): opens the link, WeChat OAuth through the simulator, consent, the form. */
/** A demo CRM customer not yet on WeCom: who the test's customer verifies as. */
export async function demoCrmIdentity(baseUrl) {
  const identity = (await api(baseUrl, 'GET', '/api/demo/crm-identities'))[0];
  assert.ok(identity?.idNumber && identity.phone, 'a demo CRM customer not yet on WeCom');
  return identity;
}

/** The customer's phone: a browser of its own (nothing shared with the advisor's), opened on `link`. */
export async function openOnPhone(link, watch) {
  const phone = await launchBrowser({ viewport: VIEWPORTS.phone });
  try {
    const customer = watch(await phone.context.newPage());
    customer.setDefaultTimeout(10_000);
    await customer.goto(link);
    return { phone, customer };
  } catch (err) {
    await phone.close();
    throw err;
  }
}

export async function phoneAtForm(link, watch) {
  const { phone, customer } = await openOnPhone(link, watch);
  await customer.locator('.pfs-btn').filter({ hasText: '开始认证' }).click();
  await customer.locator('.pfs-verify-consent__title').waitFor();
  await customer.locator('.pfs-verify-check').click();
  await customer.locator('.pfs-btn').filter({ hasText: '同意并继续' }).click();
  await field(customer, FIELDS.name).waitFor();
  return { phone, customer };
}

export async function fillForm(customer, person) {
  await field(customer, FIELDS.name).fill(person.name);
  await field(customer, FIELDS.idNumber).fill(person.idNumber);
  await field(customer, FIELDS.phone).fill(person.phone);
}

/** 获取验证码, then the code the simulated SMS gateway delivered. */
export async function requestCode(customer, baseUrl, phone) {
  await customer.locator('.pfs-btn').filter({ hasText: '获取验证码' }).click();
  await customer.locator('.pfs-btn').filter({ hasText: /秒后重发/ }).waitFor();
  await customer.locator('.pfs-verify-note').filter({ hasText: /验证码已发送至1\d{2}\*{4}\d{4}/ }).waitFor();
  const { code } = await eventually('the SMS code arrives', () => api(baseUrl, 'GET', `/api/demo/sms-last-code?phone=${phone}`), POLL);
  return code;
}

export const submit = (customer) => customer.locator('.pfs-btn').filter({ hasText: '提交认证' }).click();
export const formValues = (customer) =>
  Promise.all(Object.values(FIELDS).map((placeholder) => field(customer, placeholder).inputValue())).then(([name, idNumber, phone, smsCode]) => ({ name, idNumber, phone, smsCode }));
