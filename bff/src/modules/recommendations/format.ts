const DAY_MS = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); NaN for a malformed date. */
export function daysBetween(from: string, to: string): number {
  const a = ISO_DATE.test(from) ? Date.parse(`${from}T00:00:00Z`) : NaN;
  const b = ISO_DATE.test(to) ? Date.parse(`${to}T00:00:00Z`) : NaN;
  return Math.round((b - a) / DAY_MS);
}

/** The calendar day in China (UTC+8 all year) at an instant, `YYYY-MM-DD`: the `today` the rules take. */
export function chinaBusinessDay(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** A date column (UTC midnight, as Prisma returns `@db.Date`) as `YYYY-MM-DD`. */
export function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** Fen as Chinese text without floating point: `12345678` → `12.35万元`, `80000` → `800元`, `150` → `1.5元`. */
export function formatFenZh(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  if (abs >= 1_000_000n) {
    const hundredthsOfWan = (abs + 5_000n) / 10_000n;
    return `${sign}${decimal(hundredthsOfWan)}万元`;
  }
  return `${sign}${decimal(abs)}元`;
}

/** Hundredths as a decimal without trailing zeros: 1250 → "12.5", 1200 → "12". */
function decimal(hundredths: bigint): string {
  const whole = hundredths / 100n;
  const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return frac ? `${whole}.${frac}` : `${whole}`;
}

/** `2026-12-10` → `12月10日` */
export function formatDateZh(iso: string): string {
  const m = ISO_DATE.exec(iso);
  return m ? `${Number(m[2])}月${Number(m[3])}日` : iso;
}
