import * as z from 'zod/mini';
import { text } from './text';
import { staffSchema } from './org';

/** Answer of every login: an opaque session token (sent back as `Authorization: Bearer <token>`). */
export const sessionInfoSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  staff: staffSchema,
});
export type SessionInfo = z.infer<typeof sessionInfoSchema>;

export const meSchema = z.object({ staff: staffSchema, expiresAt: z.string() });
export type Me = z.infer<typeof meSchema>;

/** `POST /api/auth/wecom` — the code from `wx.qy.login` (mini-program) or from WeCom OAuth (H5). */
export const wecomLoginBodySchema = z.object({ code: text().check(z.minLength(1), z.maxLength(512)) });
export type WecomLoginBody = z.infer<typeof wecomLoginBodySchema>;

/** `GET /api/wecom/jssdk-signature?url=` — both signatures `ww.register` needs (URL without fragment). */
export const jssdkSignatureQuerySchema = z.object({ url: z.url() });
const signaturePartSchema = z.object({ timestamp: z.number(), nonceStr: z.string(), signature: z.string() });
export const jssdkSignatureSchema = z.object({
  corpId: z.string(),
  agentId: z.string(),
  config: signaturePartSchema,
  agentConfig: signaturePartSchema,
});
export type JssdkSignature = z.infer<typeof jssdkSignatureSchema>;

/** Response header carrying the renewed session expiry (sliding renewal). */
export const SESSION_EXPIRES_HEADER = 'x-session-expires-at';
