import * as z from 'zod/mini';

/** Every error code the BFF may answer with, and the HTTP status it travels with. */
export const ERROR_STATUS = {
  BAD_JSON: 400,
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  FORBIDDEN: 403,
  OUT_OF_SCOPE: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_UNAVAILABLE: 503,
  // Platform callbacks and logins (platform issue)
  CALLBACK_SIGNATURE_INVALID: 401,
  CALLBACK_RECEIVER_MISMATCH: 400,
  CALLBACK_UNDECRYPTABLE: 400,
  WECOM_CODE_INVALID: 401,
  STAFF_NOT_FOUND: 403,
  // Real-name invitation and verification (customer butler)
  INVITATION_INVALID: 400,
  INVITATION_EXPIRED: 410,
  INVITATION_REVOKED: 410,
  CUSTOMER_ALREADY_VERIFIED: 409,
  H5_SESSION_REQUIRED: 401,
  WECHAT_AUTH_REQUIRED: 403,
  CONSENT_REQUIRED: 403,
  SMS_CODE_INVALID: 400,
  TOO_MANY_ATTEMPTS: 429,
  IDV_MISMATCH: 422,
  PROVIDER_UNAVAILABLE: 503,
  CRM_CUSTOMER_NOT_FOUND: 404,
  // Customer butler: profile, tags, reveal
  CUSTOMER_NOT_FOUND: 404,
  TAG_NOT_FOUND: 400,
  // Customer groups
  GROUP_CHAT_NOT_FOUND: 404,
  // ID number reveal policy (compliance needs a case)
  CASE_REFERENCE_REQUIRED: 403,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;
export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** Plain-Chinese default messages, shown to people when the server sends nothing more specific. */
export const ERROR_MESSAGES_ZH: Record<ErrorCode, string> = {
  BAD_JSON: '请求格式有误',
  VALIDATION_FAILED: '填写的内容有误，请检查后重试',
  BAD_REQUEST: '请求有误',
  UNAUTHENTICATED: '请先登录',
  SESSION_EXPIRED: '登录已过期，请重新登录',
  FORBIDDEN: '没有权限进行此操作',
  OUT_OF_SCOPE: '无权查看该数据',
  NOT_FOUND: '未找到相关数据',
  ROUTE_NOT_FOUND: '页面不存在',
  METHOD_NOT_ALLOWED: '不支持该操作',
  CONFLICT: '数据已被修改，请刷新后重试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  HEADERS_TOO_LARGE: '请求头或网址过长',
  UNSUPPORTED_MEDIA_TYPE: '不支持的内容格式',
  RATE_LIMITED: '操作过于频繁，请稍后再试',
  INTERNAL: '系统繁忙，请稍后再试',
  UPSTREAM_UNAVAILABLE: '服务暂时不可用，请稍后再试',
  CALLBACK_SIGNATURE_INVALID: '签名校验失败',
  CALLBACK_RECEIVER_MISMATCH: '接收方不匹配',
  CALLBACK_UNDECRYPTABLE: '消息无法解密',
  WECOM_CODE_INVALID: '企业微信登录凭证无效，请重新进入',
  STAFF_NOT_FOUND: '未找到您的员工信息，请联系管理员',
  INVITATION_INVALID: '邀请链接无效，请联系您的客户经理重新发送',
  INVITATION_EXPIRED: '邀请链接已过期，请联系您的客户经理重新发送',
  INVITATION_REVOKED: '该邀请链接已失效，请使用客户经理最新发送的链接',
  CUSTOMER_ALREADY_VERIFIED: '该客户已完成实名认证',
  H5_SESSION_REQUIRED: '页面已过期，请重新打开邀请链接',
  WECHAT_AUTH_REQUIRED: '请在微信中打开并授权',
  CONSENT_REQUIRED: '请先阅读并同意个人信息处理授权',
  SMS_CODE_INVALID: '短信验证码错误或已过期，请重新输入',
  TOO_MANY_ATTEMPTS: '尝试次数过多，请稍后再试',
  IDV_MISMATCH: '身份信息不一致，请核对姓名、身份证号和手机号后重试',
  PROVIDER_UNAVAILABLE: '服务繁忙，请稍后重试，已填写的信息不会丢失',
  CRM_CUSTOMER_NOT_FOUND: '实名认证已完成，暂未查询到您在我行的客户信息',
  CUSTOMER_NOT_FOUND: '未找到该客户，或您无权查看',
  TAG_NOT_FOUND: '所选标签不存在或已删除，请刷新后重试',
  GROUP_CHAT_NOT_FOUND: '未找到该客户群，或您不在群中',
  CASE_REFERENCE_REQUIRED: '合规调阅完整证件号须填写案件编号',
};

export const fieldIssueSchema = z.object({ path: z.string(), message: z.string() });
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The one error shape: `{"error":{"code","message","requestId","details"}}`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    requestId: z.string(),
    details: z.optional(z.unknown()),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;
