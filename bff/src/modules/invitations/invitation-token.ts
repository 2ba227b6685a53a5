import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { decodeCanonical } from '../../lib/strict-base64';

/**
 * Invitation links carry `base64url(JSON payload) "." base64url(HMAC-SHA256(key, payload part))`. The payload names
 * the invitation, the customer, the advisor and the expiry (unix seconds); the signature makes it unforgeable.
 * Both parts must be the canonical base64url of their bytes, so there is exactly one token per invitation.
 */
export interface InvitationTokenPayload {
  inv: string;
  c: string;
  s: string;
  exp: number;
}

const payloadSchema = z.object({ inv: z.string().check(z.minLength(1), z.maxLength(64)), c: z.string().check(z.minLength(1), z.maxLength(64)), s: z.string().check(z.minLength(1), z.maxLength(64)), exp: z.number().check(z.int()) });

const mac = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data, 'utf8').digest();

export function signInvitationToken(key: Buffer, p: InvitationTokenPayload): string {
  const body = Buffer.from(JSON.stringify({ inv: p.inv, c: p.c, s: p.s, exp: p.exp }), 'utf8').toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The payload of a token whose signature is valid (expiry not checked here); null for anything else. */
export function verifyInvitationToken(key: Buffer, token: string): InvitationTokenPayload | null {
  const parts = token.split('.');
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const [body, sig] = parts as [string, string];
  // Only the canonical encodings: a changed unused bit in the last character would otherwise decode the same.
  const expected = mac(key, body);
  const given = decodeCanonical(sig, 'base64url');
  if (!given || given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  const json = decodeCanonical(body, 'base64url');
  if (!json) return null;
  try {
    const r = z.safeParse(payloadSchema, JSON.parse(json.toString('utf8')));
    return r.success ? r.data : null;
  } catch {
    return null;
  }
}
