import {
  consentRecordedSchema,
  consentTextSchema,
  consentWithdrawnSchema,
  H5_AUTH_SCHEME,
  h5InvitationSchema,
  smsCodeSentSchema,
  verificationResponseSchema,
  type VerificationBody,
} from '@pfs/shared';
import { createHttpClient } from '../api/http-client';
import { taroTransport } from '../api/taro-transport';
import type { Transport } from '../api/transport';
import { API_BASE } from '../env';

// The customer's side of the invitation (public H5 endpoints; `Authorization: H5 <session>` after WeChat OAuth).
// Every answer is checked against the contract in @pfs/shared.

/** Where the browser goes for WeChat OAuth (a full-page navigation; the BFF answers with a 302). */
export function oauthStartUrl(token: string): string {
  return `${API_BASE}/api/h5/oauth/start?t=${encodeURIComponent(token)}`;
}

export function createVerifyApi(session: string | undefined, transport: Transport = taroTransport) {
  const withH5: Transport = (request) =>
    transport(session ? { ...request, headers: { ...request.headers, Authorization: `${H5_AUTH_SCHEME} ${session}` } } : request);
  const http = createHttpClient({ baseUrl: API_BASE, transport: withH5 });
  const opts = { auth: false } as const;
  return {
    invitation: (token: string) => http.get(`/api/h5/invitations/${encodeURIComponent(token)}`, h5InvitationSchema, opts),
    consent: () => http.get('/api/h5/consent', consentTextSchema, opts),
    agree: (version: string) => http.post('/api/h5/consent', { version }, consentRecordedSchema, opts),
    /** `withdrawnAt` is null when there was no active consent left to withdraw (withdrawn before). */
    withdrawConsent: () => http.post('/api/h5/consent/withdraw', {}, consentWithdrawnSchema, opts),
    sendSmsCode: (phone: string) => http.post('/api/h5/sms-codes', { phone }, smsCodeSentSchema, opts),
    /**
     * The identity check: `VERIFIED` (data check), or `REDIRECT` with the provider's face-check page (IDV_LEVEL=face),
     * which sends the browser back through the BFF to this page with `s=<new session>` or `error=<code>`.
     */
    verify: (input: VerificationBody) => http.post('/api/h5/verification', input, verificationResponseSchema, opts),
  };
}
export type VerifyApi = ReturnType<typeof createVerifyApi>;
