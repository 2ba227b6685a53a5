import { ERROR_MESSAGES_ZH } from '@pfs/shared';
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ApiError } from '../api/api-error';
import { fakeApi, fakeBridge, makeServices, makeStaff, never, renderWithServices } from '../../test/fakes';
import { FeatureTabPage } from './FeatureTabPage';

describe('tab pages', () => {
  it('shows the loading state while logging in', async () => {
    const services = makeServices({ bridge: fakeBridge({ login: jest.fn(() => never<string>()) }) });
    renderWithServices(<FeatureTabPage tab='workbench' />, services);
    act(() => {
      void services.session.start();
    });
    expect(screen.getByText('正在登录…')).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
  });

  it('shows the error state in Chinese with the request id, and retries', async () => {
    const staff = makeStaff();
    const loginWithCode = jest
      .fn()
      .mockRejectedValueOnce(new ApiError('STAFF_NOT_FOUND', ERROR_MESSAGES_ZH.STAFF_NOT_FOUND, 403, 'req-7'))
      .mockResolvedValueOnce({ token: 't', expiresAt: '2030-01-01T00:00:00Z', staff });
    const services = makeServices({ staff, api: fakeApi(staff, { loginWithCode }) });
    renderWithServices(<FeatureTabPage tab='customers' />, services);
    await act(() => services.session.start());

    expect(screen.getByRole('alert').textContent).toContain(ERROR_MESSAGES_ZH.STAFF_NOT_FOUND);
    expect(screen.getByText('请求编号 req-7')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(await screen.findByText('客户管家即将上线')).toBeTruthy();
  });

  it('shows the coming-soon empty state with the current staff and unit', async () => {
    const services = makeServices({ staff: makeStaff(['ADVISOR']) });
    renderWithServices(<FeatureTabPage tab='brochure' />, services);
    await act(() => services.session.start());
    expect(screen.getByText('金融产品图册即将上线')).toBeTruthy();
    expect(screen.getByText('张晓明')).toBeTruthy();
    expect(screen.getByText('朝阳支行')).toBeTruthy();
    expect(screen.getByText('理财经理')).toBeTruthy();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['工作台', '客户', '图册', '我的']);
  });

  it('shows reports to a unit manager, with the reports tab selected', async () => {
    const services = makeServices({ staff: makeStaff(['UNIT_MANAGER']) });
    renderWithServices(<FeatureTabPage tab='reports' />, services);
    await act(() => services.session.start());
    expect(screen.getByText('管理报表即将上线')).toBeTruthy();
    expect(screen.getByRole('tab', { name: '报表' }).getAttribute('aria-selected')).toBe('true');
  });

  it('refuses reports to an advisor who deep-links there', async () => {
    const services = makeServices({ staff: makeStaff(['ADVISOR']) });
    renderWithServices(<FeatureTabPage tab='reports' />, services);
    await act(() => services.session.start());
    expect(screen.getByText('无权查看')).toBeTruthy();
    expect(screen.getByText('管理报表仅向机构负责人、运营和管理员开放。')).toBeTruthy();
    expect(screen.queryByText('管理报表即将上线')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '返回工作台' }));
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/workbench/pages/index' });
  });

  it('sends compliance staff who deep-link to 客户 back to their own first tab, not to 工作台', async () => {
    const services = makeServices({ staff: makeStaff(['COMPLIANCE']) });
    renderWithServices(<FeatureTabPage tab='customers' />, services);
    await act(() => services.session.start());
    expect(screen.getByText('客户信息仅向客户经理、机构负责人和管理员开放；运营与合规岗位请使用图册与审计功能。')).toBeTruthy();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(['图册', '审计', '我的']);
    fireEvent.click(screen.getByRole('button', { name: '返回首页' }));
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/brochure/pages/index' });
  });

  it('switches tabs by replacing the page', async () => {
    const services = makeServices();
    renderWithServices(<FeatureTabPage tab='workbench' />, services);
    await act(() => services.session.start());
    fireEvent.click(screen.getByRole('tab', { name: '客户' }));
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/customers/pages/index' }));
  });
});
