import * as z from 'zod/mini';
import { createHttpClient } from '../api/http-client';
import { taroTransport } from '../api/taro-transport';
import type { Transport } from '../api/transport';
import { API_BASE } from '../env';

// The customer's side of the invitation (public H5 endpoints; `Authorization: H5 <session>` after WeChat OAuth).

export const h5InvitationSchema = z.object({
  status: z.string(),
  advisorName: z.string(),
  expiresAt: z.optional(z.nullable(z.string())),
  needsLogin: z.boolean(),
});
export type H5Invitation = z.infer<typeof h5InvitationSchema>;

export const consentTextSchema = z.object({ version: z.string(), title: z.string(), body: z.string() });
export type ConsentText = z.infer<typeof consentTextSchema>;

export const verificationDoneSchema = z.object({ status: z.string(), advisorName: z.optional(z.nullable(z.string())) });

export interface VerificationInput {
  name: string;
  idNumber: string;
  phone: string;
  smsCode: string;
}

/** Where the browser goes for WeChat OAuth (a full-page navigation; the BFF answers with a 302). */
export function oauthStartUrl(token: string): string {
  return `${API_BASE}/api/h5/oauth/start?t=${encodeURIComponent(token)}`;
}

export function createVerifyApi(session: string | undefined, transport: Transport = taroTransport) {
  const withH5: Transport = (request) =>
    transport(session ? { ...request, headers: { ...request.headers, Authorization: `H5 ${session}` } } : request);
  const http = createHttpClient({ baseUrl: API_BASE, transport: withH5 });
  const opts = { auth: false } as const;
  return {
    invitation: (token: string) => http.get(`/api/h5/invitations/${encodeURIComponent(token)}`, h5InvitationSchema, opts),
    consent: () => http.get('/api/h5/consent', consentTextSchema, opts),
    agree: (version: string) => http.post('/api/h5/consent', { version }, null, opts),
    sendSmsCode: (phone: string) => http.post('/api/h5/sms-codes', { phone }, null, opts),
    verify: (input: VerificationInput) => http.post('/api/h5/verification', input, verificationDoneSchema, opts),
  };
}
export type VerifyApi = ReturnType<typeof createVerifyApi>;
