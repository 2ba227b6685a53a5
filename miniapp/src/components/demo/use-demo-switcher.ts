import { useEffect, useRef, useState } from 'react';
import { useAsync, type AsyncState } from '../../hooks/use-async';
import type { DemoBridge } from '../../platform/demo-bridge';
import type { DemoContext } from '../../platform/demo-context-store';
import { hasExternalContact, type Entry } from '../../platform/types';
import type { SessionController } from '../../session/session-controller';

/** A list loaded for `staffId`, or still loading while the state holds another member's. */
function ofStaff<T>(state: AsyncState<{ staffId?: string; list: T[] }> & { reload: () => void }, staffId?: string): AsyncState<T[]> & { reload: () => void } {
  if (state.status !== 'success') return state;
  if (state.data.staffId !== staffId) return { status: 'loading', reload: state.reload };
  return { status: 'success', data: state.data.list, reload: state.reload };
}

/**
 * State and actions of the demo switcher: the simulator's lists, the current choice, and what a change implies
 * (a new login when the staff member changes; a customer or group picked automatically when the entry needs one).
 */
export function useDemoSwitcher(demo: DemoBridge, session: SessionController) {
  const [context, setContext] = useState<DemoContext>(() => demo.getDemoContext());
  useEffect(() => demo.onContextChange?.(() => setContext(demo.getDemoContext())), [demo]);

  const staffId = context.wecomUserId;
  const staff = useAsync(() => demo.listStaff(), [demo]);
  // Each list says whose it is: right after a staff change the previous member's list is still the state for one
  // render, and picking "the first customer" from it sent the sidebar after a customer the new member does not have.
  const contacts = ofStaff(
    useAsync(async () => ({ staffId, list: staffId ? await demo.listContacts(staffId) : [] }), [demo, staffId]),
    staffId,
  );
  const groups = ofStaff(
    useAsync(async () => ({ staffId, list: staffId ? await demo.listGroupChats(staffId) : [] }), [demo, staffId]),
    staffId,
  );

  const needsContact = hasExternalContact(context.entry);
  const needsGroup = context.entry === 'group_chat_tools';
  const contactList = contacts.status === 'success' ? contacts.data : undefined;
  const groupList = groups.status === 'success' ? groups.data : undefined;

  // An entry that needs a customer (or group) without one is no context WeCom would produce: pick the first. A
  // freshly loaded list also judges the one already chosen (kept from before a reload): not this member's → the first.
  const contactsChecked = useRef<unknown>(undefined);
  /** A contact the panel just added: its list is being loaded again, so an older list does not judge it. */
  const justAdded = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!needsContact || !contactList) return;
    const chosen = context.externalUserId;
    if (chosen && contactsChecked.current === contactList) return;
    if (chosen && contactList.some((c) => c.externalUserId === chosen)) {
      contactsChecked.current = contactList;
      if (justAdded.current === chosen) justAdded.current = undefined;
      return;
    }
    if (chosen && chosen === justAdded.current) return;
    contactsChecked.current = contactList;
    const first = contactList[0]?.externalUserId;
    if (first !== chosen) demo.setDemoContext({ externalUserId: first });
  }, [demo, needsContact, context.externalUserId, contactList]);
  const groupsChecked = useRef<unknown>(undefined);
  useEffect(() => {
    if (!needsGroup || !groupList) return;
    const chosen = context.chatId;
    if (chosen && groupsChecked.current === groupList) return;
    groupsChecked.current = groupList;
    if (chosen && groupList.some((g) => g.chatId === chosen)) return;
    const first = groupList[0]?.chatId;
    if (first !== chosen) demo.setDemoContext({ chatId: first });
  }, [demo, needsGroup, context.chatId, groupList]);

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
    /** A simulated customer just added this member: chat with them (a single chat, unless in one already). */
    customerAdded(externalUserId: string): Entry {
      justAdded.current = externalUserId;
      contacts.reload();
      const entry = needsContact ? context.entry : 'single_chat_tools';
      demo.setDemoContext({ entry, externalUserId });
      return entry;
    },
    selectGroup(chatId: string) {
      demo.setDemoContext({ chatId });
    },
  };
}
