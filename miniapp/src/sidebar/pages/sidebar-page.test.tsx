import { act, screen } from '@testing-library/react';
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

  it('shows the current group chat from a group chat', async () => {
    const services = makeServices({ bridge: fakeBridge({}, 'group_chat_tools') });
    renderWithServices(<SidebarPage />, services);
    await act(() => services.session.start());
    expect(await screen.findByText('wr-group-1')).toBeTruthy();
    expect(screen.getByText('当前客户群 ID')).toBeTruthy();
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
