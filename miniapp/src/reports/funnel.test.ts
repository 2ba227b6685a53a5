import { formatRate, funnelBars } from './funnel';

describe('verification funnel bars', () => {
  it('scales every stage to the invitations, with conversion percentages', () => {
    const bars = funnelBars({ invited: 40, opened: 30, consented: 20, verified: 10 });
    expect(bars.map((b) => b.label)).toEqual(['已邀请', '已打开', '已授权', '已实名']);
    expect(bars.map((b) => b.widthPct)).toEqual([100, 75, 50, 25]);
    expect(bars.map((b) => b.ratePct)).toEqual([100, 75, 50, 25]);
    expect(formatRate(bars[3]!.ratePct)).toBe('25%');
  });

  it('rounds to one decimal, shows a sliver for tiny non-zero counts and nothing for zero', () => {
    const bars = funnelBars({ invited: 300, opened: 1, consented: 0, verified: 0 });
    expect(bars[1]).toMatchObject({ count: 1, widthPct: 2, ratePct: 0.3 });
    expect(bars[2]).toMatchObject({ widthPct: 0, ratePct: 0 });
    expect(funnelBars({ invited: 3, opened: 2, consented: 2, verified: 1 })[1]!.widthPct).toBe(66.7);
  });

  it('has no rate and empty bars when nothing was invited, and never overflows', () => {
    const empty = funnelBars({ invited: 0, opened: 0, consented: 0, verified: 0 });
    expect(empty.every((b) => b.widthPct === 0 && b.ratePct === null)).toBe(true);
    expect(formatRate(null)).toBe('—');
    expect(funnelBars({ invited: 2, opened: 5, consented: 0, verified: 0 })[1]!.widthPct).toBe(100);
  });
});
