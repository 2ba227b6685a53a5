import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('starts on the embedded default with no variables at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, dbKind: 'embedded', redisKind: 'embedded', REDIS_KEY_PREFIX: 'pfs:' });
    expect(c.piiKey.length).toBe(32);
  });

  it('PUBLIC_BASE_URL and CORS_ORIGINS follow PORT unless set', () => {
    expect(loadConfig({})).toMatchObject({ PUBLIC_BASE_URL: 'http://localhost:3000', CORS_ORIGINS: ['http://localhost:3000', 'http://127.0.0.1:3000'] });
    expect(loadConfig({ PORT: '3960' })).toMatchObject({ PUBLIC_BASE_URL: 'http://localhost:3960', CORS_ORIGINS: ['http://localhost:3960', 'http://127.0.0.1:3960'] });
    expect(loadConfig({ PORT: '3960', PUBLIC_BASE_URL: 'https://bank.example/', CORS_ORIGINS: 'https://bank.example' })).toMatchObject({
      PUBLIC_BASE_URL: 'https://bank.example',
      CORS_ORIGINS: ['https://bank.example'],
    });
    expect(loadConfig({ PORT: '3960', PUBLIC_BASE_URL: ' ' }).PUBLIC_BASE_URL).toBe('http://localhost:3960');
  });

  it('uses real services when their URLs are set', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app', REDIS_URL: 'redis://127.0.0.1:6379' });
    expect(c.dbKind).toBe('external');
    expect(c.redisKind).toBe('external');
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL'],
    [{ REDIS_URL: '::::' }, 'REDIS_URL'],
    [{ PII_ENCRYPTION_KEY: 'short' }, 'PII_ENCRYPTION_KEY'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ SESSION_TTL_SECONDS: '5' }, 'SESSION_TTL_SECONDS'],
    [{ NODE_ENV: 'production' }, 'PII_ENCRYPTION_KEY'],
  ])('%j fails with a message naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    try {
      loadConfig(env);
    } catch (err) {
      expect((err as ConfigError).message).toContain(`${variable}:`);
    }
  });

  it('names every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect((err as ConfigError).issues.map((i) => i.split(':')[0]).sort()).toEqual(['LOG_LEVEL', 'PORT']);
    }
  });

  describe('platforms', () => {
    const wecom = {
      WECOM_CORP_ID: 'ww0123456789abcdef',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'secret',
      WECOM_CALLBACK_TOKEN: 'token123',
      WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
    };

    it('uses the embedded simulator when no platform variable is set', () => {
      const c = loadConfig({});
      expect(c.platformKind).toBe('simulator');
      expect(c).toMatchObject({ WECOM_API_BASE: 'https://qyapi.weixin.qq.com', WECHAT_API_BASE: 'https://api.weixin.qq.com', WECHATPAY_API_BASE: 'https://api.mch.weixin.qq.com', SIMULATOR_PORT: 0 });
    });

    it('uses the real platform when a group is complete', () => {
      const c = loadConfig({ ...wecom, WECOM_API_BASE: 'http://127.0.0.1:4100/qyapi/' });
      expect(c.platformKind).toBe('real');
      expect(c.WECOM_API_BASE).toBe('http://127.0.0.1:4100/qyapi');
    });

    it.each(['WECOM_AGENT_ID', 'WECOM_SECRET', 'WECOM_CALLBACK_TOKEN', 'WECOM_CALLBACK_AES_KEY'])('fails fast naming a missing %s', (missing) => {
      const env: Record<string, string> = { ...wecom };
      delete env[missing];
      expect(() => loadConfig(env)).toThrow(`${missing}: required when WECOM_CORP_ID is set`);
    });

    it('checks the WeChat and WeChat Pay groups the same way', () => {
      expect(() => loadConfig({ WECHAT_APP_ID: 'wx0123456789abcdef' })).toThrow('WECHAT_APP_SECRET: required');
      expect(() => loadConfig({ WECHATPAY_MCH_ID: '1600000001' })).toThrow('WECHATPAY_PRIVATE_KEY: required');
    });

    it('wants the callback AES key to be exactly 43 letters or digits', () => {
      expect(() => loadConfig({ ...wecom, WECOM_CALLBACK_AES_KEY: 'a'.repeat(42) })).toThrow('WECOM_CALLBACK_AES_KEY:');
      expect(() => loadConfig({ ...wecom, WECOM_CALLBACK_AES_KEY: `${'a'.repeat(42)}=` })).toThrow('WECOM_CALLBACK_AES_KEY:');
    });
  });

  describe('verification providers (Tencent Cloud)', () => {
    const tencent = {
      TENCENTCLOUD_SECRET_ID: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      TENCENTCLOUD_SECRET_KEY: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      SMS_SDK_APP_ID: '1400006666',
      SMS_SIGN_NAME: '模拟银行',
      SMS_TEMPLATE_ID: '2000001',
    };

    it('is off by default (the simulator providers), at the 3-element level', () => {
      expect(loadConfig({})).toMatchObject({ tencentCloud: null, IDV_LEVEL: 'three_element', platformKind: 'simulator' });
    });

    it('a complete group turns it on without leaving the simulator for WeCom and WeChat', () => {
      const c = loadConfig({ ...tencent, TENCENTCLOUD_ENDPOINT_BASE: 'http://127.0.0.1:4100/' });
      expect(c.platformKind).toBe('simulator');
      expect(c.tencentCloud).toEqual({
        secretId: tencent.TENCENTCLOUD_SECRET_ID,
        secretKey: tencent.TENCENTCLOUD_SECRET_KEY,
        region: 'ap-guangzhou',
        endpointBase: 'http://127.0.0.1:4100',
        timeoutMs: 5000,
        smsSdkAppId: '1400006666',
        smsSignName: '模拟银行',
        smsTemplateId: '2000001',
      });
    });

    it.each(['TENCENTCLOUD_SECRET_KEY', 'SMS_SDK_APP_ID', 'SMS_SIGN_NAME', 'SMS_TEMPLATE_ID'])('fails fast naming a missing %s', (missing) => {
      const env: Record<string, string> = { ...tencent };
      delete env[missing];
      expect(() => loadConfig(env)).toThrow(`${missing}: required when TENCENTCLOUD_SECRET_ID is set`);
    });

    it('the face level needs FACEID_RULE_ID; malformed values are named', () => {
      expect(() => loadConfig({ ...tencent, IDV_LEVEL: 'face' })).toThrow('FACEID_RULE_ID: required when IDV_LEVEL=face');
      expect(loadConfig({ ...tencent, IDV_LEVEL: 'face', FACEID_RULE_ID: '1' }).tencentCloud?.faceIdRuleId).toBe('1');
      expect(() => loadConfig({ IDV_LEVEL: 'selfie' })).toThrow('IDV_LEVEL:');
      expect(() => loadConfig({ ...tencent, SMS_SDK_APP_ID: 'app' })).toThrow('SMS_SDK_APP_ID:');
      expect(() => loadConfig({ ...tencent, TENCENTCLOUD_ENDPOINT_BASE: 'http://127.0.0.1:4100/sms' })).toThrow('TENCENTCLOUD_ENDPOINT_BASE:');
    });
  });

  describe('production and the demo (DEMO_MODE)', () => {
    const secrets = {
      NODE_ENV: 'production',
      PII_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
      PII_INDEX_KEY: Buffer.alloc(32, 2).toString('base64'),
      INVITATION_SIGNING_KEY: 'x'.repeat(32),
    };
    const wecom = {
      WECOM_CORP_ID: 'ww0123456789abcdef',
      WECOM_AGENT_ID: '1000002',
      WECOM_SECRET: 'secret',
      WECOM_CALLBACK_TOKEN: 'token123',
      WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
    };

    it('refuses to start production on the platform simulator, naming what to configure', () => {
      expect(() => loadConfig(secrets)).toThrow(ConfigError);
      expect(() => loadConfig(secrets)).toThrow(
        'WECOM_CORP_ID: NODE_ENV=production needs WECOM_CORP_ID, WECOM_AGENT_ID, WECOM_SECRET, WECOM_CALLBACK_TOKEN, WECOM_CALLBACK_AES_KEY (the platform simulator is for development)',
      );
      // Another platform group alone leaves the staff without their WeCom sign-in: still refused.
      expect(() => loadConfig({ ...secrets, WECHAT_APP_ID: 'wx0123456789abcdef', WECHAT_APP_SECRET: 's' })).toThrow('NODE_ENV=production needs WECOM_CORP_ID');
    });

    it('refuses DEMO_MODE=true in production; with WeCom configured production starts and the demo is off', () => {
      expect(() => loadConfig({ ...secrets, ...wecom, DEMO_MODE: 'true' })).toThrow('DEMO_MODE: must not be true when NODE_ENV=production');
      const c = loadConfig({ ...secrets, ...wecom });
      expect(c).toMatchObject({ platformKind: 'real', demoMode: false });
    });

    it('is on by default only on the embedded default (no DATABASE_URL, no platform); an explicit value wins elsewhere', () => {
      expect(loadConfig({}).demoMode).toBe(true);
      expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app' }).demoMode).toBe(false);
      expect(loadConfig(wecom).demoMode).toBe(false);
      expect(loadConfig({ DEMO_MODE: 'false' }).demoMode).toBe(false);
      expect(loadConfig({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app', DEMO_MODE: 'true' }).demoMode).toBe(true);
      expect(() => loadConfig({ DEMO_MODE: 'yes' })).toThrow('DEMO_MODE:');
    });
  });

  it('WECHATPAY_NOTIFY_URL: https without query (http only on loopback)', () => {
    expect(loadConfig({ WECHATPAY_NOTIFY_URL: 'https://bank.example/wechatpay/notify' }).WECHATPAY_NOTIFY_URL).toBe('https://bank.example/wechatpay/notify');
    expect(loadConfig({ WECHATPAY_NOTIFY_URL: 'http://127.0.0.1:3000/wechatpay/notify' }).WECHATPAY_NOTIFY_URL).toBe('http://127.0.0.1:3000/wechatpay/notify');
    expect(loadConfig({}).WECHATPAY_NOTIFY_URL).toBeUndefined();
    expect(() => loadConfig({ WECHATPAY_NOTIFY_URL: 'http://bank.example/wechatpay/notify' })).toThrow('WECHATPAY_NOTIFY_URL:');
    expect(() => loadConfig({ WECHATPAY_NOTIFY_URL: 'https://bank.example/notify?x=1' })).toThrow('WECHATPAY_NOTIFY_URL:');
  });
});
