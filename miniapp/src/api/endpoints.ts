import { jssdkSignatureSchema, meSchema, sessionInfoSchema, type JssdkSignature, type Me, type SessionInfo } from '@pfs/shared';
import type { HttpClient } from './http-client';

/** The shell's own BFF calls. Feature modules add theirs beside this file, on the same HttpClient. */
export function createShellApi(http: HttpClient) {
  return {
    /** Exchanges a `wx.qy.login` / WeCom OAuth / demo code for a session. */
    loginWithCode: (code: string): Promise<SessionInfo> =>
      http.post('/api/auth/wecom', { code }, sessionInfoSchema, { auth: false }),
    me: (): Promise<Me> => http.get('/api/me', meSchema),
    /** 204; the session is dropped on the server. */
    logout: (): Promise<void> => http.post('/api/auth/logout', undefined, null, { relogin: false }),
    /** Both `ww.register` signatures for a page URL (fragment removed); needs no session. */
    jssdkSignature: (url: string): Promise<JssdkSignature> =>
      http.get('/api/wecom/jssdk-signature', jssdkSignatureSchema, { query: { url }, auth: false }),
  };
}

export type ShellApi = ReturnType<typeof createShellApi>;
