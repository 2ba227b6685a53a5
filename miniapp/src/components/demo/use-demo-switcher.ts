import { useEffect, useState } from 'react';
import { useAsync } from '../../hooks/use-async';
import type { DemoBridge } from '../../platform/demo-bridge';
import type { DemoContext } from '../../platform/demo-context-store';
import { hasExternalContact, type Entry } from '../../platform/types';
import type { SessionController } from '../../session/session-controller';

/**
 * State and actions of the demo switcher: the simulator's lists, the current choice, and what a change implies
 * (a new login when the staff member changes; a customer or group picked automatically when the entry needs one).
 */
export function useDemoSwitcher(demo: DemoBridge, session: SessionController) {
  const [context, setContext] = useState<DemoContext>(() => demo.getDemoContext());
  useEffect(() => demo.onContextChange?.(() => setContext(demo.getDemoContext())), [demo]);

  const staffId = context.wecomUserId;
  const staff = useAsync(() => demo.listStaff(), [demo]);
  const contacts = useAsync(async () => (staffId ? demo.listContacts(staffId) : []), [demo, staffId]);
  const groups = useAsync(async () => (staffId ? demo.listGroupChats(staffId) : []), [demo, staffId]);

  const needsContact = hasExternalContact(context.entry);
  const needsGroup = context.entry === 'group_chat_tools';
  const firstContact = contacts.status === 'success' ? contacts.data[0]?.externalUserId : undefined;
  const firstGroup = groups.status === 'success' ? groups.data[0]?.chatId : undefined;

  // An entry that needs a customer (or group) without one is no context WeCom would produce: pick the first.
  useEffect(() => {
    if (needsContact && !context.externalUserId && firstContact) demo.setDemoContext({ externalUserId: firstContact });
    if (needsGroup && !context.chatId && firstGroup) demo.setDemoContext({ chatId: firstGroup });
  }, [demo, needsContact, needsGroup, context.externalUserId, context.chatId, firstContact, firstGroup]);

  return {
    context,
    staff,
    contacts,
    groups,
    needsContact,
    needsGroup,
    async selectStaff(wecomUserId: string) {
      if (wecomUserId === context.wecomUserId) return;
      demo.setDemoContext({ wecomUserId });
      await session.switchUser();
    },
    selectEntry(entry: Entry) {
      demo.setDemoContext({ entry });
    },
    selectContact(externalUserId: string) {
      demo.setDemoContext({ externalUserId });
    },
    selectGroup(chatId: string) {
      demo.setDemoContext({ chatId });
    },
  };
}
