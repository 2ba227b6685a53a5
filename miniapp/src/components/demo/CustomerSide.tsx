import type { DemoChatMessage, DemoCrmIdentity } from '@pfs/shared';
import { useEffect, useState, useSyncExternalStore } from 'react';
import { toUserMessage } from '../../errors/app-error';
import { useAsync } from '../../hooks/use-async';
import type { DemoBridge } from '../../platform/demo-bridge';
import type { DemoContext } from '../../platform/demo-context-store';
import { customerPhoneOf } from './customer-phone-store';
import { autofill, frameDocument } from './phone-autofill';
import './customer-side.css';

export interface CustomerSideProps {
  demo: DemoBridge;
  context: DemoContext;
  /** A new contact was added: the panel opens the single chat with them. */
  onCustomerAdded: (externalUserId: string) => void;
  /** Where the phone opens a link (tests; default: the in-page phone, or a new window for another origin). */
  sameOrigin?: (link: string) => boolean;
}

const CHAT_SHOWN = 5;

const isSameOrigin = (link: string) => {
  try {
    return new URL(link, window.location.href).origin === window.location.origin;
  } catch {
    return false;
  }
};

interface NewsCard {
  link: string;
  title: string;
  desc?: string;
}

function newsOf(message: DemoChatMessage): NewsCard | undefined {
  const news = message.message.news as Partial<NewsCard> | undefined;
  return message.message.msgtype === 'news' && news && typeof news.link === 'string' && typeof news.title === 'string'
    ? { link: news.link, title: news.title, desc: typeof news.desc === 'string' ? news.desc : undefined }
    : undefined;
}

function textOf(message: DemoChatMessage): string | undefined {
  const text = message.message.text as { content?: unknown } | undefined;
  return message.message.msgtype === 'text' && typeof text?.content === 'string' ? text.content : undefined;
}

/**
 * The customer's side of the demo (H5 only): a simulated WeChat customer adds the member, what the member sent
 * into the chat with them (the invitation's link card opens the customer's phone), the demo CRM identities to
 * verify as (填入 types one into the phone's form), and the phone itself with its SMS inbox.
 */
export function CustomerSide({ demo, context, onCustomerAdded, sameOrigin = isSameOrigin }: CustomerSideProps) {
  const store = customerPhoneOf(demo);
  const phone = useSyncExternalStore(store.subscribe, store.get);

  const staffId = context.wecomUserId;
  const contactId = context.externalUserId;
  const [sent, setSent] = useState(0);
  useEffect(() => demo.onChatMessage(() => setSent((n) => n + 1)), [demo]);
  const chat = useAsync(async () => (contactId ? demo.listChatMessages() : []), [demo, contactId, sent]);
  const identities = useAsync(() => demo.listCrmIdentities(staffId), [demo, staffId, phone.url]);

  const [name, setName] = useState('');
  const [adding, setAdding] = useState<{ kind: 'idle' } | { kind: 'adding' } | { kind: 'added'; name: string } | { kind: 'error'; error: unknown }>({ kind: 'idle' });
  const [fillNote, setFillNote] = useState<string>();

  const addCustomer = async () => {
    if (!staffId || adding.kind === 'adding') return;
    const customerName = name.trim() || '新客户';
    setAdding({ kind: 'adding' });
    try {
      const externalUserId = await demo.addCustomer(staffId, customerName);
      setAdding({ kind: 'added', name: customerName });
      setName('');
      onCustomerAdded(externalUserId);
    } catch (error) {
      setAdding({ kind: 'error', error });
    }
  };

  const openCard = (card: NewsCard) => {
    if (sameOrigin(card.link)) store.set({ url: card.link });
    else window.open(card.link, 'pfs-demo-customer-phone', 'popup,width=375,height=812');
  };

  const fill = (identity: DemoCrmIdentity) => {
    store.set({ identity });
    const filled = autofill(frameDocument(store.frame()), { name: identity.name, idNumber: identity.idNumber, phone: identity.phone ?? '' });
    setFillNote(filled.length ? `已填入${identity.name}的姓名、身份证号和手机号` : '请先在客户手机中打开邀请，进入“填写信息”页面后再填入');
  };

  const messages = chat.status === 'success' ? chat.data.filter((m) => m.wecomUserId === staffId && m.externalUserId === contactId).slice(-CHAT_SHOWN) : [];

  return (
    <div className='pfs-demo-customer'>
      <h2 className='pfs-demo-customer__title'>客户侧（模拟）</h2>
      <p className='pfs-demo__hint'>模拟客户的微信与手机：新客户添加员工、客户在聊天中收到的消息、用于认证的行内客户身份与手机短信。</p>

      <div className='pfs-demo__field'>
        <span className='pfs-demo__label'>新客户添加当前员工</span>
        <div className='pfs-demo-customer__row'>
          <input
            className='pfs-demo-customer__input'
            name='new-customer'
            value={name}
            maxLength={30}
            placeholder='客户微信昵称，如 林小姐'
            onChange={(event) => setName(event.target.value)}
          />
          <button type='button' className='pfs-demo-customer__button' disabled={!staffId || adding.kind === 'adding'} onClick={() => void addCustomer()}>
            {adding.kind === 'adding' ? '添加中…' : '添加客户'}
          </button>
        </div>
        {adding.kind === 'added' ? <p className='pfs-demo__status'>{adding.name} 已添加，已切换到与其单聊</p> : null}
        {adding.kind === 'error' ? <p className='pfs-demo__status pfs-demo__status--error'>{toUserMessage(adding.error)}</p> : null}
      </div>

      <div className='pfs-demo__field'>
        <span className='pfs-demo__label'>客户收到的聊天消息</span>
        {!contactId ? <p className='pfs-demo-customer__empty'>选择“单聊工具栏”入口和当前客户后，这里显示发给该客户的消息。</p> : null}
        {contactId && chat.status === 'loading' ? <p className='pfs-demo-customer__empty'>正在读取…</p> : null}
        {contactId && chat.status === 'error' ? <p className='pfs-demo__status pfs-demo__status--error'>{toUserMessage(chat.error)}</p> : null}
        {contactId && chat.status === 'success' && messages.length === 0 ? (
          <p className='pfs-demo-customer__empty'>暂无消息。在侧边栏点击“发送实名邀请”后，邀请卡片会出现在这里。</p>
        ) : null}
        {messages.map((m, i) => {
          const card = newsOf(m);
          if (card)
            return (
              <button key={`${m.sentAt}-${i}`} type='button' className='pfs-demo-card' onClick={() => openCard(card)}>
                <span className='pfs-demo-card__title'>{card.title}</span>
                {card.desc ? <span className='pfs-demo-card__desc'>{card.desc}</span> : null}
                <span className='pfs-demo-card__hint'>点击在客户手机中打开</span>
              </button>
            );
          const text = textOf(m);
          return (
            <p key={`${m.sentAt}-${i}`} className='pfs-demo-customer__bubble'>
              {text ?? `[${String(m.message.msgtype)}消息]`}
            </p>
          );
        })}
      </div>

      <div className='pfs-demo__field'>
        <span className='pfs-demo__label'>演示身份（行内客户，用于实名认证）</span>
        {identities.status === 'loading' ? <p className='pfs-demo-customer__empty'>正在读取…</p> : null}
        {identities.status === 'error' ? <p className='pfs-demo__status pfs-demo__status--error'>{toUserMessage(identities.error)}</p> : null}
        {identities.status === 'success' && identities.data.length === 0 ? <p className='pfs-demo-customer__empty'>暂无未绑定的行内客户</p> : null}
        {identities.status === 'success'
          ? identities.data.map((identity) => (
              <div key={identity.crmNo} className={`pfs-demo-identity${phone.identity?.crmNo === identity.crmNo ? ' pfs-demo-identity--on' : ''}`}>
                <div className='pfs-demo-identity__text'>
                  <span className='pfs-demo-identity__name'>
                    {identity.name}
                    {identity.owner ? <span className='pfs-demo-identity__owner'>归属 {identity.owner.name}</span> : null}
                  </span>
                  <span className='pfs-demo-identity__line'>身份证 {identity.idNumber}</span>
                  <span className='pfs-demo-identity__line'>手机 {identity.phone ?? '—'}</span>
                </div>
                <button type='button' className='pfs-demo-customer__button' disabled={!phone.url} onClick={() => fill(identity)}>
                  填入
                </button>
              </div>
            ))
          : null}
        {fillNote ? <p className='pfs-demo__status'>{fillNote}</p> : null}
      </div>
    </div>
  );
}
