import type { RuntimeKind } from './types';

export interface RuntimeFacts {
  /** process.env.TARO_ENV, fixed at build time. */
  taroEnv: string | undefined;
  userAgent: string;
  demoEnabled: boolean;
}

/** weapp build → wx.qy; H5 whose user agent says WeCom (wxwork) → @wecom/jssdk; any other browser → the demo. */
export function detectRuntime(facts: RuntimeFacts): RuntimeKind {
  if (facts.taroEnv === 'weapp') return 'weapp';
  if (/wxwork/i.test(facts.userAgent)) return 'wecom-h5';
  return facts.demoEnabled ? 'demo' : 'unsupported';
}
