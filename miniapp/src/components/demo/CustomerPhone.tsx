import type { DemoSmsMessage } from '@pfs/shared';
import { useCallback, useEffect, useState, useSyncExternalStore } from 'react';
import { toUserMessage } from '../../errors/app-error';
import type { DemoBridge } from '../../platform/demo-bridge';
import { customerPhoneOf, type CustomerPhoneStore } from './customer-phone-store';
import { frameDocument, typedPhone } from './phone-autofill';
import './customer-side.css';

export const SMS_POLL_MS = 3_000;

const time = (iso: string) => new Date(iso).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The phone's SMS inbox: the picked identity's number, else the number typed into the page; refreshed every 3 s. */
function SmsInbox({ demo, store }: { demo: DemoBridge; store: CustomerPhoneStore }) {
  const state = useSyncExternalStore(store.subscribe, store.get);
  const [typed, setTyped] = useState<string>();
  const [inbox, setInbox] = useState<{ phone: string; messages: DemoSmsMessage[] } | { phone: string; error: unknown }>();
  const phone = state.identity?.phone ?? typed;

  useEffect(() => {
    let cancelled = false;
    const tick = async () => {
      const number = store.get().identity?.phone ?? typedPhone(frameDocument(store.frame()));
      if (!cancelled) setTyped(number);
      if (!number) return;
      try {
        const messages = await demo.smsInbox(number);
        if (!cancelled) setInbox({ phone: number, messages });
      } catch (error) {
        if (!cancelled) setInbox({ phone: number, error });
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), SMS_POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [demo, store, state.identity]);

  const shown = inbox && inbox.phone === phone ? inbox : undefined;
  return (
    <div className='pfs-demo-phone__sms' aria-label='手机短信' role='region'>
      <div className='pfs-demo-phone__sms-head'>
        <span className='pfs-demo-phone__sms-title'>短信</span>
        <span className='pfs-demo-phone__sms-number'>{phone ?? '未填写手机号'}</span>
      </div>
      {!phone ? <p className='pfs-demo-phone__sms-empty'>填写或填入手机号后，这里显示该号码收到的短信。</p> : null}
      {phone && !shown ? <p className='pfs-demo-phone__sms-empty'>正在读取短信…</p> : null}
      {shown && 'error' in shown ? <p className='pfs-demo-phone__sms-empty pfs-demo__status--error'>{toUserMessage(shown.error)}</p> : null}
      {shown && 'messages' in shown && shown.messages.length === 0 ? <p className='pfs-demo-phone__sms-empty'>暂无短信</p> : null}
      {shown && 'messages' in shown
        ? shown.messages.slice(0, 3).map((m, i) => (
            <div key={`${m.sentAt}-${i}`} className={`pfs-demo-phone__sms-item${i === 0 ? ' pfs-demo-phone__sms-item--new' : ''}`}>
              <span className='pfs-demo-phone__sms-text'>{m.content}</span>
              <span className='pfs-demo-phone__sms-time'>{time(m.sentAt)}</span>
            </div>
          ))
        : null}
    </div>
  );
}

/**
 * The phone's page. Its `src` is fixed for the life of the frame (a new link card makes a new frame): the page
 * moves on by itself (WeChat authorization and back), and changing `src` on a re-render would reload it.
 */
function PhoneScreen({ store, url }: { store: CustomerPhoneStore; url: string }) {
  // A frame drawn again (another page's panel took over) resumes where the previous one's page was.
  const [src] = useState(() => store.location() ?? url);
  const keepFrame = useCallback(
    (frame: HTMLIFrameElement | null) => {
      const previous = store.frame();
      if (!frame && previous) store.setLocation(frameDocument(previous)?.location.href ?? store.location());
      store.setFrame(frame);
    },
    [store],
  );
  return (
    <iframe
      ref={keepFrame}
      className='pfs-demo-phone__frame'
      title='客户手机中的页面'
      src={src}
    />
  );
}

/**
 * The simulated customer's phone: the page the customer opened (an iframe of this origin, 375 px wide, through the
 * simulated WeChat authorization and back) with its SMS inbox on top. Docked right on a desktop, full screen on a
 * phone (position: fixed, outside the collapsible body of the panel). Drawn once, by the newest panel (see
 * CustomerPhoneStore.claim).
 */
export function CustomerPhone({ demo }: { demo: DemoBridge }) {
  const store = customerPhoneOf(demo);
  const [owner] = useState(() => Symbol('demo panel'));
  useEffect(() => store.claim(owner), [store, owner]);
  const state = useSyncExternalStore(store.subscribe, store.get);
  const mine = useSyncExternalStore(store.subscribe, () => store.owner() === owner);
  const open = Boolean(state.url) && mine;
  // The page beside the phone makes room for it (demo-panel.css / customer-side.css).
  useEffect(() => {
    if (!open) return undefined;
    document.documentElement.classList.add('pfs-demo-phone-open');
    return () => document.documentElement.classList.remove('pfs-demo-phone-open');
  }, [open]);
  if (!open || !state.url) return null;
  return (
    <aside className='pfs-demo-phone' aria-label='客户手机（演示）'>
      <div className='pfs-demo-phone__bar'>
        <span className='pfs-demo__badge'>演示</span>
        <span className='pfs-demo-phone__title'>客户手机{state.identity ? ` · ${state.identity.name}` : ''}</span>
        <button type='button' className='pfs-demo-phone__close' aria-label='关闭客户手机' onClick={() => store.close()}>
          ×
        </button>
      </div>
      <SmsInbox demo={demo} store={store} />
      <div className='pfs-demo-phone__screen'>
        <PhoneScreen key={state.url} store={store} url={state.url} />
      </div>
    </aside>
  );
}
