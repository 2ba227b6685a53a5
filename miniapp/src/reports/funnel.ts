import type { FunnelCounts } from '@pfs/shared';

export const FUNNEL_STAGES = [
  { key: 'invited', label: '已邀请' },
  { key: 'opened', label: '已打开' },
  { key: 'consented', label: '已授权' },
  { key: 'verified', label: '已实名' },
] as const satisfies readonly { key: keyof FunnelCounts; label: string }[];

export interface FunnelBar {
  key: keyof FunnelCounts;
  label: string;
  count: number;
  /** Bar width as a share of the row's invitations, 0–100 (a non-zero count shows at least a sliver). */
  widthPct: number;
  /** Conversion from invitations, rounded to one decimal; null when nothing was invited. */
  ratePct: number | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The four stage bars of one row, scaled to its invitations (the first stage is always the full width). */
export function funnelBars(counts: FunnelCounts): FunnelBar[] {
  const base = counts.invited;
  return FUNNEL_STAGES.map(({ key, label }) => {
    const count = counts[key];
    const share = base > 0 ? Math.min(1, count / base) : 0;
    return {
      key,
      label,
      count,
      widthPct: count > 0 ? Math.max(2, round1(share * 100)) : 0,
      ratePct: base > 0 ? round1(share * 100) : null,
    };
  });
}

export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${rate}%`;
}

/** The report's date-range choices: the server's default (last 30 days), the last 7 days, this month, or chosen days. */
export type RangePreset = '30d' | '7d' | 'month' | 'custom';
export const RANGE_PRESETS: { key: RangePreset; label: string }[] = [
  { key: '7d', label: '近7天' },
  { key: '30d', label: '近30天' },
  { key: 'month', label: '本月' },
  { key: 'custom', label: '自定义' },
];

const DAY_MS = 86_400_000;

/** Today's date in China (UTC+8), where the bank's days are counted, whatever the device's zone. */
export function chinaToday(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function addDays(isoDate: string, days: number): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The days a preset covers, both ends included, ending today (`custom` is the caller's own choice). */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  if (preset === '7d') return { from: addDays(today, -6), to: today };
  if (preset === 'month') return { from: `${today.slice(0, 8)}01`, to: today };
  return { from: addDays(today, -29), to: today };
}

/** `2031-03-05` → `2031年3月5日` */
export function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}
