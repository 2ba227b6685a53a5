import type { AuditLogEntry, AuditLogPage, Role } from '@pfs/shared';
import { act, fireEvent, screen } from '@testing-library/react';
import { createHttpClient } from '../api/http-client';
import type { TransportRequest, TransportResponse } from '../api/transport';
import { makeServices, makeStaff, renderWithServices } from '../../test/fakes';
import AuditTabPage from './pages/index';

const ok = (body: unknown): TransportResponse => ({ status: 200, body, headers: {} });
const failure = (status: number, code: string): TransportResponse => ({ status, body: { error: { code, message: 'x', requestId: 'r9' } }, headers: {} });

const entry = (i: number, over: Partial<AuditLogEntry> = {}): AuditLogEntry => ({
  id: String(i),
  at: '2026-11-24T08:05:00.000Z',
  actorType: 'STAFF',
  actor: { wecomUserId: 'chenjing', name: '陈静', unitName: '朝阳支行' },
  action: 'reveal_id_number',
  entity: 'customer',
  entityId: `cus-${i}`,
  ipMasked: '10.1.*.*',
  requestId: `req-${i}`,
  detail: { reason: '客户投诉核查', caseRef: 'HG-1' },
  ...over,
});
const pageOf = (items: AuditLogEntry[], total = items.length, page = 1): AuditLogPage => ({ items, total, page, pageSize: 20 });

type Handler = (req: TransportRequest, url: URL) => TransportResponse | Promise<TransportResponse>;

async function open(roles: Role[], handler: Handler) {
  const services = makeServices({ staff: makeStaff(roles) });
  const requests: URL[] = [];
  services.http = createHttpClient({
    baseUrl: '',
    transport: jest.fn(async (req: TransportRequest) => {
      const url = new URL(req.url, 'http://bff');
      requests.push(url);
      return handler(req, url);
    }),
  });
  renderWithServices(<AuditTabPage />, services);
  await act(() => services.session.start());
  const logReads = () => requests.filter((u) => u.pathname === '/api/audit-log').map((u) => Object.fromEntries(u.searchParams));
  return { requests, logReads };
}

const input = (name: string, value: string) => fireEvent.change(document.querySelector(`input[name="${name}"]`)!, { target: { value } });

describe('审计 page (compliance and administrators)', () => {
  it('lists who did what, when (Beijing time), to which record, with the case and reason; says the read is audited', async () => {
    await open(['COMPLIANCE'], () => ok(pageOf([entry(1), entry(2, { action: 'audit_log.read', actor: null, actorType: 'SYSTEM', entity: 'audit_log', entityId: null, detail: { rows: 3 } })])));
    expect(await screen.findByText('共 2 条记录 · 本次查阅已记录审计')).toBeTruthy();
    const rows = screen.getAllByRole('listitem');
    expect(rows[0]!.textContent).toContain('查看完整证件号');
    expect(rows[0]!.textContent).toContain('2026-11-24 16:05');
    expect(rows[0]!.textContent).toContain('陈静（朝阳支行）');
    expect(rows[0]!.textContent).toContain('客户 cus-1');
    expect(rows[0]!.textContent).toContain('案件编号 HG-1 · 原因：客户投诉核查');
    expect(rows[0]!.textContent).toContain('IP 10.1.*.*');
    expect(rows[1]!.textContent).toContain('查阅审计日志');
    expect(rows[1]!.textContent).toContain('系统');
    expect(rows[1]!.textContent).toContain('3 条记录');
  });

  it('shows the loading state, then the empty state (export disabled)', async () => {
    let answer: (r: TransportResponse) => void = () => undefined;
    await open(['ADMIN'], () => new Promise<TransportResponse>((resolve) => (answer = resolve)));
    expect(screen.getByText('正在查询审计日志…')).toBeTruthy();
    await act(async () => answer(ok(pageOf([]))));
    expect(screen.getByText('没有符合条件的审计记录')).toBeTruthy();
    expect(screen.queryByText('正在查询审计日志…')).toBeNull();
    expect(screen.getByRole('button', { name: '导出CSV' }).hasAttribute('disabled')).toBe(true);
  });

  it('filters by action chip, actor and days; refuses a malformed day without asking the server', async () => {
    const { logReads } = await open(['COMPLIANCE'], () => ok(pageOf([entry(1)])));
    await screen.findByText('共 1 条记录 · 本次查阅已记录审计');
    expect(logReads()).toEqual([{ page: '1', pageSize: '20' }]);
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: '修改客户标签' })));
    expect(logReads().at(-1)).toEqual({ action: 'customer.tags', page: '1', pageSize: '20' });
    input('actor', ' chenjing ');
    input('from', '2026-11-01');
    input('to', '2026-11-24');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })));
    expect(logReads().at(-1)).toEqual({ action: 'customer.tags', actor: 'chenjing', from: '2026-11-01', to: '2026-11-24', page: '1', pageSize: '20' });
    // 查询 with unchanged filters asks again (new rows may have arrived).
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })));
    expect(logReads()).toHaveLength(4);
    expect(logReads()[3]).toEqual(logReads()[2]);
    const count = logReads().length;
    input('from', '2026/11/01');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })));
    expect(screen.getByRole('alert').textContent).toBe('日期格式为 YYYY-MM-DD，例如 2026-11-24');
    input('from', '2026-12-01');
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '查询' })));
    expect(screen.getByRole('alert').textContent).toBe('开始日期不能晚于结束日期');
    expect(logReads()).toHaveLength(count);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '重置' })));
    expect(logReads().at(-1)).toEqual({ page: '1', pageSize: '20' });
  });

  it('pages through the results', async () => {
    const { logReads } = await open(['COMPLIANCE'], (_req, url) => ok(pageOf([entry(Number(url.searchParams.get('page')))], 45, Number(url.searchParams.get('page')))));
    expect(await screen.findByText('第 1 / 3 页')).toBeTruthy();
    expect(screen.getByRole('button', { name: '上一页' }).hasAttribute('disabled')).toBe(true);
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '下一页' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '下一页' })));
    expect(await screen.findByText('第 3 / 3 页')).toBeTruthy();
    expect(screen.getByRole('button', { name: '下一页' }).hasAttribute('disabled')).toBe(true);
    expect(logReads().map((q) => q.page)).toEqual(['1', '2', '3']);
    expect(screen.getByRole('listitem').textContent).toContain('客户 cus-3');
  });

  it('exports the filtered selection as a CSV download and says so', async () => {
    const created: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:audit';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    const { requests } = await open(['ADMIN'], (_req, url) =>
      url.pathname === '/api/audit-log/export' ? ok({ filename: 'audit-log-20261124.csv', rows: 1, csv: '\uFEFF"时间（北京时间）"\r\n' }) : ok(pageOf([entry(1)])),
    );
    await screen.findByText('共 1 条记录 · 本次查阅已记录审计');
    await act(async () => fireEvent.click(screen.getByRole('radio', { name: '查看完整证件号' })));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '导出CSV' })));
    const exported = requests.find((u) => u.pathname === '/api/audit-log/export');
    expect(Object.fromEntries(exported!.searchParams)).toEqual({ action: 'reveal_id_number' });
    expect(created).toHaveLength(1);
    expect(created[0]!.type).toBe('text/csv;charset=utf-8');
    expect(created[0]!.size).toBeGreaterThan(10);
    expect(click).toHaveBeenCalled();
    expect(screen.getByText('已导出 1 条记录（本次导出已记录审计）')).toBeTruthy();
    click.mockRestore();
  });

  it('shows a refusal in Chinese with a retry', async () => {
    let answer = failure(403, 'FORBIDDEN');
    await open(['COMPLIANCE'], () => answer);
    expect((await screen.findByRole('alert')).textContent).toContain('没有权限进行此操作');
    answer = ok(pageOf([entry(1)]));
    await act(async () => fireEvent.click(screen.getByRole('button', { name: '重试' })));
    expect(await screen.findByText('共 1 条记录 · 本次查阅已记录审计')).toBeTruthy();
  });

  it('compliance can reveal a customer’s ID number from a row, for a case', async () => {
    const reveals: TransportRequest[] = [];
    await open(['COMPLIANCE'], (req, url) => {
      if (url.pathname.endsWith('/id-number/reveal')) {
        reveals.push(req);
        return ok({ idNumber: '11010519491231002X' });
      }
      return ok(pageOf([entry(7)]));
    });
    await act(async () => fireEvent.click(await screen.findByRole('button', { name: '调阅该客户证件号' })));
    fireEvent.click(screen.getByRole('button', { name: '查看完整证件号' }));
    input('revealCaseRef', 'HG-2026-0153');
    input('revealReason', '监管问询核查');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(reveals[0]).toMatchObject({ url: '/api/customers/cus-7/id-number/reveal', body: { reason: '监管问询核查', caseRef: 'HG-2026-0153' } });
    expect(screen.getByText('11010519491231002X')).toBeTruthy();
  });

  it('administrators get no reveal link', async () => {
    await open(['ADMIN'], () => ok(pageOf([entry(1)])));
    await screen.findByText('共 1 条记录 · 本次查阅已记录审计');
    expect(screen.queryByRole('button', { name: '调阅该客户证件号' })).toBeNull();
  });

  it('refuses advisors who deep-link to it, without asking the server', async () => {
    const { requests } = await open(['ADVISOR'], () => ok(pageOf([])));
    expect(screen.getByText('审计日志仅向合规岗位和管理员开放。')).toBeTruthy();
    expect(requests.filter((u) => u.pathname.startsWith('/api/audit-log'))).toHaveLength(0);
  });
});
