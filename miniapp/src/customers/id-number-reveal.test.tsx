import type { CustomerProfile, Role } from '@pfs/shared';
import { act, fireEvent, screen } from '@testing-library/react';
import { createHttpClient } from '../api/http-client';
import type { TransportRequest, TransportResponse } from '../api/transport';
import { setRouterParams } from '../../test/stubs/taro';
import { makeServices, makeStaff, renderWithServices } from '../../test/fakes';
import { AUDIT_NOTICE_ZH, canRevealIdNumber, CASE_REF_MESSAGE_ZH, needsCaseRef, REASON_MESSAGE_ZH } from './IdNumberReveal';
import CustomerDetailPage from './pages/detail';

const FULL = '11010519491231002X';
const MASKED = '1101**********002X';

const profile: CustomerProfile = {
  id: 'cus-1',
  externalUserId: 'wm-1',
  displayName: '小李',
  avatarUrl: null,
  verified: true,
  verifiedAt: '2026-01-02T03:04:05.000Z',
  nameMasked: '李*',
  phoneMasked: '138****5678',
  idNumberMasked: MASKED,
  crm: null,
  corpTags: [],
  availableTags: [],
  relationship: { staffId: 's1', staffName: '王芳', channel: null, addedAt: '2026-01-02T03:04:05.000Z', status: 'ACTIVE' },
  invitation: { id: 'inv-1', status: 'VERIFIED', issuedAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-09T03:04:05.000Z' },
  timeline: [],
  engagement: null,
  recommendations: [],
};

const ok = (body: unknown): TransportResponse => ({ status: 200, body, headers: {} });
const failure = (status: number, code: string): TransportResponse => ({ status, body: { error: { code, message: 'x', requestId: 'r1' } }, headers: {} });

async function openDetail(roles: Role[], reveal: (req: TransportRequest) => TransportResponse = () => ok({ idNumber: FULL })) {
  setRouterParams({ id: 'cus-1' });
  const services = makeServices({ staff: makeStaff(roles) });
  const requests: TransportRequest[] = [];
  services.http = createHttpClient({
    baseUrl: '',
    transport: jest.fn(async (req: TransportRequest) => {
      requests.push(req);
      if (req.url === '/api/customers/cus-1/profile') return ok(profile);
      if (req.url === '/api/customers/cus-1/id-number/reveal') return reveal(req);
      return failure(404, 'NOT_FOUND');
    }),
  });
  renderWithServices(<CustomerDetailPage />, services);
  await act(() => services.session.start());
  expect(await screen.findByText('小李')).toBeTruthy();
  return { requests, reveals: () => requests.filter((r) => r.url.endsWith('/id-number/reveal')) };
}

const type = (value: string) => fireEvent.change(document.querySelector('input[name="revealReason"]')!, { target: { value } });

describe('ID number reveal on the customer page', () => {
  afterEach(() => jest.useRealTimers());

  it('is for unit managers and compliance only: administrators and advisors never', async () => {
    expect(canRevealIdNumber(['ADVISOR'])).toBe(false);
    expect(canRevealIdNumber(['OPERATIONS'])).toBe(false);
    expect(canRevealIdNumber(['ADMIN'])).toBe(false);
    expect(canRevealIdNumber(['ADVISOR', 'UNIT_MANAGER'])).toBe(true);
    expect(canRevealIdNumber(['COMPLIANCE'])).toBe(true);
    expect(needsCaseRef(['COMPLIANCE'])).toBe(true);
    expect(needsCaseRef(['UNIT_MANAGER', 'COMPLIANCE'])).toBe(false);
    expect(needsCaseRef(['UNIT_MANAGER'])).toBe(false);
    await openDetail(['ADVISOR']);
    expect(screen.queryByText('查看完整证件号')).toBeNull();
    expect(screen.queryByText(MASKED)).toBeNull();
  });

  it('administrators see the masked number without a way to reveal it', async () => {
    await openDetail(['ADMIN']);
    expect(screen.queryByText('查看完整证件号')).toBeNull();
  });

  it('compliance must give a well-formed case reference; it is sent with the reason', async () => {
    const { reveals } = await openDetail(['COMPLIANCE']);
    fireEvent.click(screen.getByText('查看完整证件号'));
    type('客户投诉核查');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(screen.getByRole('alert').textContent).toBe(CASE_REF_MESSAGE_ZH);
    const caseRef = (value: string) => fireEvent.change(document.querySelector('input[name="revealCaseRef"]')!, { target: { value } });
    caseRef('案件1');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(screen.getByRole('alert').textContent).toBe(CASE_REF_MESSAGE_ZH);
    expect(reveals()).toHaveLength(0);
    caseRef(' HG-2026-0153 ');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(reveals()).toHaveLength(1);
    expect(reveals()[0]).toMatchObject({ method: 'POST', body: { reason: '客户投诉核查', caseRef: 'HG-2026-0153' } });
    expect(screen.getByText(FULL)).toBeTruthy();
  });

  it('a unit manager is not asked for a case reference', async () => {
    await openDetail(['UNIT_MANAGER']);
    fireEvent.click(screen.getByText('查看完整证件号'));
    expect(document.querySelector('input[name="revealCaseRef"]')).toBeNull();
  });

  it('asks for a reason, says the view is audited, shows the number for 30 s, then masks it again', async () => {
    jest.useFakeTimers();
    const { reveals } = await openDetail(['ADVISOR', 'UNIT_MANAGER']);
    expect(screen.getByText(MASKED)).toBeTruthy();
    fireEvent.click(screen.getByText('查看完整证件号'));
    expect(screen.getByRole('note').textContent).toContain(AUDIT_NOTICE_ZH);

    // Required: nothing is sent without a reason (and a blank one is no reason).
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(screen.getByRole('alert').textContent).toBe(REASON_MESSAGE_ZH);
    type('   ');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(screen.getByRole('alert').textContent).toBe(REASON_MESSAGE_ZH);
    expect(reveals()).toHaveLength(0);

    type('  客户临柜办理业务核对身份 ');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(reveals()).toHaveLength(1);
    expect(reveals()[0]).toMatchObject({ method: 'POST', body: { reason: '客户临柜办理业务核对身份' } });
    expect(screen.getByText(FULL)).toBeTruthy();
    expect(screen.getByText('30秒后自动隐藏 · 本次查看已记录审计')).toBeTruthy();

    await act(async () => {
      jest.advanceTimersByTime(29_000);
    });
    expect(screen.getByText(FULL)).toBeTruthy();
    expect(screen.getByText('1秒后自动隐藏 · 本次查看已记录审计')).toBeTruthy();
    await act(async () => {
      jest.advanceTimersByTime(1_000);
    });
    expect(screen.queryByText(FULL)).toBeNull();
    expect(screen.getByText(MASKED)).toBeTruthy();
    expect(screen.getByText('查看完整证件号')).toBeTruthy();
  });

  it('立即隐藏 masks it at once', async () => {
    await openDetail(['UNIT_MANAGER']);
    fireEvent.click(screen.getByText('查看完整证件号'));
    type('合规抽查');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(screen.getByText(FULL)).toBeTruthy();
    fireEvent.click(screen.getByText('立即隐藏'));
    expect(screen.queryByText(FULL)).toBeNull();
  });

  it('shows a refusal in Chinese and keeps the reason for another try', async () => {
    let answer = failure(403, 'FORBIDDEN');
    await openDetail(['UNIT_MANAGER'], () => answer);
    fireEvent.click(screen.getByText('查看完整证件号'));
    type('合规抽查');
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(screen.getByRole('alert').textContent).toBe('没有权限进行此操作');
    expect((document.querySelector('input[name="revealReason"]') as HTMLInputElement).value).toBe('合规抽查');
    expect(screen.queryByText(FULL)).toBeNull();

    answer = ok({ idNumber: FULL });
    await act(async () => fireEvent.click(screen.getByText('确认查看')));
    expect(screen.getByText(FULL)).toBeTruthy();
  });
});
