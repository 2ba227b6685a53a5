import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('starts on the embedded default with no variables at all', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, dbKind: 'embedded', redisKind: 'embedded', REDIS_KEY_PREFIX: 'pfs:' });
    expect(c.piiKey.length).toBe(32);
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
});
