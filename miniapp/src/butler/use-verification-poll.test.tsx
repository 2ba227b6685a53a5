import { act, renderHook } from '@testing-library/react';
import type { VerificationStatus } from '@pfs/shared';
import { isPollDone, useVerificationPoll } from './use-verification-poll';

const pending: VerificationStatus = { verified: false, invitation: { id: 'inv-1', status: 'OPENED', issuedAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-09T03:04:05.000Z' } };
const verified: VerificationStatus = { verified: true, invitation: { id: 'inv-1', status: 'VERIFIED', issuedAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-09T03:04:05.000Z' } };
const expired: VerificationStatus = { verified: false, invitation: { id: 'inv-1', status: 'EXPIRED', issuedAt: '2026-01-02T03:04:05.000Z', expiresAt: '2026-01-09T03:04:05.000Z' } };

async function tick(ms = 1_000) {
  await act(async () => {
    jest.advanceTimersByTime(ms);
    await Promise.resolve();
    await Promise.resolve();
  });
}

function setHidden(hidden: boolean) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}

describe('useVerificationPoll', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => {
    jest.useRealTimers();
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'visible' });
  });

  it('knows when to stop', () => {
    expect(isPollDone(pending)).toBe(false);
    expect(isPollDone(verified)).toBe(true);
    expect(isPollDone(expired)).toBe(true);
    expect(isPollDone({ verified: false, invitation: null })).toBe(true);
  });

  it('asks every second while pending and stops once the customer verified', async () => {
    const answers = [pending, pending, verified];
    const fetchStatus = jest.fn(async () => answers.shift() ?? pending);
    const onDone = jest.fn();
    renderHook(() => useVerificationPoll({ active: true, fetchStatus, onDone }));
    expect(fetchStatus).not.toHaveBeenCalled();
    await tick();
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    await tick();
    await tick();
    expect(fetchStatus).toHaveBeenCalledTimes(3);
    expect(onDone).toHaveBeenCalledWith(verified);
    await tick(5_000);
    expect(fetchStatus).toHaveBeenCalledTimes(3);
    expect(onDone).toHaveBeenCalledTimes(1);
  });

  it('stops on an expired invitation, keeps going after a failed request', async () => {
    const answers: (VerificationStatus | Error)[] = [new Error('network'), expired];
    const fetchStatus = jest.fn(async () => {
      const next = answers.shift() ?? pending;
      if (next instanceof Error) throw next;
      return next;
    });
    const onDone = jest.fn();
    renderHook(() => useVerificationPoll({ active: true, fetchStatus, onDone }));
    await tick();
    await tick();
    expect(onDone).toHaveBeenCalledWith(expired);
    await tick(3_000);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
  });

  it('does not poll while inactive, pauses while the page is hidden and stops on unmount', async () => {
    const fetchStatus = jest.fn(async () => pending);
    const onDone = jest.fn();
    const { rerender, unmount } = renderHook(({ active }) => useVerificationPoll({ active, fetchStatus, onDone }), { initialProps: { active: false } });
    await tick(3_000);
    expect(fetchStatus).not.toHaveBeenCalled();
    rerender({ active: true });
    await tick();
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    act(() => setHidden(true));
    await tick(3_000);
    expect(fetchStatus).toHaveBeenCalledTimes(1);
    act(() => setHidden(false));
    await tick();
    expect(fetchStatus).toHaveBeenCalledTimes(2);
    unmount();
    await tick(3_000);
    expect(fetchStatus).toHaveBeenCalledTimes(2);
  });
});
