import type { Product } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { fenToYuan } from '../../lib/money';

export async function listProducts(prisma: PrismaClient): Promise<Product[]> {
  const rows = await prisma.product.findMany({ where: { onSale: true }, orderBy: [{ category: 'asc' }, { id: 'asc' }] });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    category: r.category,
    riskLevel: r.riskLevel,
    minAmountYuan: fenToYuan(r.minAmountFen),
    termDays: r.termDays,
    expectedYield: r.expectedYield,
    issuer: r.issuer,
  }));
}
