import * as z from 'zod/mini';

export const PRODUCT_CATEGORIES = ['WEALTH', 'PRECIOUS_METAL', 'FUND', 'INSURANCE', 'DEPOSIT'] as const;
export const productCategorySchema = z.enum(PRODUCT_CATEGORIES);
export type ProductCategory = z.infer<typeof productCategorySchema>;
export const PRODUCT_CATEGORY_LABELS_ZH: Record<ProductCategory, string> = {
  WEALTH: '理财',
  PRECIOUS_METAL: '贵金属',
  FUND: '基金',
  INSURANCE: '保险',
  DEPOSIT: '存款',
};

export const productSchema = z.object({
  id: z.string(),
  name: z.string(),
  category: productCategorySchema,
  /** R1–R5 */
  riskLevel: z.number(),
  /** Yuan, as a decimal string (amounts never travel as floats). */
  minAmountYuan: z.string(),
  termDays: z.nullable(z.number()),
  expectedYield: z.nullable(z.string()),
  issuer: z.string(),
});
export type Product = z.infer<typeof productSchema>;
export const productListSchema = z.object({ items: z.array(productSchema) });
