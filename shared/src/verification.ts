import * as z from 'zod/mini';
import { text } from './text';
import { cnMobileSchema, idNumberSchema } from './identity';
import { invitationTokenSchema } from './invitations';

/**
 * The customer's H5 verification flow (after WeChat OAuth): separate consent (PIPL Art. 29), SMS code, then the
 * identity check. Every call carries `Authorization: H5 <session>` from the OAuth callback.
 */
export const H5_AUTH_SCHEME = 'H5';

export const consentTextSchema = z.object({ version: z.string(), title: z.string(), body: z.string() });
export type ConsentText = z.infer<typeof consentTextSchema>;

/** The current consent text. A change of wording is a new version: consents are recorded against the version. */
export const CONSENT_TEXT: ConsentText = {
  version: '2025-01-v1',
  title: '个人敏感信息处理单独同意书',
  body: [
    '为完成实名认证并为您提供专属的财富管理服务，我行需要处理您的以下个人敏感信息：姓名、身份证号码、手机号码，以及必要时的人脸图像。',
    '处理目的：核验您的身份，并将您的企业微信联系人身份与我行客户信息关联，便于您的专属客户经理为您提供服务。',
    '处理方式：身份证号码与手机号码加密存储，仅以脱敏形式展示；身份核验由我行委托的核验服务机构完成，不用于其他目的。',
    '保存期限：自您撤回同意或终止服务之日起，我行将按照法律法规要求删除或匿名化处理。',
    '您可以拒绝本同意，拒绝不影响您继续与客户经理沟通，但将无法完成实名认证；您可以随时在本页面撤回同意。',
    '根据《中华人民共和国个人信息保护法》第二十九条，处理敏感个人信息应当取得您的单独同意。点击“同意并继续”即表示您已阅读并同意上述内容。',
  ].join('\n\n'),
};

export const consentBodySchema = z.object({ version: text().check(z.minLength(1), z.maxLength(32)) });
export type ConsentBody = z.infer<typeof consentBodySchema>;

export const consentRecordedSchema = z.object({ version: z.string(), consentedAt: z.string() });
export const consentWithdrawnSchema = z.object({ withdrawnAt: z.nullable(z.string()) });

export const smsCodeBodySchema = z.object({ phone: cnMobileSchema });
export type SmsCodeBody = z.infer<typeof smsCodeBodySchema>;

export const smsCodeSentSchema = z.object({
  phoneMasked: z.string(),
  expiresInSeconds: z.number(),
  resendAfterSeconds: z.number(),
});
export type SmsCodeSent = z.infer<typeof smsCodeSentSchema>;

export const SMS_CODE_MESSAGE_ZH = '请输入6位短信验证码';
export const NAME_MESSAGE_ZH = '请输入与身份证一致的姓名';

/** Chinese names (incl. the middle dot of minority names) or Latin letters, 2–30 characters. */
export const realNameSchema = text({ error: NAME_MESSAGE_ZH }).check(
  z.trim(),
  z.minLength(2, NAME_MESSAGE_ZH),
  z.maxLength(30, NAME_MESSAGE_ZH),
  z.regex(/^[\u4e00-\u9fa5·A-Za-z ]+$/, NAME_MESSAGE_ZH),
);

export const verificationBodySchema = z.object({
  name: realNameSchema,
  idNumber: idNumberSchema,
  phone: cnMobileSchema,
  smsCode: text({ error: SMS_CODE_MESSAGE_ZH }).check(z.trim(), z.regex(/^\d{6}$/, SMS_CODE_MESSAGE_ZH)),
});
export type VerificationBody = z.infer<typeof verificationBodySchema>;

export const verificationResultSchema = z.object({
  status: z.literal('VERIFIED'),
  advisorName: z.string(),
  /** false: verified, but not (yet) a customer in the head-office CRM. */
  crmMatched: z.boolean(),
});
export type VerificationResult = z.infer<typeof verificationResultSchema>;

/**
 * With the face check (IDV_LEVEL=face) `POST /api/h5/verification` answers this instead: the browser goes to `url`
 * (the provider's page), which sends it back to `/api/h5/verification/return?BizToken=…`; that route applies the
 * verdict and redirects to the verify page (`?t=&s=` when verified, `?t=&error=<code>` otherwise).
 */
export const verificationRedirectSchema = z.object({ status: z.literal('REDIRECT'), url: z.string() });
export type VerificationRedirect = z.infer<typeof verificationRedirectSchema>;

export const verificationResponseSchema = z.union([verificationResultSchema, verificationRedirectSchema]);
export type VerificationResponse = z.infer<typeof verificationResponseSchema>;

/** Where the provider sends the customer back after the face check (the BizToken is appended). */
export const VERIFICATION_RETURN_PATH = '/api/h5/verification/return';

/** Why the OAuth callback sent the page back with `&error=`: an ErrorCode (its message is ERROR_MESSAGES_ZH). */
export const OAUTH_ERROR_PARAM = 'error';

export type ConsentRecorded = z.infer<typeof consentRecordedSchema>;
export type ConsentWithdrawn = z.infer<typeof consentWithdrawnSchema>;

/**
 * `GET /api/h5/oauth/start` (a browser navigation from the verify page): the link's token, never an invitation id.
 * `sim_user` / `sim_snapshot` pick the WeChat user with the in-process simulator only (ignored otherwise).
 */
export const oauthStartQuerySchema = z.object({
  t: invitationTokenSchema,
  /** snsapi_userinfo only when a unionid is needed. */
  scope: z.optional(z.enum(['snsapi_base', 'snsapi_userinfo'])),
  sim_user: z.optional(text().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/))),
  sim_snapshot: z.optional(z.literal('1')),
});
export type OauthStartQuery = z.infer<typeof oauthStartQuerySchema>;

/** `GET /api/h5/oauth/callback`: WeChat's return; `state` is the single-use login nonce (64 hex characters). */
export const oauthCallbackQuerySchema = z.object({
  code: z.optional(text().check(z.maxLength(256), z.regex(/^[A-Za-z0-9_-]*$/))),
  state: z.optional(text().check(z.maxLength(128), z.regex(/^[A-Za-z0-9]*$/))),
});
export type OauthCallbackQuery = z.infer<typeof oauthCallbackQuerySchema>;

/** `GET /api/h5/verification/return?BizToken=` (the face-check provider sends the browser back). */
export const faceReturnQuerySchema = z.object({ BizToken: text().check(z.regex(/^[A-Za-z0-9_-]{1,128}$/)) });
export type FaceReturnQuery = z.infer<typeof faceReturnQuerySchema>;
