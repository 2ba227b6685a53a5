import type { CustomerProfile } from '@pfs/shared';
import { render, screen } from '@testing-library/react';
import { CustomerProfileView } from './CustomerProfileView';

const profile = (crm: Partial<NonNullable<CustomerProfile['crm']>>): CustomerProfile => ({
  id: 'cus-1',
  externalUserId: 'wm-1',
  displayName: '小李',
  avatarUrl: null,
  verified: true,
  verifiedAt: '2026-01-03T03:04:05.000Z',
  nameMasked: '李*',
  phoneMasked: '138****5678',
  idNumberMasked: null,
  corpTags: [],
  availableTags: [],
  relationship: { staffId: 's1', staffName: '王芳', channel: null, addedAt: '2026-01-02T03:04:05.000Z', status: 'ACTIVE' },
  invitation: null,
  timeline: [],
  engagement: null,
  recommendations: [],
  crm: {
    crmNo: 'C6200000001',
    aumTier: 'HIGH_NET_WORTH',
    aumTierLabel: '财富客户',
    aumYuan: '1234567.00',
    riskLevel: 3,
    riskLabel: 'C3 平衡型',
    crmTags: [],
    owner: { staffId: 's2', name: '李军' },
    ownershipConflict: true,
    holdings: [],
    ...crm,
  },
});

const view = (p: CustomerProfile) =>
  render(<CustomerProfileView profile={p} invite={{ kind: 'idle' }} watching={false} onInvite={() => undefined} onSaveTags={async () => undefined} />);

describe('ownership conflict in the profile', () => {
  it('is a warning banner under the header naming the CRM owner and the WeCom follower, and a badge', () => {
    view(profile({}));
    const banner = screen.getByRole('alert');
    expect(banner.textContent).toContain('客户归属冲突');
    expect(banner.textContent).toContain('行内系统登记的归属客户经理是 李军，与企业微信中服务该客户的 王芳 不一致');
    expect(banner.textContent).toContain('以行内归属为准');
    expect(screen.getByText('归属冲突').className).toContain('pfs-butler-badge--alert');
    // The banner comes before the CRM facts, right under the header.
    const head = document.querySelector('.pfs-butler-head')!;
    expect(head.nextElementSibling).toBe(banner);
    expect(screen.getByText('行内归属：李军').className).toContain('pfs-butler-owner--conflict');
  });

  it('says so when the CRM names no owner at all', () => {
    view(profile({ owner: null }));
    expect(screen.getByRole('alert').textContent).toContain('行内系统未登记归属客户经理');
  });

  it('shows nothing of the kind without a conflict', () => {
    view(profile({ ownershipConflict: false, owner: { staffId: 's1', name: '王芳' } }));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText('归属冲突')).toBeNull();
    expect(screen.getByText('行内归属：王芳').className).toContain('pfs-butler-muted');
  });
});
