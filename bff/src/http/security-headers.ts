import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Context, Next } from 'koa';

/** One year, subdomains included: what browsers keep once they have seen the header over HTTPS. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * HSTS only on a response that travelled over HTTPS: directly, or behind a trusted proxy that says so in
 * `x-forwarded-proto` (Koa reads it only when TRUST_PROXY=true). Over plain HTTP the header is meaningless and
 * would pin a local demo at http://localhost to HTTPS.
 */
export function strictTransportSecurity() {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.secure) ctx.set('strict-transport-security', HSTS_VALUE);
    await next();
  };
}

/**
 * Every /api answer may carry personal data (the staff member, customers, reports, the customer's own H5 state), so
 * none is stored by a browser or a shared cache. Set before the route runs, so a route that serves something public
 * can opt out by setting its own Cache-Control.
 */
export function noStoreForApi() {
  return async (ctx: Context, next: Next): Promise<void> => {
    if (ctx.path === '/api' || ctx.path.startsWith('/api/')) ctx.set('cache-control', 'no-store');
    await next();
  };
}

/**
 * CSP source expressions (`'sha256-…'`) for the inline scripts of the served H5 index.html, computed once at
 * start-up, so that script-src never needs 'unsafe-inline'. Today's Taro build has none (only `<script src>`).
 */
export function inlineScriptHashes(h5Dir: string): string[] {
  let html: string;
  try {
    html = fs.readFileSync(path.join(h5Dir, 'index.html'), 'utf8');
  } catch {
    return [];
  }
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1] ?? '') || !m[2]) continue;
    hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
  }
  return hashes;
}
