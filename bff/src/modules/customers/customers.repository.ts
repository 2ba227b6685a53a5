import type { Prisma, PrismaClient } from '../../generated/prisma/client';

const summarySelect = {
  id: true,
  displayName: true,
  externalUserId: true,
  verifiedAt: true,
  crmNo: true,
  phoneMasked: true,
  idNumberMasked: true,
  relationships: { where: { status: 'ACTIVE' }, select: { staff: { select: { name: true } } } },
} satisfies Prisma.CustomerSelect;

export type CustomerSummaryRow = Prisma.CustomerGetPayload<{ select: typeof summarySelect }>;

export function findCustomer(prisma: PrismaClient, where: Prisma.CustomerWhereInput): Promise<CustomerSummaryRow | null> {
  return prisma.customer.findFirst({ where, select: summarySelect });
}
