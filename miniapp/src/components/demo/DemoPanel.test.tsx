import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { createDemoBridge } from '../../platform/demo-bridge';
import type { FetchLike } from '../../platform/fetch-json';
import { fakeApi, makeServices, makeStaff, renderWithServices } from '../../../test/fakes';
import { DemoPanel } from './DemoPanel';

const json = (status: number, body: unknown) => ({ ok: status < 300, status, text: async () => JSON.stringify(body) });

function demoFetch(): jest.MockedFunction<FetchLike> {
  return jest.fn(async (url: string, init?: { method?: string; body?: string }) => {
    if (url === '/api/demo/staff')
      return json(200, [
        { wecomUserId: 'zhangsan', name: '张晓明', unitName: '朝阳支行', roles: ['ADVISOR'] },
        { wecomUserId: 'lisi', name: '李静', unitName: '朝阳支行', roles: ['UNIT_MANAGER'] },
      ]);
    if (url === '/api/demo/login-code') return json(200, { code: `c-${JSON.parse(init?.body ?? '{}').wecomUserId}` });
    if (url.startsWith('/api/demo/contacts')) return json(200, [{ externalUserId: 'wm-1', name: '王女士' }, { externalUserId: 'wm-2', name: '赵先生' }]);
    if (url.startsWith('/api/demo/group-chats')) return json(200, [{ chatId: 'wr-1', name: '理财沙龙群' }]);
    return json(404, { error: { code: 'ROUTE_NOT_FOUND', message: 'x', requestId: 'r' } });
  });
}

async function setup(layout: 'tabs' | 'sidebar' = 'tabs') {
  const demo = createDemoBridge({ fetch: demoFetch(), baseUrl: '', storage: window.localStorage, openWindow: jest.fn() });
  const staff = makeStaff();
  const services = makeServices({ demo, staff, api: fakeApi(staff) });
  const onRelaunch = jest.fn();
  renderWithServices(<DemoPanel demo={demo} session={services.session} layout={layout} onRelaunch={onRelaunch} />, services);
  await act(() => services.session.start());
  await screen.findByRole('option', { name: '张晓明（朝阳支行 · 理财经理）' });
  return { demo, services, onRelaunch };
}

const select = (name: string) => document.querySelector(`select[name="${name}"]`) as HTMLSelectElement;

describe('企业微信环境（演示） switcher', () => {
  it('lists the simulated staff and shows who is signed in', async () => {
    await setup();
    expect(screen.getByText('企业微信环境（演示）')).toBeTruthy();
    expect(select('staff').value).toBe('zhangsan');
    expect(screen.getByRole('option', { name: '李静（朝阳支行 · 机构负责人）' })).toBeTruthy();
    expect(select('entry').value).toBe('normal');
  });

  it('logs in again when the staff member changes', async () => {
    const { services, onRelaunch, demo } = await setup();
    const switchUser = jest.spyOn(services.session, 'switchUser');
    await act(async () => {
      fireEvent.change(select('staff'), { target: { value: 'lisi' } });
    });
    expect(switchUser).toHaveBeenCalledTimes(1);
    expect(demo.getDemoContext().wecomUserId).toBe('lisi');
    expect(onRelaunch).toHaveBeenCalledWith('normal');
    expect(JSON.parse(window.localStorage.getItem('pfs.demo.context') ?? '{}').wecomUserId).toBe('lisi');
  });

  it('moves to the sidebar for a single-chat entry and picks the first customer', async () => {
    const { demo, onRelaunch } = await setup('tabs');
    act(() => {
      fireEvent.change(select('entry'), { target: { value: 'single_chat_tools' } });
    });
    expect(onRelaunch).toHaveBeenCalledWith('single_chat_tools');
    await waitFor(() => expect(demo.getDemoContext().externalUserId).toBe('wm-1'));
    expect(select('contact').value).toBe('wm-1');
    act(() => {
      fireEvent.change(select('contact'), { target: { value: 'wm-2' } });
    });
    await expect(demo.getCurExternalContact()).resolves.toBe('wm-2');
  });

  it('stays in the sidebar when switching between chat entries', async () => {
    const { demo, onRelaunch } = await setup('sidebar');
    act(() => {
      fireEvent.change(select('entry'), { target: { value: 'group_chat_tools' } });
    });
    expect(onRelaunch).not.toHaveBeenCalled();
    await waitFor(() => expect(demo.getDemoContext().chatId).toBe('wr-1'));
    expect(select('group').value).toBe('wr-1');
  });
});

describe('switching staff in a chat entry (the sidebar follows the new member’s customer)', () => {
  const CONTACTS: Record<string, { externalUserId: string; name: string }[]> = {
    zhangsan: [
      { externalUserId: 'wm-z1', name: '张的客户一' },
      { externalUserId: 'wm-z2', name: '张的客户二' },
    ],
    lisi: [{ externalUserId: 'wm-l1', name: '李的客户' }],
  };
  function perStaffFetch(): jest.MockedFunction<FetchLike> {
    const base = demoFetch();
    return jest.fn(async (url: string, init?: { method?: string; body?: string }) => {
      const contacts = /^\/api\/demo\/contacts\?wecomUserId=(\w+)/.exec(url);
      if (contacts) return json(200, CONTACTS[contacts[1]!] ?? []);
      return base(url, init);
    });
  }
  async function setupInChat(stored: object) {
    window.localStorage.setItem('pfs.demo.context', JSON.stringify(stored));
    const demo = createDemoBridge({ fetch: perStaffFetch(), baseUrl: '', storage: window.localStorage, openWindow: jest.fn() });
    const staff = makeStaff();
    const services = makeServices({ demo, staff, api: fakeApi(staff) });
    renderWithServices(<DemoPanel demo={demo} session={services.session} layout='sidebar' onRelaunch={jest.fn()} />, services);
    await act(() => services.session.start());
    await screen.findByRole('option', { name: '张晓明（朝阳支行 · 理财经理）' });
    return demo;
  }
  const stored = () => JSON.parse(window.localStorage.getItem('pfs.demo.context') ?? '{}') as { externalUserId?: string };

  it('picks the new member’s first customer, not the previous member’s (also in what a reload reads)', async () => {
    const demo = await setupInChat({ entry: 'single_chat_tools', wecomUserId: 'zhangsan', externalUserId: 'wm-z2' });
    await screen.findByRole('option', { name: '张的客户二' });
    await act(async () => {
      fireEvent.change(select('staff'), { target: { value: 'lisi' } });
    });
    await screen.findByRole('option', { name: '李的客户' });
    await waitFor(() => expect(demo.getDemoContext().externalUserId).toBe('wm-l1'));
    await expect(demo.getCurExternalContact()).resolves.toBe('wm-l1');
    expect(select('contact').value).toBe('wm-l1');
    expect(stored().externalUserId).toBe('wm-l1');
  });

  it('replaces a kept customer the member does not have (a context saved before this fix) with the member’s first', async () => {
    const demo = await setupInChat({ entry: 'single_chat_tools', wecomUserId: 'lisi', externalUserId: 'wm-z1' });
    await waitFor(() => expect(demo.getDemoContext().externalUserId).toBe('wm-l1'));
    expect(stored().externalUserId).toBe('wm-l1');
  });
});
