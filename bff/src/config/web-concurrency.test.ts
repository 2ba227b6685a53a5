import os from 'node:os';
import { ConfigError, loadConfig } from './config';

const EXTERNAL = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/app', REDIS_URL: 'redis://127.0.0.1:6379' };
/** A complete WeCom group: the platforms are real, so no in-process simulator. */
const WECOM = {
  WECOM_CORP_ID: 'ww0123456789abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'secret',
  WECOM_CALLBACK_TOKEN: 'token',
  WECOM_CALLBACK_AES_KEY: 'a'.repeat(43),
};

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.message;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('WEB_CONCURRENCY', () => {
  it('defaults to one process on the embedded default', () => {
    expect(loadConfig({}).webConcurrency).toBe(1);
  });

  it('defaults to one process per core on PostgreSQL + Redis with real platforms', () => {
    expect(loadConfig({ ...EXTERNAL, ...WECOM }).webConcurrency).toBe(os.availableParallelism());
  });

  it('defaults to one process while the in-process simulator or the in-process store is in use', () => {
    expect(loadConfig(EXTERNAL).webConcurrency).toBe(1);
    expect(loadConfig({ DATABASE_URL: EXTERNAL.DATABASE_URL, ...WECOM }).webConcurrency).toBe(1);
  });

  it('takes an explicit number where processes can share state', () => {
    expect(loadConfig({ ...EXTERNAL, ...WECOM, WEB_CONCURRENCY: '3' }).webConcurrency).toBe(3);
    expect(loadConfig({ WEB_CONCURRENCY: '1' }).webConcurrency).toBe(1);
  });

  it('refuses several processes on PGlite with a message saying what to set', () => {
    const message = refusal({ WEB_CONCURRENCY: '2', REDIS_URL: EXTERNAL.REDIS_URL, ...WECOM });
    expect(message).toContain('WEB_CONCURRENCY:');
    expect(message).toContain('PGlite database is single-process: set DATABASE_URL');
    expect(message).not.toContain('REDIS_URL');
  });

  it('refuses several processes without Redis or with the in-process simulator', () => {
    expect(refusal({ WEB_CONCURRENCY: '2', DATABASE_URL: EXTERNAL.DATABASE_URL, ...WECOM })).toContain('set REDIS_URL');
    expect(refusal({ WEB_CONCURRENCY: '2', ...EXTERNAL })).toContain('platform simulator');
  });

  it.each(['0', 'two', '2.5', '1000'])('refuses WEB_CONCURRENCY=%s naming the variable', (value) => {
    expect(refusal({ ...EXTERNAL, ...WECOM, WEB_CONCURRENCY: value })).toContain('WEB_CONCURRENCY:');
  });
});
