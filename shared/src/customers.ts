import * as z from 'zod/mini';
import { text } from './text';
import { aumTierSchema } from './customer-profile';
import { pageQuerySchema } from './org';

/** The one-customer summary (`GET /api/customers/:id`). */
export const customerSummarySchema = z.object({
  id: z.string(),
  displayName: z.string(),
  externalUserId: z.nullable(z.string()),
  verified: z.boolean(),
  crmNo: z.nullable(z.string()),
  phoneMasked: z.nullable(z.string()),
  idNumberMasked: z.nullable(z.string()),
  advisorNames: z.array(z.string()),
});
export type CustomerSummary = z.infer<typeof customerSummarySchema>;

const booleanQuery = z.pipe(
  z.enum(['true', 'false']),
  z.transform((v) => v === 'true'),
);

/** `GET /api/customers`: search (display name, remark, masked-phone last 4 digits), filters, paging. */
export const customerListQuerySchema = z.extend(pageQuerySchema, {
  q: z.optional(text().check(z.trim(), z.maxLength(50))),
  verified: z.optional(booleanQuery),
  tagId: z.optional(text().check(z.minLength(1), z.maxLength(64))),
  aumTier: z.optional(aumTierSchema),
  maturingWithinDays: z.optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(366))),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

export const customerListItemSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  nameMasked: z.nullable(z.string()),
  verified: z.boolean(),
  aumTier: z.nullable(aumTierSchema),
  riskLevel: z.nullable(z.number()),
  corpTags: z.array(z.object({ id: z.string(), name: z.string() })),
  /** A holding matures within 30 days. */
  maturingSoon: z.boolean(),
  addedAt: z.string(),
  staffName: z.string(),
});
export type CustomerListItem = z.infer<typeof customerListItemSchema>;

export const customerListSchema = z.object({
  items: z.array(customerListItemSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type CustomerList = z.infer<typeof customerListSchema>;
