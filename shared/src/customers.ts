import * as z from 'zod/mini';
import { pageQuerySchema } from './org';

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

export const customerListQuerySchema = z.extend(pageQuerySchema, {
  q: z.optional(z.string().check(z.maxLength(50))),
});
export type CustomerListQuery = z.infer<typeof customerListQuerySchema>;

export const customerListSchema = z.object({
  items: z.array(customerSummarySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type CustomerList = z.infer<typeof customerListSchema>;
