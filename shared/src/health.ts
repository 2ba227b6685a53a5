import * as z from 'zod/mini';

export const componentHealthSchema = z.object({
  status: z.enum(['ok', 'down']),
  kind: z.enum(['embedded', 'external']),
  latencyMs: z.optional(z.number()),
});

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded']),
  db: componentHealthSchema,
  redis: componentHealthSchema,
  uptimeSeconds: z.number(),
  version: z.string(),
});
export type Health = z.infer<typeof healthSchema>;
