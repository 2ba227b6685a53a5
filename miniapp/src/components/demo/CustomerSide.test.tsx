import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createDemoBridge } from '../../platform/demo-bridge';
import type { FetchLike } from '../../platform/fetch-json';
import { CustomerPhone } from './CustomerPhone';
import { CustomerSide } from './CustomerSide';
import { autofill, typedPhone } from './phone-autofill';

const json = (status: number, body: unknown) => ({ ok: status < 300, status, text: async () => JSON.stringify(body) });

const LINK = `${window.location.origin}/#/verify/pages/index?t=tok-1`;
const IDENTITY = { crmNo: 'C1', name: '蔡明杰', idNumber: '11010519491231002X', phone: '18872132208', owner: { wecomUserId: 'zhangsan', name: '张晓明' } };

function customerFetch() {
  const chat: unknown[] = [];
  let contactsPolled = 0;
  const fetch = jest.fn(async (url: string, init?: { method?: string; body?: string }) => {
    const body = JSON.parse(init?.body ?? 'null') as Record<string, unknown> | null;
    if (url === '/api/demo/chat-messages' && init?.method === 'POST') {
      chat.push({ ...body, sentAt: '2026-11-24T02:00:00.000Z' });
      return json(201, {});
    }
    if (url === '/api/demo/chat-messages') return json(200, chat);
    if (url === '/api/demo/customer-adds-advisor') return json(201, { externalUserId: 'wm-new' });
    if (url.startsWith('/api/demo/contacts')) {
      contactsPolled += 1;
      // The queue applies the callback a moment later: the new contact shows from the second look on.
      return json(200, contactsPolled > 1 ? [{ externalUserId: 'wm-new', name: '林小姐' }] : []);
    }
    if (url.startsWith('/api/demo/crm-identities')) return json(200, [IDENTITY]);
    if (url.startsWith('/api/demo/sms-inbox?phone=18872132208'))
      return json(200, [{ content: '【主动金融】您的验证码为 654321，5分钟内有效。', code: '654321', sentAt: '2026-11-24T02:01:00.000Z' }]);
    if (url.startsWith('/api/demo/sms-inbox')) return json(200, []);
    return json(404, { error: { code: 'ROUTE_NOT_FOUND', message: 'x', requestId: 'r' } });
  }) as jest.MockedFunction<FetchLike>;
  return fetch;
}

function setup(externalUserId = 'wm-1') {
  const fetch = customerFetch();
  const demo = createDemoBridge({ fetch, baseUrl: '', storage: window.localStorage, openWindow: jest.fn(), timing: { contactPollMs: 1, contactPolls: 5 } });
  demo.setDemoContext({ wecomUserId: 'zhangsan', entry: 'single_chat_tools', externalUserId });
  const onCustomerAdded = jest.fn();
  render(
    <>
      <CustomerSide demo={demo} context={demo.getDemoContext()} onCustomerAdded={onCustomerAdded} />
      <CustomerPhone demo={demo} />
    </>,
  );
  return { demo, fetch, onCustomerAdded };
}

describe('demo panel · 客户侧', () => {
  it('shows the link card the member sent to this customer, and opens it in the customer’s phone with its SMS inbox', async () => {
    const { demo } = setup();
    await screen.findByText(/暂无消息/);
    await act(() => demo.sendChatMessage({ msgtype: 'news', news: { link: LINK, title: '邀请您完成实名认证', desc: '王芳邀请您' } }));
    const card = await screen.findByRole('button', { name: /邀请您完成实名认证/ });
    expect(document.querySelector('.pfs-demo-phone')).toBeNull();

    fireEvent.click(card);
    const frame = (await screen.findByTitle('客户手机中的页面')) as HTMLIFrameElement;
    expect(frame.getAttribute('src')).toBe(LINK);
    expect(document.documentElement.classList.contains('pfs-demo-phone-open')).toBe(true);
    expect(screen.getByText('未填写手机号')).toBeTruthy();

    // Picking an identity makes the phone theirs: its inbox shows the codes sent to that number.
    fireEvent.click(await screen.findByRole('button', { name: '填入' }));
    await screen.findByText(/您的验证码为 654321/);
    expect(screen.getByText('18872132208')).toBeTruthy();
    // …without reloading the phone's page (a new src would lose what the customer typed).
    expect(screen.getByTitle('客户手机中的页面')).toBe(frame);
    expect(frame.getAttribute('src')).toBe(LINK);

    fireEvent.click(screen.getByRole('button', { name: '关闭客户手机' }));
    expect(document.querySelector('.pfs-demo-phone')).toBeNull();
    expect(document.documentElement.classList.contains('pfs-demo-phone-open')).toBe(false);
  });

  it('lists only messages to the current customer', async () => {
    const { demo } = setup('wm-2');
    await screen.findByText(/暂无消息/);
    demo.setDemoContext({ externalUserId: 'wm-1' });
    await act(() => demo.sendChatMessage({ msgtype: 'text', text: { content: '给另一位客户' } }));
    demo.setDemoContext({ externalUserId: 'wm-2' });
    await act(async () => undefined);
    expect(screen.queryByText('给另一位客户')).toBeNull();
  });

  it('adds a simulated customer and hands over the new contact once the member’s list has it', async () => {
    const { fetch, onCustomerAdded } = setup();
    fireEvent.change(document.querySelector('input[name="new-customer"]')!, { target: { value: '林小姐' } });
    fireEvent.click(screen.getByRole('button', { name: '添加客户' }));
    await waitFor(() => expect(onCustomerAdded).toHaveBeenCalledWith('wm-new'));
    expect(fetch).toHaveBeenCalledWith('/api/demo/customer-adds-advisor', expect.objectContaining({ body: JSON.stringify({ userId: 'zhangsan', name: '林小姐' }) }));
    expect(fetch.mock.calls.filter(([url]) => url.startsWith('/api/demo/contacts')).length).toBe(2);
    expect(screen.getByText('林小姐 已添加，已切换到与其单聊')).toBeTruthy();
  });

  it('shows the demo CRM identities in clear, 填入 disabled until the phone is open', async () => {
    setup();
    await screen.findByText('身份证 11010519491231002X');
    expect(screen.getByText('手机 18872132208')).toBeTruthy();
    expect((screen.getByRole('button', { name: '填入' }) as HTMLButtonElement).disabled).toBe(true);
  });
});

describe('phone autofill', () => {
  it('sets each named input through its own value setter and fires input, as a browser’s autofill does', () => {
    const doc = document.implementation.createHTMLDocument('phone');
    doc.body.innerHTML = '<input name="name"><input name="idNumber"><input name="phone">';
    const seen: string[] = [];
    doc.querySelectorAll('input').forEach((input) => input.addEventListener('input', (e) => seen.push(`${input.name}=${(e.target as HTMLInputElement).value}`)));
    expect(autofill(doc, { name: '蔡明杰', idNumber: '11010519491231002X', phone: '18872132208', smsCode: '1' })).toEqual(['name', 'idNumber', 'phone']);
    expect(seen).toEqual(['name=蔡明杰', 'idNumber=11010519491231002X', 'phone=18872132208']);
    expect(autofill(null, { name: 'x' })).toEqual([]);
  });

  it('reads the number typed into the phone’s form, normalised', () => {
    const doc = document.implementation.createHTMLDocument('phone');
    doc.body.innerHTML = '<input name="phone" value="+86 188-7213-2208">';
    expect(typedPhone(doc)).toBe('18872132208');
    doc.querySelector('input')!.value = '188';
    expect(typedPhone(doc)).toBeUndefined();
  });
});
