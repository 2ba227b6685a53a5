export interface DemoChatMessage {
  wecomUserId: string;
  externalUserId?: string;
  chatId?: string;
  message: Record<string, unknown>;
  sentAt: string;
}

/**
 * What the browser demo "sent into the chat" (its stand-in for `sendChatMessage`). The simulator has no place for
 * chat-toolbar messages, so they are kept here, in memory, newest last, at most `limit`.
 */
export class DemoChatMessages {
  private readonly items: DemoChatMessage[] = [];
  constructor(private readonly limit = 200) {}

  add(m: Omit<DemoChatMessage, 'sentAt'>, now: Date): DemoChatMessage {
    const stored = { ...m, sentAt: now.toISOString() };
    this.items.push(stored);
    if (this.items.length > this.limit) this.items.splice(0, this.items.length - this.limit);
    return stored;
  }

  list(): DemoChatMessage[] {
    return [...this.items];
  }
}
