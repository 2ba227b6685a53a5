import { describe, expect, it } from '@jest/globals';
import * as z from 'zod/mini';
import { consentBodySchema, verificationBodySchema } from './verification';
import { customerListQuerySchema } from './customers';
import { idParamSchema } from './org';
import { text } from './text';

describe('text(): every input string refuses NUL and control characters', () => {
  it('refuses NUL, C0 and C1 controls; accepts Chinese text', () => {
    const s = text();
    expect(z.safeParse(s, '王芳').success).toBe(true);
    for (const bad of ['a\u0000b', '\u0001', 'x\ny', 'tab\t', '\u007f', '\u009b']) expect(z.safeParse(s, bad).success).toBe(false);
  });

  it('multi-line text keeps tab and line breaks but not NUL', () => {
    const s = text({ multiline: true });
    expect(z.safeParse(s, '第一行\n\t第二行\r\n').success).toBe(true);
    expect(z.safeParse(s, 'a\u0000').success).toBe(false);
  });

  it('the shared input schemas are built on it', () => {
    expect(z.safeParse(idParamSchema, { id: 'c1\u0000' }).success).toBe(false);
    expect(z.safeParse(customerListQuerySchema, { q: '王\u0000' }).success).toBe(false);
    expect(z.safeParse(consentBodySchema, { version: 'v\u0000' }).success).toBe(false);
    const ok = { name: '张三', idNumber: '11010519491231002X', phone: '13812345678', smsCode: '123456' };
    expect(z.safeParse(verificationBodySchema, { ...ok, smsCode: '12345\u0000' }).success).toBe(false);
  });
});
