/** Where the page was opened from; WeCom reports more values, which `normalizeEntry` folds into these four. */
export const ENTRIES = ['normal', 'single_chat_tools', 'group_chat_tools', 'contact_profile'] as const;
export type Entry = (typeof ENTRIES)[number];

export const ENTRY_LABELS_ZH: Record<Entry, string> = {
  normal: '普通入口',
  single_chat_tools: '单聊工具栏',
  group_chat_tools: '群聊工具栏',
  contact_profile: '客户详情页',
};

/** Entries that open the compact chat-toolbar sidebar instead of the tabbed app. */
export function isSidebarEntry(entry: Entry): boolean {
  return entry !== 'normal';
}

/** Entries with a current external contact (`getCurExternalContact` allowed). */
export function hasExternalContact(entry: Entry): boolean {
  return entry === 'single_chat_tools' || entry === 'contact_profile';
}

interface ChatMessageCommon {
  /** Open the chat after sending (WeCom's `enterChat`). */
  enterChat?: boolean;
}

/** The `sendChatMessage` bodies the tools use (same shape in wx.qy and @wecom/jssdk). */
export type ChatMessage = ChatMessageCommon &
  (
    | { msgtype: 'text'; text: { content: string } }
    | { msgtype: 'news'; news: { link: string; title: string; desc?: string; imgUrl?: string } }
    | { msgtype: 'miniprogram'; miniprogram: { appid: string; title: string; imgUrl: string; page: string } }
  );

export type RuntimeKind = 'weapp' | 'wecom-h5' | 'demo' | 'unsupported';

/** Everything a page may ask of WeCom; pages never touch wx.qy, ww or the demo simulator directly. */
export interface PlatformBridge {
  readonly kind: RuntimeKind;
  /** A one-time login code for `POST /api/auth/wecom`. */
  login(): Promise<string>;
  getContext(): Promise<Entry>;
  /** External userId of the customer in the current single chat / contact profile. */
  getCurExternalContact(): Promise<string>;
  /** chatId of the current customer group chat. */
  getCurExternalChat(): Promise<string>;
  sendChatMessage(message: ChatMessage): Promise<void>;
  openLink(url: string): Promise<void>;
  /** Demo only: called when the person switches staff, entry or customer in the switcher panel. */
  onContextChange?(listener: (change: ContextChange) => void): () => void;
}

export interface ContextChange {
  staffChanged: boolean;
}
