/**
 * The one source of "now" for the BFF: services, workers, the seed and the scripts take a Clock instead of calling
 * `new Date()`, so that tests (and the demo seed) decide what "today" is. Production uses `systemClock`.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that tests set and move; it only changes when told to. */
export class ManualClock implements Clock {
  private t: number;

  constructor(start: Date | string | number) {
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  set(to: Date | string | number): void {
    this.t = new Date(to).getTime();
  }

  advance(ms: number): void {
    this.t += ms;
  }
}

/** Midnight UTC of the clock's day: the anchor that date-relative demo data is generated from. */
export function startOfDayUtc(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

export const DAY_MS = 86_400_000;
