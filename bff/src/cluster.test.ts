import { RestartBackoff } from './cluster';

describe('replacing a crashed worker', () => {
  it('waits 1 s, then twice as long after each further crash, up to 30 s', () => {
    const backoff = new RestartBackoff();
    expect(Array.from({ length: 7 }, () => backoff.next(500))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  });

  it('starts again from 1 s once a worker stayed up for a minute', () => {
    const backoff = new RestartBackoff();
    backoff.next(500);
    backoff.next(500);
    expect(backoff.next(60_000)).toBe(1000);
    expect(backoff.next(500)).toBe(2000);
  });
});
