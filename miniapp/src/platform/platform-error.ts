import { AppError } from '../errors/app-error';

export type PlatformErrorCode =
  | 'NO_EXTERNAL_CONTACT'
  | 'NO_EXTERNAL_CHAT'
  | 'NO_PERMISSION'
  | 'PLATFORM_CALL_FAILED'
  | 'NOT_IN_WECOM'
  | 'DEMO_NOT_READY';

const MESSAGES_ZH: Record<PlatformErrorCode, string> = {
  NO_EXTERNAL_CONTACT: '请从客户聊天或客户详情页进入',
  NO_EXTERNAL_CHAT: '请从客户群聊天进入',
  NO_PERMISSION: '当前账号没有使用该功能的权限，请联系管理员',
  PLATFORM_CALL_FAILED: '企业微信调用失败，请稍后重试',
  NOT_IN_WECOM: '请在企业微信中打开',
  DEMO_NOT_READY: '演示环境暂无可用员工，请先准备演示数据',
};

/** A failed WeCom call; `detail` keeps the platform's errMsg for logs. */
export class PlatformError extends AppError {
  constructor(
    code: PlatformErrorCode,
    readonly detail?: string,
  ) {
    super(code, MESSAGES_ZH[code], { message: detail ? `${code}: ${detail}` : code });
    this.name = 'PlatformError';
  }
}

/**
 * Maps WeCom's errMsg texts to our codes: "fail without context of external contact", "... external chat",
 * "no permission", "user not in allow list". Anything else gets the caller's fallback.
 */
export function platformErrorFrom(errMsg: string | undefined, fallback: PlatformErrorCode = 'PLATFORM_CALL_FAILED'): PlatformError {
  const text = errMsg ?? '';
  if (/context of external contact/i.test(text)) return new PlatformError('NO_EXTERNAL_CONTACT', text);
  if (/context of external chat/i.test(text)) return new PlatformError('NO_EXTERNAL_CHAT', text);
  if (/no permission|not in allow list/i.test(text)) return new PlatformError('NO_PERMISSION', text);
  return new PlatformError(fallback, text);
}
