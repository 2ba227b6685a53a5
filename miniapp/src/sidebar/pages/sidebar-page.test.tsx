import { act, screen } from '@testing-library/react';
import { PlatformError } from '../../platform/platform-error';
import { fakeBridge, makeServices, renderWithServices } from '../../../test/fakes';
import SidebarPage from './index';

describe('chat-toolbar sidebar', () => {
  it('shows the current customer from a single chat', async () => {
    const services = makeServices({ bridge: fakeBridge({}, 'single_chat_tools') });
    renderWithServices(<SidebarPage />, services);
    await act(() => services.session.start());
    expect(await screen.findByText('wm-customer-1')).toBeTruthy();
    expect(screen.getByText('当前客户 ID')).toBeTruthy();
    expect(screen.getByText('单聊工具栏')).toBeTruthy();
    expect(screen.getByText('客户管家')).toBeTruthy();
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
