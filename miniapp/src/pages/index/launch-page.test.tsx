import { act, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { PlatformError } from '../../platform/platform-error';
import { fakeBridge, makeServices, makeStaff, renderWithServices } from '../../../test/fakes';
import LaunchPage from './index';

describe('launch page', () => {
  it.each([
    ['normal', '/workbench/pages/index'],
    ['single_chat_tools', '/sidebar/pages/index'],
    ['group_chat_tools', '/sidebar/pages/index'],
    ['contact_profile', '/sidebar/pages/index'],
  ] as const)('goes from entry %s to %s once logged in', async (entry, url) => {
    const services = makeServices({ bridge: fakeBridge({}, entry) });
    renderWithServices(<LaunchPage />, services);
    expect(Taro.reLaunch).not.toHaveBeenCalled();
    await act(() => services.session.start());
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url }));
  });

  it.each([
    [['COMPLIANCE'], '/brochure/pages/index'],
    [['ADMIN'], '/customers/pages/index'],
  ] as const)('opens %j on their first tab (they have no 工作台)', async (roles, url) => {
    const services = makeServices({ staff: makeStaff([...roles]) });
    renderWithServices(<LaunchPage />, services);
    await act(() => services.session.start());
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url }));
  });

  it('explains when the page is not running inside WeCom', async () => {
    const bridge = fakeBridge({ getContext: jest.fn(async () => Promise.reject(new PlatformError('NOT_IN_WECOM'))) });
    const services = makeServices({ bridge });
    renderWithServices(<LaunchPage />, services);
    await act(() => services.session.start());
    expect((await screen.findByRole('alert')).textContent).toContain('请在企业微信中打开');
    expect(Taro.reLaunch).not.toHaveBeenCalled();
  });
});
