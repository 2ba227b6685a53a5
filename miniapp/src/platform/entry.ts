import { ENTRIES, type Entry } from './types';

/**
 * WeCom's entry list keeps growing (chat_attachment, single_kf_tools, chain_* ...). Chain (上下游) chats behave like
 * their plain counterparts; a 客服 single chat has a current external contact; anything else is the normal app.
 */
export function normalizeEntry(raw: unknown): Entry {
  if (typeof raw !== 'string') return 'normal';
  if ((ENTRIES as readonly string[]).includes(raw)) return raw as Entry;
  if (raw === 'chain_single_chat_tools' || raw === 'single_kf_tools') return 'single_chat_tools';
  if (raw === 'chain_group_chat_tools') return 'group_chat_tools';
  return 'normal';
}
