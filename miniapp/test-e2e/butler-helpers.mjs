// Helpers of the customer butler browser tests (butler.e2e.mjs, butler-failures.e2e.mjs): demo API calls, polling,
// the verify form's inputs, and GB 11643 ID numbers for made-up people.
import assert from 'node:assert/strict';

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
