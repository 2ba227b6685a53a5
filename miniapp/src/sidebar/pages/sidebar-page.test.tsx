import { act, fireEvent, screen } from '@testing-library/react';
import { createHttpClient } from '../../api/http-client';
import type { TransportRequest } from '../../api/transport';
import { PlatformError } from '../../platform/platform-error';
import { fakeBridge, makeServices, renderWithServices } from '../../../test/fakes';
import SidebarPage from './index';

describe('chat-toolbar sidebar', () => {
  it('shows the current customer’s profile from a single chat', async () => {
    const services = makeServices({ bridge: fakeBridge({}, 'single_chat_tools') });
    const transport = jest.fn(async (req: TransportRequest) => ({
      status: 200,
      headers: {},
      body: req.url.endsWith('/api/customers/by-external/wm-customer-1')
        ? {
            id: 'cus-1', externalUserId: 'wm-customer-1', displayName: '小李', avatarUrl: null, verified: false, verifiedAt: null,
            nameMasked: null, phoneMasked: null, idNumberMasked: null, crm: null, corpTags: [], availableTags: [],
            relationship: { staffId: 's1', staffName: '王芳', channel: null, addedAt: '2026-01-02T03:04:05.000Z', status: 'ACTIVE' },
            invitation: null, timeline: [], engagement: null, recommendations: [],
          }
        : {},
    }));
    services.http = createHttpClient({ baseUrl: '', transport });
    renderWithServices(<SidebarPage />, services);
    await act(() => services.session.start());
    expect(await screen.findByText('小李')).toBeTruthy();
    expect(screen.getByText('未实名')).toBeTruthy();
    expect(screen.getByText('发送实名邀请')).toBeTruthy();
    expect(screen.getByText('亲密度评分即将上线')).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('lists the group’s customers from a group chat: own ones with 实名 status and a way into the profile, others masked', async () => {
    const services = makeServices({ bridge: fakeBridge({}, 'group_chat_tools') });
    const profile = {
      id: 'cus-2', externalUserId: 'wm-2', displayName: '老周', avatarUrl: null, verified: true, verifiedAt: '2026-01-03T03:04:05.000Z',
      nameMasked: '周*', phoneMasked: '138****5678', idNumberMasked: null, crm: null, corpTags: [], availableTags: [],
      relationship: { staffId: 's1', staffName: '王芳', channel: null, addedAt: '2026-01-02T03:04:05.000Z', status: 'ACTIVE' },
      invitation: null, timeline: [], engagement: null, recommendations: [],
    };
    const transport = jest.fn(async (req: TransportRequest) => ({
      status: 200,
      headers: {},
      body: req.url.endsWith('/api/group-chats/wr-group-1/members')
        ? {
            chatId: 'wr-group-1', name: '王芳的理财沙龙群', ownerName: '王芳', staffCount: 1,
            customers: [
              { displayName: '小李', inScope: true, customerId: 'cus-1', nameMasked: null, verified: false, joinedAt: '2026-01-02T03:04:05.000Z' },
              { displayName: '张*', inScope: false, customerId: null, nameMasked: null, verified: null, joinedAt: '2026-01-02T03:04:05.000Z' },
              { displayName: '老周', inScope: true, customerId: 'cus-2', nameMasked: '周*', verified: true, joinedAt: '2026-01-02T03:04:05.000Z' },
            ],
          }
        : req.url.endsWith('/api/customers/cus-2/profile')
          ? profile
          : {},
    }));
    services.http = createHttpClient({ baseUrl: '', transport });
    renderWithServices(<SidebarPage />, services);
    await act(() => services.session.start());
    expect(await screen.findByText('王芳的理财沙龙群')).toBeTruthy();
    expect(screen.getByText('群主 王芳 · 客户 3 人 · 您的客户 2 人（已实名 1）')).toBeTruthy();
    const rows = [...document.querySelectorAll('.pfs-group__row')].map((r) => r.textContent);
    expect(rows).toEqual(['小李未实名›', '老周周*已实名›', '张*非您名下客户']);
    expect(screen.queryByText('无法读取当前会话')).toBeNull();

    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查看老周的客户画像' })));
    expect(await screen.findByText('周* · 138****5678')).toBeTruthy();
    expect(transport).toHaveBeenCalledWith(expect.objectContaining({ url: '/api/customers/cus-2/profile' }));
    await act(async () => fireEvent.click(screen.getByText('‹ 返回群成员')));
    expect(await screen.findByText('王芳的理财沙龙群')).toBeTruthy();
  });

  it('says so when the group cannot be read (not in it, or gone)', async () => {
    const services = makeServices({ bridge: fakeBridge({}, 'group_chat_tools') });
    services.http = createHttpClient({
      baseUrl: '',
      transport: jest.fn(async () => ({ status: 404, headers: {}, body: { error: { code: 'GROUP_CHAT_NOT_FOUND', message: '未找到该客户群，或您不在群中', requestId: 'r1' } } })),
    });
    renderWithServices(<SidebarPage />, services);
    await act(() => services.session.start());
    expect(await screen.findByText('群成员加载失败')).toBeTruthy();
    expect(screen.getByText(/未找到该客户群，或您不在群中/)).toBeTruthy();
  });

  it('explains when WeCom gives no customer context', async () => {
    const bridge = fakeBridge(
      { getCurExternalContact: jest.fn(async () => Promise.reject(new PlatformError('NO_EXTERNAL_CONTACT'))) },
      'contact_profile',
    );
    const services = makeServices({ bridge });
    renderWithServices(<SidebarPage />, services);
    await act(() => services.session.start());
    expect((await screen.findByRole('alert')).textContent).toContain('请从客户聊天或客户详情页进入');
  });
});
