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
