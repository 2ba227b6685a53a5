import { useEffect, useRef, useState } from 'react';
import type { VerificationStatus } from '@pfs/shared';

export const POLL_INTERVAL_MS = 1_000;

/** Statuses after which the customer can still finish verifying (the sidebar keeps watching). */
const OPEN_STATUSES = new Set(['PENDING', 'OPENED', 'CONSENTED']);

export function isPollDone(status: VerificationStatus): boolean {
  if (status.verified) return true;
  return !status.invitation || !OPEN_STATUSES.has(status.invitation.status);
}

function pageVisible(): boolean {
  return typeof document === 'undefined' || document.visibilityState !== 'hidden';
}

export interface VerificationPollOptions {
  /** Poll only while true (an invitation is pending and the page is shown). */
  active: boolean;
  fetchStatus: () => Promise<VerificationStatus>;
  /** Called once when the poll ends because the customer verified or the invitation closed. */
  onDone: (status: VerificationStatus) => void;
  intervalMs?: number;
}

/**
 * Asks `GET /verification-status` every second while `active`, one request at a time; stops when the customer
 * verified or the invitation expired/was revoked, when `active` turns false, on unmount, and while the browser tab
 * is hidden (resumes when shown). Errors are ignored until the next tick (a blip must not stop the watch).
 */
export function useVerificationPoll({ active, fetchStatus, onDone, intervalMs = POLL_INTERVAL_MS }: VerificationPollOptions) {
  const [last, setLast] = useState<VerificationStatus | undefined>();
  const [visible, setVisible] = useState(pageVisible);
  const latest = useRef({ fetchStatus, onDone });
  latest.current = { fetchStatus, onDone };

  useEffect(() => {
    if (typeof document === 'undefined') return undefined;
    const onChange = () => setVisible(pageVisible());
    document.addEventListener('visibilitychange', onChange);
    return () => document.removeEventListener('visibilitychange', onChange);
  }, []);

  useEffect(() => {
    if (!active || !visible) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = async () => {
      try {
        const status = await latest.current.fetchStatus();
        if (stopped) return;
        setLast(status);
        if (isPollDone(status)) {
          stopped = true;
          latest.current.onDone(status);
          return;
        }
      } catch {
        // keep polling
      }
      if (!stopped) timer = setTimeout(() => void tick(), intervalMs);
    };
    timer = setTimeout(() => void tick(), intervalMs);
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [active, visible, intervalMs]);

  return { last, polling: active && visible };
}
