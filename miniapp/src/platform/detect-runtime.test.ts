import { detectRuntime } from './detect-runtime';
import { normalizeEntry } from './entry';

describe('detectRuntime', () => {
  const wecomUa = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0 wxwork/4.1.30 MicroMessenger/7.0.1 Language/zh';
  const wechatUa = 'Mozilla/5.0 (iPhone) AppleWebKit/605.1.15 MicroMessenger/8.0.50 NetType/WIFI Language/zh_CN';
  const desktopUa = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/130.0 Safari/537.36';

  it('picks wx.qy for the mini-program build whatever the user agent', () => {
    expect(detectRuntime({ taroEnv: 'weapp', userAgent: '', demoEnabled: true })).toBe('weapp');
  });

  it('picks @wecom/jssdk in H5 inside WeCom', () => {
    expect(detectRuntime({ taroEnv: 'h5', userAgent: wecomUa, demoEnabled: true })).toBe('wecom-h5');
  });

  it('picks the demo in any other browser (including plain WeChat), unless the demo is off', () => {
    expect(detectRuntime({ taroEnv: 'h5', userAgent: desktopUa, demoEnabled: true })).toBe('demo');
    expect(detectRuntime({ taroEnv: 'h5', userAgent: wechatUa, demoEnabled: true })).toBe('demo');
    expect(detectRuntime({ taroEnv: 'h5', userAgent: desktopUa, demoEnabled: false })).toBe('unsupported');
  });
});

describe('normalizeEntry', () => {
  it.each([
    ['normal', 'normal'],
    ['single_chat_tools', 'single_chat_tools'],
    ['group_chat_tools', 'group_chat_tools'],
    ['contact_profile', 'contact_profile'],
    ['chain_single_chat_tools', 'single_chat_tools'],
    ['single_kf_tools', 'single_chat_tools'],
    ['chain_group_chat_tools', 'group_chat_tools'],
    ['chat_attachment', 'normal'],
    [undefined, 'normal'],
  ])('%s → %s', (raw, expected) => {
    expect(normalizeEntry(raw)).toBe(expected);
  });
});
