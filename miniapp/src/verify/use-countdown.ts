import { useCallback, useEffect, useState } from 'react';

const secondsUntil = (endsAt: number | undefined, now: number) => (endsAt ? Math.max(0, Math.ceil((endsAt - now) / 1_000)) : 0);

/**
 * Seconds left until `endsAt` (epoch ms; 0 when idle). Counted from the end time, not by ticks, so a countdown
 * restored after a reload (`initialEndsAt`) shows the real time left. `start(n)` returns the new end time.
 */
export function useCountdown(initialEndsAt?: number) {
  const [endsAt, setEndsAt] = useState(initialEndsAt);
  const [now, setNow] = useState(() => Date.now());
  const left = secondsUntil(endsAt, now);
  const running = left > 0;
  useEffect(() => {
    if (!running) return undefined;
    // Twice a second, so the shown second never lags the end time by more than half a second.
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [running, endsAt]);
  const start = useCallback((seconds: number) => {
    const startedAt = Date.now();
    const end = startedAt + seconds * 1_000;
    setNow(startedAt);
    setEndsAt(end);
    return end;
  }, []);
  return { left, endsAt, start };
}
