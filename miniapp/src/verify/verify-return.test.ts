import { addressWithout, addressWithToken, FACE_RETURN_ZH, isWebUrl, ONE_TIME_PARAMS, readVerifyEntry, returnFailure, sessionMemory } from './verify-return';

// Reading the page's entry (invitation link, OAuth / face-check return), cleaning the address bar, the failure
// screens of `?error=`, and this tab's session memory.

const TOKEN = `${'a'.repeat(24)}.${'b'.repeat(24)}`;

describe('verify page entry', () => {
  it('reads the token, the session handed over and the error code (decoded once more if still encoded)', () => {
    expect(readVerifyEntry({ t: TOKEN, s: 'sess-1' })).toEqual({ token: TOKEN, session: 'sess-1' });
    expect(readVerifyEntry({ t: TOKEN, error: 'IDV_MISMATCH' })).toEqual({ token: TOKEN, errorCode: 'IDV_MISMATCH' });
    expect(readVerifyEntry({ t: TOKEN, e: 'WECHAT_AUTH_REQUIRED' })).toEqual({ token: TOKEN, errorCode: 'WECHAT_AUTH_REQUIRED' });
    expect(readVerifyEntry({ t: encodeURIComponent(TOKEN), s: 'a%2Db' })).toEqual({ token: TOKEN, session: 'a-b' });
    // A malformed escape is kept as it came rather than throwing.
    expect(readVerifyEntry({ t: TOKEN, s: 'bad%E0%A4%A' }).session).toBe('bad%E0%A4%A');
    expect(readVerifyEntry({})).toEqual({ token: '' });
  });

  it('falls back to the session remembered for this link; one from the URL wins', () => {
    const recall = jest.fn((t: string) => (t === TOKEN ? 'remembered' : undefined));
    expect(readVerifyEntry({ t: TOKEN }, recall)).toEqual({ token: TOKEN, session: 'remembered' });
    expect(readVerifyEntry({ t: TOKEN, error: 'IDV_MISMATCH' }, recall)).toEqual({ token: TOKEN, session: 'remembered', errorCode: 'IDV_MISMATCH' });
    expect(readVerifyEntry({ t: TOKEN, s: 'fresh' }, recall).session).toBe('fresh');
    expect(readVerifyEntry({ t: 'other' }, recall).session).toBeUndefined();
    expect(readVerifyEntry({}, recall).session).toBeUndefined();
  });

  it('back from the login without a link: the link this tab left with (one in the URL wins)', () => {
    const recall = (t: string) => (t === TOKEN ? 'remembered' : undefined);
    expect(readVerifyEntry({ s: 'fresh' }, recall, () => TOKEN)).toEqual({ token: TOKEN, session: 'fresh' });
    expect(readVerifyEntry({ error: 'WECHAT_AUTH_REQUIRED' }, recall, () => TOKEN)).toEqual({ token: TOKEN, session: 'remembered', errorCode: 'WECHAT_AUTH_REQUIRED' });
    expect(readVerifyEntry({ t: 'other' }, recall, () => TOKEN).token).toBe('other');
    expect(readVerifyEntry({ s: 'fresh' }, recall, () => undefined).token).toBe('');
  });
});

describe('address bar with the link', () => {
  const base = 'https://bank.example/#/verify/pages/index';
  it('puts t into the hash route’s query once', () => {
    expect(addressWithToken(base, TOKEN)).toBe(`${base}?t=${TOKEN}`);
    expect(addressWithToken(`${base}?from=x`, TOKEN)).toBe(`${base}?from=x&t=${TOKEN}`);
    expect(addressWithToken(`${base}?t=${TOKEN}`, TOKEN)).toBeNull();
    expect(addressWithToken('https://bank.example/verify', TOKEN)).toBeNull();
  });
});

describe('address bar without the one-time parameters', () => {
  const base = 'https://bank.example/#/verify/pages/index';
  it('drops s and error from the hash route’s query, keeps the token', () => {
    expect(addressWithout(`${base}?t=${TOKEN}&s=sess-1`, ONE_TIME_PARAMS)).toBe(`${base}?t=${TOKEN}`);
    expect(addressWithout(`${base}?t=${TOKEN}&error=IDV_MISMATCH`, ONE_TIME_PARAMS)).toBe(`${base}?t=${TOKEN}`);
    expect(addressWithout(`${base}?s=sess-1&t=${TOKEN}&e=X`, ONE_TIME_PARAMS)).toBe(`${base}?t=${TOKEN}`);
    expect(addressWithout(`${base}?error=INVITATION_INVALID`, ONE_TIME_PARAMS)).toBe(base);
  });

  it('also cleans the page’s own query (a browser-router URL), and says null when there is nothing to do', () => {
    expect(addressWithout(`https://bank.example/verify?t=${TOKEN}&s=x`, ONE_TIME_PARAMS)).toBe(`https://bank.example/verify?t=${TOKEN}`);
    expect(addressWithout(`https://bank.example/?from=wx&s=x#/verify/pages/index?t=${TOKEN}&s=y`, ONE_TIME_PARAMS)).toBe(
      `https://bank.example/?from=wx#/verify/pages/index?t=${TOKEN}`,
    );
    expect(addressWithout(`${base}?t=${TOKEN}`, ONE_TIME_PARAMS)).toBeNull();
    expect(addressWithout(base, ONE_TIME_PARAMS)).toBeNull();
    // "s" must be a whole parameter name, not a prefix.
    expect(addressWithout(`${base}?t=${TOKEN}&scope=snsapi_base`, ONE_TIME_PARAMS)).toBeNull();
  });
});

describe('face-check redirect target', () => {
  it('only web pages', () => {
    expect(isWebUrl('https://faceid.qq.com/h5?token=x')).toBe(true);
    expect(isWebUrl('http://127.0.0.1:4123/idv/h5/verify?BizToken=x')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('data:text/html,hi')).toBe(false);
    expect(isWebUrl('/relative')).toBe(false);
    expect(isWebUrl('')).toBe(false);
  });
});

describe('failure screens for ?error=', () => {
  it('face-check outcomes: a clear message and 重新认证 with this tab’s session', () => {
    expect(returnFailure('IDV_MISMATCH')).toEqual({ title: '人脸核验未通过', message: FACE_RETURN_ZH.IDV_MISMATCH, action: 'retry' });
    const unavailable = returnFailure('PROVIDER_UNAVAILABLE');
    expect(unavailable.action).toBe('retry');
    expect(unavailable.message).toMatch(/稍后重试/);
    expect(unavailable.message).toMatch(/授权仍然有效/);
    expect(returnFailure('TOO_MANY_ATTEMPTS')).toMatchObject({ title: '尝试次数过多', action: 'retry' });
  });

  it('a dead link offers nothing; a lapsed session or a failed WeChat authorisation offers WeChat authorisation', () => {
    expect(returnFailure('INVITATION_EXPIRED')).toMatchObject({ title: '邀请已过期', action: 'none' });
    expect(returnFailure('INVITATION_REVOKED')).toMatchObject({ title: '邀请已失效', action: 'none' });
    expect(returnFailure('INVITATION_INVALID')).toMatchObject({ title: '链接无效', action: 'none' });
    expect(returnFailure('H5_SESSION_REQUIRED')).toMatchObject({ title: '页面已过期', message: '页面已过期，请重新打开邀请链接', action: 'oauth' });
    expect(returnFailure('WECHAT_AUTH_REQUIRED')).toEqual({ title: '无法完成授权', message: '请在微信中打开并授权', action: 'oauth' });
    expect(returnFailure('SOMETHING_NEW')).toEqual({ title: '无法完成授权', message: '授权未完成，请重新打开邀请链接', action: 'oauth' });
  });
});

describe('session memory (this tab)', () => {
  it('keeps one link’s session; another link’s token gets nothing; broken or missing storage is harmless', () => {
    const memory = sessionMemory(window.sessionStorage);
    expect(memory.recall(TOKEN)).toBeUndefined();
    memory.remember(TOKEN, 'sess-1');
    expect(memory.recall(TOKEN)).toBe('sess-1');
    expect(memory.recall('another-token')).toBeUndefined();
    memory.remember(TOKEN, 'sess-2');
    expect(memory.recall(TOKEN)).toBe('sess-2');

    window.sessionStorage.setItem('pfs.verify.session', '{not json');
    expect(memory.recall(TOKEN)).toBeUndefined();
    const refusing = sessionMemory({
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    });
    expect(() => refusing.remember(TOKEN, 's')).not.toThrow();
    expect(sessionMemory(undefined).recall(TOKEN)).toBeUndefined();

    expect(memory.lastLink()).toBeUndefined();
    memory.rememberLink(TOKEN);
    expect(memory.lastLink()).toBe(TOKEN);
    expect(() => refusing.rememberLink(TOKEN)).not.toThrow();
    expect(sessionMemory(undefined).lastLink()).toBeUndefined();
  });
});
