import { fireEvent, render, screen } from '@testing-library/react';
import { homeRoute } from '../navigation/tabs';
import { TabBar } from './TabBar';

const labels = () => screen.getAllByRole('tab').map((tab) => tab.textContent);

describe('TabBar', () => {
  // Each role sees only the tabs it can use (the BFF answers 403 for the others).
  it.each([
    [['ADVISOR'], ['工作台', '客户', '图册', '我的']],
    [['UNIT_MANAGER'], ['工作台', '客户', '图册', '报表', '我的']],
    [['ADVISOR', 'UNIT_MANAGER'], ['工作台', '客户', '图册', '报表', '我的']],
    [['ADMIN'], ['客户', '图册', '报表', '审计', '我的']],
    [['OPERATIONS'], ['图册', '报表', '我的']],
    [['COMPLIANCE'], ['图册', '审计', '我的']],
  ] as const)('%j sees %j', (roles, tabs) => {
    render(<TabBar current='me' roles={roles} />);
    expect(labels()).toEqual(tabs);
  });

  it('opens the tabbed app on the role’s first tab', () => {
    expect(homeRoute(['ADVISOR'])).toBe('/workbench/pages/index');
    expect(homeRoute(['ADMIN'])).toBe('/customers/pages/index');
    expect(homeRoute(['OPERATIONS'])).toBe('/brochure/pages/index');
    expect(homeRoute(['COMPLIANCE'])).toBe('/brochure/pages/index');
    expect(homeRoute([])).toBe('/brochure/pages/index');
  });

  it('marks the current tab and navigates only to the others', () => {
    const onNavigate = jest.fn();
    render(<TabBar current='customers' roles={['UNIT_MANAGER']} onNavigate={onNavigate} />);
    const current = screen.getByRole('tab', { name: '客户' });
    expect(current.getAttribute('aria-selected')).toBe('true');
    fireEvent.click(current);
    expect(onNavigate).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('tab', { name: '报表' }));
    expect(onNavigate).toHaveBeenCalledWith('/reports/pages/index');
  });
});
