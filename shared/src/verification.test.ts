import { describe, expect, it } from '@jest/globals';
import * as z from 'zod/mini';
import { faceReturnQuerySchema, oauthCallbackQuerySchema, oauthStartQuerySchema } from './verification';

describe('H5 navigation queries', () => {
  const token = `${'a'.repeat(24)}.${'b'.repeat(24)}`;
  it('the login start takes a link token, never an invitation id', () => {
    expect(z.safeParse(oauthStartQuerySchema, { t: token }).success).toBe(true);
    expect(z.safeParse(oauthStartQuerySchema, { t: token, scope: 'snsapi_userinfo', sim_user: 'o_x-1' }).success).toBe(true);
    expect(z.safeParse(oauthStartQuerySchema, { t: '6f1c1c5e-7d1a-4a55-9a3e-0c1f1f0a0b01' }).success).toBe(false);
    expect(z.safeParse(oauthStartQuerySchema, { t: token, scope: 'snsapi_admin' }).success).toBe(false);
  });

  it('the login return: state alphanumeric (what WeChat allows), code URL-safe, both optional', () => {
    expect(z.safeParse(oauthCallbackQuerySchema, {}).success).toBe(true);
    expect(z.safeParse(oauthCallbackQuerySchema, { state: 'ab'.repeat(32), code: 'Ab_-9' }).success).toBe(true);
    expect(z.safeParse(oauthCallbackQuerySchema, { state: 'a-b' }).success).toBe(false);
    expect(z.safeParse(oauthCallbackQuerySchema, { state: 'a\u0000' }).success).toBe(false);
    expect(z.safeParse(oauthCallbackQuerySchema, { state: 'a'.repeat(129) }).success).toBe(false);
    expect(z.safeParse(oauthCallbackQuerySchema, { state: ['a', 'b'] }).success).toBe(false);
  });

  it('the face-check return needs a BizToken', () => {
    expect(z.safeParse(faceReturnQuerySchema, { BizToken: '6D3B2A10-0000-4000-8000-000000000000' }).success).toBe(true);
    expect(z.safeParse(faceReturnQuerySchema, {}).success).toBe(false);
    expect(z.safeParse(faceReturnQuerySchema, { BizToken: '<script>' }).success).toBe(false);
  });
});
