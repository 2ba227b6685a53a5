import * as z from 'zod/mini';

/** `GET /api/reports/verification-funnel`: invited → opened → consented → verified, by unit or by advisor. */
export const verificationFunnelQuerySchema = z.object({
  groupBy: z._default(z.enum(['unit', 'advisor']), 'unit'),
  /** ISO date or date-time; invitations issued at or after. */
  from: z.optional(z.iso.date()),
  /** ISO date; invitations issued before the end of that day. */
  to: z.optional(z.iso.date()),
});
export type VerificationFunnelQuery = z.infer<typeof verificationFunnelQuerySchema>;

export const funnelCountsSchema = z.object({ invited: z.number(), opened: z.number(), consented: z.number(), verified: z.number() });
export type FunnelCounts = z.infer<typeof funnelCountsSchema>;

export const verificationFunnelSchema = z.object({
  rows: z.array(z.extend(funnelCountsSchema, { key: z.string(), label: z.string() })),
  totals: funnelCountsSchema,
});
export type VerificationFunnel = z.infer<typeof verificationFunnelSchema>;
