import { ENTRIES, type Entry } from './types';

/** What the demo switcher chose; persisted so a reload keeps the same simulated WeCom context. */
export interface DemoContext {
  wecomUserId?: string;
  entry: Entry;
  externalUserId?: string;
  chatId?: string;
}

export const DEMO_CONTEXT_KEY = 'pfs.demo.context';

export interface StringStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const asString = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

export function loadDemoContext(storage: StringStorage): DemoContext {
  try {
    const raw = JSON.parse(storage.getItem(DEMO_CONTEXT_KEY) ?? 'null') as Record<string, unknown> | null;
    if (!raw || typeof raw !== 'object') return { entry: 'normal' };
    const entry = (ENTRIES as readonly unknown[]).includes(raw.entry) ? (raw.entry as Entry) : 'normal';
    return {
      entry,
      wecomUserId: asString(raw.wecomUserId),
      externalUserId: asString(raw.externalUserId),
      chatId: asString(raw.chatId),
    };
  } catch {
    return { entry: 'normal' };
  }
}

export function saveDemoContext(storage: StringStorage, context: DemoContext): void {
  storage.setItem(DEMO_CONTEXT_KEY, JSON.stringify(context));
}
