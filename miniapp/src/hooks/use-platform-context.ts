import { useEffect, useState } from 'react';
import { hasExternalContact, type Entry } from '../platform/types';
import { useServices } from '../services/ServicesContext';
import { useAsync } from './use-async';

export interface PlatformContext {
  entry: Entry;
  /** Set for single_chat_tools / contact_profile. */
  externalUserId?: string;
  /** Set for group_chat_tools. */
  chatId?: string;
}

/** Where the page was opened from and who is on the other side; reloads when the demo switcher changes it. */
export function usePlatformContext() {
  const { bridge } = useServices();
  const [version, setVersion] = useState(0);

  useEffect(() => bridge.onContextChange?.(() => setVersion((v) => v + 1)), [bridge]);

  return useAsync<PlatformContext>(async () => {
    const entry = await bridge.getContext();
    if (hasExternalContact(entry)) return { entry, externalUserId: await bridge.getCurExternalContact() };
    if (entry === 'group_chat_tools') return { entry, chatId: await bridge.getCurExternalChat() };
    return { entry };
  }, [bridge, version]);
}
