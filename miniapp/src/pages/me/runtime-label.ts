import type { RuntimeKind } from '../../platform/types';

export const RUNTIME_LABELS_ZH: Record<RuntimeKind, string> = {
  weapp: '企业微信小程序',
  'wecom-h5': '企业微信网页应用',
  demo: '浏览器演示环境',
  unsupported: '浏览器（未接入企业微信）',
};
