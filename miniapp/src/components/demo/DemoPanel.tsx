import { ROLE_LABELS_ZH, type DemoStaff, type Role } from '@pfs/shared';
import { useState } from 'react';
import { toUserMessage } from '../../errors/app-error';
import { relaunchForEntry } from '../../navigation/navigate';
import type { DemoBridge } from '../../platform/demo-bridge';
import { ENTRIES, ENTRY_LABELS_ZH, isSidebarEntry, type Entry } from '../../platform/types';
import type { SessionController } from '../../session/session-controller';
import { CustomerPhone } from './CustomerPhone';
import { CustomerSide } from './CustomerSide';
import { useDemoSwitcher } from './use-demo-switcher';
import './demo-panel.css';

export interface DemoPanelProps {
  demo: DemoBridge;
  session: SessionController;
  /** Which layout is showing, so an entry change that needs the other one relaunches the app. */
  layout: 'tabs' | 'sidebar';
  /** Injectable for tests. */
  onRelaunch?: (entry: Entry) => void;
}

function staffLabel(staff: DemoStaff): string {
  const roles = staff.roles.map((role) => ROLE_LABELS_ZH[role as Role] ?? role).join('、');
  return `${staff.name}（${staff.unitName}${roles ? ` · ${roles}` : ''}）`;
}

/**
 * H5 demo only (plain DOM elements: it never renders in the mini-program). Plays the WeCom client: who is
 * signed in and where the page was opened from. Docked left on a desktop, a collapsible bar on a phone.
 */
export function DemoPanel({ demo, session, layout, onRelaunch = relaunchForEntry }: DemoPanelProps) {
  const switcher = useDemoSwitcher(demo, session);
  const [open, setOpen] = useState(false);
  const { context, staff, contacts, groups } = switcher;
  const current = staff.status === 'success' ? staff.data.find((s) => s.wecomUserId === context.wecomUserId) : undefined;

  const changeEntry = (entry: Entry) => {
    switcher.selectEntry(entry);
    if (isSidebarEntry(entry) !== (layout === 'sidebar')) onRelaunch(entry);
  };
  const customerAdded = (externalUserId: string) => {
    const entry = switcher.customerAdded(externalUserId);
    if (isSidebarEntry(entry) !== (layout === 'sidebar')) onRelaunch(entry);
  };
  const changeStaff = async (wecomUserId: string) => {
    await switcher.selectStaff(wecomUserId);
    onRelaunch(context.entry);
  };

  return (
    <section className={`pfs-demo${open ? ' pfs-demo--open' : ''}`} aria-label='企业微信环境（演示）'>
      <button type='button' className='pfs-demo__bar' aria-expanded={open} onClick={() => setOpen(!open)}>
        <span className='pfs-demo__badge'>演示</span>
        <span className='pfs-demo__title'>企业微信环境（演示）</span>
        <span className='pfs-demo__summary'>
          {current?.name ?? (staff.status === 'loading' ? '正在读取…' : '未选择员工')} · {ENTRY_LABELS_ZH[context.entry]}
        </span>
        <span className='pfs-demo__chevron' aria-hidden='true' />
      </button>
      <div className='pfs-demo__body'>
        <p className='pfs-demo__hint'>此面板模拟企业微信客户端：选择登录的员工、页面的打开入口，以及当前聊天的客户或客户群。</p>

        <label className='pfs-demo__field'>
          <span className='pfs-demo__label'>员工</span>
          <select
            className='pfs-demo__select'
            name='staff'
            value={context.wecomUserId ?? ''}
            disabled={staff.status !== 'success'}
            onChange={(event) => void changeStaff(event.target.value)}
          >
            {!context.wecomUserId ? <option value=''>请选择员工</option> : null}
            {staff.status === 'success'
              ? staff.data.map((s) => (
                  <option key={s.wecomUserId} value={s.wecomUserId}>
                    {staffLabel(s)}
                  </option>
                ))
              : null}
          </select>
        </label>
        {staff.status === 'loading' ? <p className='pfs-demo__status'>正在读取员工…</p> : null}
        {staff.status === 'error' ? (
          <p className='pfs-demo__status pfs-demo__status--error'>
            {toUserMessage(staff.error)}{' '}
            <button type='button' className='pfs-demo__link' onClick={staff.reload}>
              重试
            </button>
          </p>
        ) : null}

        <label className='pfs-demo__field'>
          <span className='pfs-demo__label'>入口</span>
          <select className='pfs-demo__select' name='entry' value={context.entry} onChange={(event) => changeEntry(event.target.value as Entry)}>
            {ENTRIES.map((entry) => (
              <option key={entry} value={entry}>
                {ENTRY_LABELS_ZH[entry]}
              </option>
            ))}
          </select>
        </label>

        {switcher.needsContact ? (
          <label className='pfs-demo__field'>
            <span className='pfs-demo__label'>当前客户</span>
            <select
              className='pfs-demo__select'
              name='contact'
              value={context.externalUserId ?? ''}
              disabled={contacts.status !== 'success' || contacts.data.length === 0}
              onChange={(event) => switcher.selectContact(event.target.value)}
            >
              {contacts.status === 'success' && contacts.data.length === 0 ? <option value=''>该员工暂无客户</option> : null}
              {contacts.status === 'success'
                ? contacts.data.map((c) => (
                    <option key={c.externalUserId} value={c.externalUserId}>
                      {c.name}
                    </option>
                  ))
                : null}
            </select>
          </label>
        ) : null}
        {switcher.needsContact && contacts.status === 'error' ? (
          <p className='pfs-demo__status pfs-demo__status--error'>{toUserMessage(contacts.error)}</p>
        ) : null}

        {switcher.needsGroup ? (
          <label className='pfs-demo__field'>
            <span className='pfs-demo__label'>当前客户群</span>
            <select
              className='pfs-demo__select'
              name='group'
              value={context.chatId ?? ''}
              disabled={groups.status !== 'success' || groups.data.length === 0}
              onChange={(event) => switcher.selectGroup(event.target.value)}
            >
              {groups.status === 'success' && groups.data.length === 0 ? <option value=''>该员工暂无客户群</option> : null}
              {groups.status === 'success'
                ? groups.data.map((g) => (
                    <option key={g.chatId} value={g.chatId}>
                      {g.name}
                    </option>
                  ))
                : null}
            </select>
          </label>
        ) : null}
        {switcher.needsGroup && groups.status === 'error' ? (
          <p className='pfs-demo__status pfs-demo__status--error'>{toUserMessage(groups.error)}</p>
        ) : null}

        <CustomerSide demo={demo} context={context} onCustomerAdded={customerAdded} />
      </div>
      <CustomerPhone demo={demo} />
    </section>
  );
}
