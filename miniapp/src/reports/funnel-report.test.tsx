import { act, fireEvent, screen } from '@testing-library/react';
import { createHttpClient } from '../api/http-client';
import type { TransportRequest } from '../api/transport';
import { makeServices, renderWithServices } from '../../test/fakes';
import { FunnelReport } from './FunnelReport';
import { chinaToday, presetRange } from './funnel';

const zero = { invited: 0, opened: 0, consented: 0, verified: 0 };
// 2031-03-14 20:00 UTC is already 2031-03-15 in China.
const now = () => new Date('2031-03-14T20:00:00Z');

function setup() {
  const services = makeServices();
  const queries: URLSearchParams[] = [];
  const transport = jest.fn(async (req: TransportRequest) => {
    const url = new URL(req.url, 'http://x');
    queries.push(url.searchParams);
    const from = url.searchParams.get('from') ?? '2031-02-14';
    const to = url.searchParams.get('to') ?? '2031-03-15';
    return {
      status: 200,
      headers: {},
      body: {
        rows: [
          { key: 'bj-cy-gm', label: '国贸网点', invited: 2, opened: 1, consented: 1, verified: 1 },
          { key: 'bj-cy-wj', label: '望京网点', ...zero },
        ],
        totals: { invited: 2, opened: 1, consented: 1, verified: 1 },
        from,
        to,
      },
    };
  });
  services.http = createHttpClient({ baseUrl: '', transport });
  return { services, queries };
}

describe('date ranges of the verification funnel', () => {
  it('computes presets on China days', () => {
    expect(chinaToday(now())).toBe('2031-03-15');
    expect(presetRange('7d', '2031-03-15')).toEqual({ from: '2031-03-09', to: '2031-03-15' });
    expect(presetRange('30d', '2031-03-15')).toEqual({ from: '2031-02-14', to: '2031-03-15' });
    expect(presetRange('month', '2031-03-15')).toEqual({ from: '2031-03-01', to: '2031-03-15' });
  });

  it('opens on 近30天 (the server’s default), lists every unit including those with zeros, and switches presets', async () => {
    const { services, queries } = setup();
    renderWithServices(<FunnelReport now={now} />, services);
    expect(await screen.findByText('望京网点')).toBeTruthy();
    expect(screen.getByText('国贸网点')).toBeTruthy();
    expect(screen.getByText('统计区间：2031年2月14日 至 2031年3月15日（按邀请发出日期）')).toBeTruthy();
    expect(queries[0]!.get('from')).toBeNull();
    expect(screen.getByRole('tab', { name: '近30天' }).getAttribute('aria-selected')).toBe('true');

    await act(async () => fireEvent.click(screen.getByRole('tab', { name: '近7天' })));
    expect(await screen.findByText('统计区间：2031年3月9日 至 2031年3月15日（按邀请发出日期）')).toBeTruthy();
    expect([queries.at(-1)!.get('from'), queries.at(-1)!.get('to')]).toEqual(['2031-03-09', '2031-03-15']);

    await act(async () => fireEvent.click(screen.getByRole('tab', { name: '本月' })));
    expect([queries.at(-1)!.get('from'), queries.at(-1)!.get('to')]).toEqual(['2031-03-01', '2031-03-15']);
  });

  it('自定义 starts from the range shown and asks for the days picked; the pickers cannot cross', async () => {
    const { services, queries } = setup();
    renderWithServices(<FunnelReport now={now} />, services);
    await screen.findByText('望京网点');
    await act(async () => fireEvent.click(screen.getByRole('tab', { name: '自定义' })));
    const start = screen.getByLabelText('开始日期') as HTMLInputElement;
    const end = screen.getByLabelText('结束日期') as HTMLInputElement;
    expect([start.value, end.value]).toEqual(['2031-02-14', '2031-03-15']);
    expect(end.max).toBe('2031-03-15');
    await act(async () => fireEvent.change(start, { target: { value: '2031-01-01' } }));
    await act(async () => fireEvent.change(screen.getByLabelText('结束日期'), { target: { value: '2031-01-31' } }));
    expect(await screen.findByText('统计区间：2031年1月1日 至 2031年1月31日（按邀请发出日期）')).toBeTruthy();
    expect([queries.at(-1)!.get('from'), queries.at(-1)!.get('to')]).toEqual(['2031-01-01', '2031-01-31']);
    expect((screen.getByLabelText('开始日期') as HTMLInputElement).max).toBe('2031-01-31');
    expect((screen.getByLabelText('结束日期') as HTMLInputElement).min).toBe('2031-01-01');
  });
});
