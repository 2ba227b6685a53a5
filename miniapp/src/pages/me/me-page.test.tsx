import { act, fireEvent, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { makeServices, makeStaff, renderWithServices } from '../../../test/fakes';
import MePage from './index';

describe('我的', () => {
  it('shows name, unit and role labels', async () => {
    const services = makeServices({ staff: makeStaff(['UNIT_MANAGER', 'ADVISOR']) });
    renderWithServices(<MePage />, services);
    await act(() => services.session.start());
    expect(screen.getAllByText('张晓明').length).toBeGreaterThan(0);
    expect(screen.getAllByText('朝阳支行').length).toBeGreaterThan(0);
    expect(screen.getByText('机构负责人、理财经理')).toBeTruthy();
    expect(screen.getByText('企业微信小程序')).toBeTruthy();
  });

  it('logs out after confirmation and offers to log in again', async () => {
    const services = makeServices();
    renderWithServices(<MePage />, services);
    await act(() => services.session.start());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    });
    expect(Taro.showModal).toHaveBeenCalled();
    expect(services.api.logout).toHaveBeenCalledTimes(1);
    expect(screen.getByText('您已退出登录')).toBeTruthy();
    expect(screen.queryByRole('tablist')).toBeNull();
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '重新登录' }));
    });
    expect(screen.getByRole('button', { name: '退出登录' })).toBeTruthy();
  });

  it('stays logged in when the confirmation is cancelled', async () => {
    (Taro.showModal as jest.Mock).mockResolvedValueOnce({ confirm: false, cancel: true });
    const services = makeServices();
    renderWithServices(<MePage />, services);
    await act(() => services.session.start());
    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: '退出登录' }));
    });
    expect(services.api.logout).not.toHaveBeenCalled();
  });
});
