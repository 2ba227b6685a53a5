import type { Product } from '@pfs/shared';
import { act, fireEvent, screen } from '@testing-library/react';
import { createHttpClient } from '../api/http-client';
import type { TransportRequest, TransportResponse } from '../api/transport';
import { makeServices, makeStaff, renderWithServices } from '../../test/fakes';
import BrochureTabPage from './pages/index';

const product = (id: string, over: Partial<Product> = {}): Product => ({
  id,
  name: `稳享理财${id}号`,
  category: 'WEALTH',
  riskLevel: 2,
  minAmountYuan: '10000',
  termDays: 180,
  expectedYield: '2.85%',
  issuer: '模拟银行理财子公司',
  ...over,
});

async function open(answer: () => TransportResponse | Promise<TransportResponse>) {
  const services = makeServices({ staff: makeStaff(['OPERATIONS']) });
  services.http = createHttpClient({ baseUrl: '', transport: jest.fn(async (_req: TransportRequest) => answer()) });
  renderWithServices(<BrochureTabPage />, services);
  await act(() => services.session.start());
}

describe('图册 tab (every role; what operations works on)', () => {
  it('lists the products with risk, minimum, term and yield, filtered by category', async () => {
    await open(() => ({ status: 200, headers: {}, body: { items: [product('1'), product('2', { name: '黄金积存', category: 'PRECIOUS_METAL', termDays: null, expectedYield: null, minAmountYuan: '500' })] } }));
    expect(await screen.findByText('共 2 款在售产品')).toBeTruthy();
    expect(screen.getByText('稳享理财1号')).toBeTruthy();
    expect(screen.getByText('1万元起')).toBeTruthy();
    expect(screen.getByText('期限180天')).toBeTruthy();
    expect(screen.getByText('业绩比较基准 2.85%')).toBeTruthy();
    expect(screen.getByText('500元起')).toBeTruthy();
    expect(screen.getAllByRole('tab').map((t) => t.textContent)).toEqual(expect.arrayContaining(['全部', '理财', '贵金属']));
    fireEvent.click(screen.getByRole('tab', { name: '贵金属' }));
    expect(screen.getByText('共 1 款在售产品')).toBeTruthy();
    expect(screen.queryByText('稳享理财1号')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: '保险' }));
    expect(screen.getByText('暂无在售产品')).toBeTruthy();
  });

  it('shows loading, then an error in Chinese', async () => {
    let answer: (r: TransportResponse) => void = () => undefined;
    await open(() => new Promise<TransportResponse>((resolve) => (answer = resolve)));
    expect(screen.getByText('正在加载产品…')).toBeTruthy();
    await act(async () => answer({ status: 403, headers: {}, body: { error: { code: 'FORBIDDEN', message: 'x', requestId: 'r1' } } }));
    expect(screen.getByRole('alert').textContent).toContain('没有权限进行此操作');
  });
});
