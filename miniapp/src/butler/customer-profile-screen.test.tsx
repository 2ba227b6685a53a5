import type { CustomerProfile } from '@pfs/shared';
import { act, fireEvent, screen } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { createHttpClient } from '../api/http-client';
import type { TransportRequest, TransportResponse } from '../api/transport';
import { fakeBridge, makeServices, renderWithServices } from '../../test/fakes';
import { CustomerProfileScreen } from './CustomerProfileScreen';

const base: CustomerProfile = {
  id: 'cus-1',
  externalUserId: 'wm-1',
  displayName: '小李',
  avatarUrl: null,
  verified: false,
  verifiedAt: null,
  nameMasked: null,
  phoneMasked: null,
  idNumberMasked: null,
  crm: null,
  corpTags: [],
  availableTags: [{ groupId: 'g1', groupName: '客户意向', tags: [{ id: 't1', name: '高意向' }] }],
  relationship: { staffId: 's1', staffName: '王芳', channel: null, addedAt: '2026-01-02T03:04:05.000Z', status: 'ACTIVE' },
  invitation: null,
  timeline: [{ at: '2026-01-02T03:04:05.000Z', type: 'ADDED', label: '添加企业微信' }],
  engagement: null,
  recommendations: [],
};

const verifiedProfile: CustomerProfile = {
  ...base,
  verified: true,
  nameMasked: '李*',
  phoneMasked: '138****5678',
  invitation: { id: 'inv-1', status: 'VERIFIED', issuedAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-09T03:04:05.000Z' },
  crm: {
    crmNo: 'C6200000001',
    aumTier: 'HIGH_NET_WORTH',
    aumTierLabel: '财富客户',
    aumYuan: '1234567.00',
    riskLevel: 3,
    riskLabel: 'C3 平衡型',
    crmTags: ['代发工资'],
    owner: { staffId: 's1', name: '王芳' },
    ownershipConflict: false,
    holdings: [
      { productId: 'p1', productName: '稳享90天', category: 'WEALTH', amountYuan: '200000', startDate: '2025-10-01', maturityDate: '2099-01-01', maturingSoon: true },
    ],
  },
  recommendations: [{ productId: 'p2', productName: '安盈180天', category: 'WEALTH', riskLevel: 2, reasonCode: 'MATURITY_REINVEST', reasonText: '稳享90天即将到期，可续投' }],
};

type Handler = (req: TransportRequest) => TransportResponse | undefined;

function setup(handler: Handler) {
  const sendChatMessage = jest.fn(async () => undefined);
  const services = makeServices({ bridge: fakeBridge({ sendChatMessage }) });
  const calls: string[] = [];
  const transport = jest.fn(async (req: TransportRequest) => {
    calls.push(`${req.method} ${req.url}`);
    const res = handler(req);
    if (!res) return { status: 404, body: { error: { code: 'NOT_FOUND', message: 'x', requestId: 'r0' } }, headers: {} };
    return res;
  });
  services.http = createHttpClient({ baseUrl: '', transport });
  return { services, calls, sendChatMessage };
}

const ok = (body: unknown): TransportResponse => ({ status: 200, body, headers: {} });

describe('customer profile (sidebar)', () => {
  afterEach(() => jest.useRealTimers());

  it('sends the invitation as a news card, then shows the verified profile when the poll sees it', async () => {
    jest.useFakeTimers();
    let verifiedNow = false;
    const { services, calls, sendChatMessage } = setup((req) => {
      if (req.url === '/api/customers/by-external/wm-1') return ok(verifiedNow ? verifiedProfile : base);
      if (req.url === '/api/customers/cus-1/invitations')
        return ok({ invitationId: 'inv-1', url: 'https://x/#/verify', expiresAt: '2026-01-09T03:04:05.000Z', card: { title: '实名认证邀请', desc: '王芳邀请您', imgUrl: 'https://x/i.png', link: 'https://x/#/verify/pages/index?t=abc' } });
      if (req.url === '/api/customers/cus-1/verification-status')
        return ok(verifiedNow ? { verified: true, invitation: verifiedProfile.invitation } : { verified: false, invitation: { id: 'inv-1', status: 'OPENED', issuedAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-09T03:04:05.000Z' } });
      return undefined;
    });
    renderWithServices(<CustomerProfileScreen target={{ externalUserId: 'wm-1' }} />, services);
    expect(await screen.findByText('未实名')).toBeTruthy();
    const button = screen.getByText('发送实名邀请') as HTMLButtonElement;
    expect(button.disabled).toBe(false);

    await act(async () => fireEvent.click(button));
    expect(sendChatMessage).toHaveBeenCalledWith({
      msgtype: 'news',
      news: { title: '实名认证邀请', desc: '王芳邀请您', imgUrl: 'https://x/i.png', link: 'https://x/#/verify/pages/index?t=abc' },
    });
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已发送' }));
    expect(screen.getByText('已发送邀请，等待客户打开')).toBeTruthy();
    expect(screen.getByText('重新发送邀请')).toBeTruthy();

    await act(async () => {
      jest.advanceTimersByTime(1_000);
    });
    expect(await screen.findByText('客户已打开邀请链接')).toBeTruthy();

    verifiedNow = true;
    await act(async () => {
      jest.advanceTimersByTime(1_000);
    });
    expect(await screen.findByText('已实名')).toBeTruthy();
    expect(screen.getByText('财富客户')).toBeTruthy();
    expect(screen.getByText('C3 平衡型')).toBeTruthy();
    expect(screen.getByText('安盈180天')).toBeTruthy();
    expect(screen.getByText('亲密度评分即将上线')).toBeTruthy();
    expect(document.querySelector('.pfs-butler-holding--soon')).toBeTruthy();
    const polls = calls.filter((c) => c.includes('verification-status')).length;
    await act(async () => {
      jest.advanceTimersByTime(5_000);
    });
    expect(calls.filter((c) => c.includes('verification-status')).length).toBe(polls);
  });

  it('shows the send error and lets the advisor try again', async () => {
    const { services } = setup((req) => {
      if (req.url === '/api/customers/by-external/wm-1') return ok(base);
      if (req.url === '/api/customers/cus-1/invitations') return { status: 503, body: { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用', requestId: 'r1' } }, headers: {} };
      return undefined;
    });
    renderWithServices(<CustomerProfileScreen target={{ externalUserId: 'wm-1' }} />, services);
    const button = await screen.findByText('发送实名邀请');
    await act(async () => fireEvent.click(button));
    expect(screen.getByRole('alert')).toBeTruthy();
    expect((screen.getByText('发送实名邀请') as HTMLButtonElement).disabled).toBe(false);
  });

  it('says so when the customer is not in the advisor’s list', async () => {
    const { services } = setup(() => ({ status: 404, body: { error: { code: 'CUSTOMER_NOT_FOUND', message: '客户不存在', requestId: 'r2' } }, headers: {} }));
    renderWithServices(<CustomerProfileScreen target={{ externalUserId: 'wm-1' }} />, services);
    expect(await screen.findByText('暂无该客户信息')).toBeTruthy();
  });

  it('edits the corp tags through PUT /tags', async () => {
    const { services, calls } = setup((req) => {
      if (req.url === '/api/customers/cus-1/profile') return ok(base);
      if (req.url === '/api/customers/cus-1/tags') return ok([{ id: 't1', name: '高意向', groupName: '客户意向' }]); // the BFF answers a bare array
      return undefined;
    });
    renderWithServices(<CustomerProfileScreen target={{ customerId: 'cus-1' }} />, services);
    fireEvent.click(await screen.findByText('编辑标签'));
    fireEvent.click(screen.getByRole('checkbox', { name: '高意向' }));
    await act(async () => fireEvent.click(screen.getByText('保存')));
    expect(calls).toContain('PUT /api/customers/cus-1/tags');
    expect(screen.getByText('高意向').className).toContain('pfs-butler-chip--corp');
  });
});
