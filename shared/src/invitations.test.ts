import { describe, expect, it } from '@jest/globals';
import { invitationStatusOf } from './invitations';

const now = new Date('2026-11-24T10:00:00Z');
const base = { expiresAt: '2026-12-01T00:00:00Z' };

describe('invitationStatusOf', () => {
  it('follows the funnel: pending → opened → consented → verified', () => {
    expect(invitationStatusOf(base, now)).toBe('PENDING');
    expect(invitationStatusOf({ ...base, firstOpenedAt: '2026-11-24T08:00:00Z' }, now)).toBe('OPENED');
    expect(invitationStatusOf({ ...base, firstOpenedAt: '2026-11-24T08:00:00Z', consentedAt: '2026-11-24T08:01:00Z' }, now)).toBe('CONSENTED');
    expect(invitationStatusOf({ ...base, consentedAt: '2026-11-24T08:01:00Z', verifiedAt: '2026-11-24T08:02:00Z' }, now)).toBe('VERIFIED');
  });

  it('expired and revoked links, revoked first', () => {
    expect(invitationStatusOf({ expiresAt: '2026-11-24T09:59:59Z', consentedAt: '2026-11-24T08:00:00Z' }, now)).toBe('EXPIRED');
    expect(invitationStatusOf({ expiresAt: '2026-11-24T09:59:59Z', revokedAt: '2026-11-24T08:00:00Z' }, now)).toBe('REVOKED');
  });

  it('verified stays verified after it expires, and after an earlier revocation (verified through another link)', () => {
    expect(invitationStatusOf({ expiresAt: '2026-11-20T00:00:00Z', verifiedAt: '2026-11-19T00:00:00Z' }, now)).toBe('VERIFIED');
    expect(invitationStatusOf({ ...base, revokedAt: '2026-11-24T07:00:00Z', verifiedAt: new Date('2026-11-24T08:00:00Z') }, now)).toBe('VERIFIED');
  });

  it('revoked after verification (consent withdrawn, binding erased) is revoked', () => {
    expect(invitationStatusOf({ ...base, verifiedAt: '2026-11-24T08:00:00Z', revokedAt: new Date('2026-11-24T09:00:00Z') }, now)).toBe('REVOKED');
  });
});
