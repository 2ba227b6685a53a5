/**
 * The simulator's notion of "now". Token lifetimes, code windows and timestamps all read it, so tests can
 * jump ahead (`advance`) instead of waiting. Real-time waits (retry schedules) go through `Timers` instead.
 */
export interface Clock {
  /** Milliseconds since the epoch, as the simulated platforms see it. */
  now(): number;
  /** Unix seconds, the unit the platforms put on the wire. */
  nowSeconds(): number;
  advance(ms: number): void;
  resetOffset(): void;
  offsetMs(): number;
}

export function createClock(base: () => number = Date.now): Clock {
  let offset = 0;
  const now = (): number => base() + offset;
  return {
    now,
    nowSeconds: () => Math.floor(now() / 1000),
    advance: (ms: number) => {
      offset += ms;
    },
    resetOffset: () => {
      offset = 0;
    },
    offsetMs: () => offset,
  };
}

/**
 * Real-time timers that `cancelAll()` can stop: retry loops sleep through this so that `reset()` and
 * `close()` end them at once (jest must be able to exit, and a reset world must not receive stale retries).
 */
export class Timers {
  private readonly pending = new Map<NodeJS.Timeout, () => void>();
  private generationValue = 0;

  get generation(): number {
    return this.generationValue;
  }

  /** Resolves true after `ms`, or false when cancelled first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(timer);
        resolve(true);
      }, Math.max(0, ms));
      this.pending.set(timer, () => resolve(false));
    });
  }

  cancelAll(): void {
    this.generationValue += 1;
    for (const [timer, cancel] of this.pending) {
      clearTimeout(timer);
      cancel();
    }
    this.pending.clear();
  }

  get size(): number {
    return this.pending.size;
  }
}
