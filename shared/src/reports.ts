import * as z from 'zod/mini';

/**
 * `GET /api/reports/verification-funnel`: invited → opened → consented → verified, by unit or by advisor, for
 * invitations issued from `from` to `to` (China calendar days, both included). Without them: the last 30 days.
 */
export const verificationFunnelQuerySchema = z
  .object({
    groupBy: z._default(z.enum(['unit', 'advisor']), 'unit'),
    /** ISO date; invitations issued on or after that day. Default: 29 days before `to`. */
    from: z.optional(z.iso.date()),
    /** ISO date; invitations issued on or before that day. Default: today. */
    to: z.optional(z.iso.date()),
  })
  .check(z.refine((q) => !q.from || !q.to || q.from <= q.to, { message: '开始日期不能晚于结束日期', path: ['from'] }));
export type VerificationFunnelQuery = z.infer<typeof verificationFunnelQuerySchema>;

export const funnelCountsSchema = z.object({ invited: z.number(), opened: z.number(), consented: z.number(), verified: z.number() });
export type FunnelCounts = z.infer<typeof funnelCountsSchema>;

export const verificationFunnelSchema = z.object({
  /** Every unit (or advisor) in the caller's scope that can invite, with zeros when it has not. */
  rows: z.array(z.extend(funnelCountsSchema, { key: z.string(), label: z.string() })),
  totals: funnelCountsSchema,
  /** The range counted (the defaults filled in). */
  from: z.iso.date(),
  to: z.iso.date(),
});
export type VerificationFunnel = z.infer<typeof verificationFunnelSchema>;
