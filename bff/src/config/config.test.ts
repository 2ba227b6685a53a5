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
});
