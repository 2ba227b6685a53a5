import { fireEvent, render, screen } from '@testing-library/react';
import { TabBar } from './TabBar';

const labels = () => screen.getAllByRole('tab').map((tab) => tab.textContent);

describe('TabBar', () => {
  it('hides 报表 from advisors', () => {
    render(<TabBar current='workbench' roles={['ADVISOR']} />);
    expect(labels()).toEqual(['工作台', '客户', '图册', '我的']);
  });

  it.each([['UNIT_MANAGER'], ['ADMIN']] as const)('shows 报表 to %s', (role) => {
    render(<TabBar current='workbench' roles={[role]} />);
    expect(labels()).toEqual(['工作台', '客户', '图册', '报表', '我的']);
  });

  it('hides 报表 from operations and compliance staff too', () => {
    render(<TabBar current='workbench' roles={['OPERATIONS', 'COMPLIANCE']} />);
    expect(labels()).not.toContain('报表');
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
