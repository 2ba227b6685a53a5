import { identifierHasher, loggablePath } from './log-identifiers';

const hash = identifierHasher(Buffer.alloc(32, 1));

describe('log identifiers', () => {
  it('a keyed hash: stable, not the value, different under another key', () => {
    expect(hash('wmABC123')).toBe(hash('wmABC123'));
    expect(hash('wmABC123')).toMatch(/^h:[0-9a-f]{16}$/);
    expect(hash('wmABC123')).not.toContain('wmABC123');
    expect(identifierHasher(Buffer.alloc(32, 2))('wmABC123')).not.toBe(hash('wmABC123'));
  });

  it('paths: tokens become :token, external ids their hash', () => {
    const token = 'eyJpIjoiYWJjZGVmZ2hpamtsbW5vcCJ9.c2lnbmF0dXJlc2lnbmF0dXJlc2ln';
    expect(loggablePath(`/api/h5/invitations/${token}`, { token }, hash)).toBe('/api/h5/invitations/:token');
    expect(loggablePath(`/api/h5/invitations/${token}`, undefined, hash)).toBe('/api/h5/invitations/:token');
    expect(loggablePath('/api/h5/invitations/short', { token: 'short' }, hash)).toBe('/api/h5/invitations/:token');
    expect(loggablePath('/api/customers/by-external/wmXYZ', { externalUserId: 'wmXYZ' }, hash)).toBe(`/api/customers/by-external/${hash('wmXYZ')}`);
    expect(loggablePath('/api/customers/c-1/profile', { id: 'c-1' }, hash)).toBe('/api/customers/c-1/profile');
  });
});
