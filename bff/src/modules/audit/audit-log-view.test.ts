import { maskFreeText, maskIp, viewDetail } from './audit-log-view';

describe('audit log view (what compliance reads)', () => {
  it('masks digit runs that could be an ID, phone or account number in free text', () => {
    expect(maskFreeText('客户13812345678来电')).toBe('客户***********来电');
    expect(maskFreeText('证件 11010519491231002X 核对')).toBe('证件 ****************** 核对');
    expect(maskFreeText('电话 138 1234 5678')).toBe('电话 *************');
    expect(maskFreeText('2026年第3号投诉，金额5000元')).toBe('2026年第3号投诉，金额5000元');
  });

  it('keeps the network part of an IP only', () => {
    expect(maskIp('10.1.2.3')).toBe('10.1.*.*');
    expect(maskIp('::ffff:192.168.7.9')).toBe('192.168.*.*');
    expect(maskIp('2001:db8:85a3::8a2e:370:7334')).toBe('2001:db8:*');
    expect(maskIp('::1')).toBe('*');
    expect(maskIp(null)).toBeNull();
  });

  it('passes only reviewed detail fields of the right type; unknown fields and ids stay out', () => {
    expect(
      viewDetail({ reason: '核对 13812345678', caseRef: 'HG-1', added: ['et-1', 7], crmMatched: true, invitationId: 'inv-1', phone: '13812345678', consents: 2, level: 3 }),
    ).toEqual({ reason: '核对 ***********', caseRef: 'HG-1', added: ['et-1'], crmMatched: true, consents: 2 });
    expect(viewDetail(null)).toEqual({});
    expect(viewDetail(['reason'])).toEqual({});
  });
});
