import type { CustomerSummary } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { customerWhere, type CustomerScope } from '../auth/data-scope';
import { findCustomer, type CustomerSummaryRow } from './customers.repository';

function toSummary(r: CustomerSummaryRow): CustomerSummary {
  return {
    id: r.id,
    displayName: r.displayName,
    externalUserId: r.externalUserId,
    verified: r.verifiedAt !== null,
    crmNo: r.crmNo,
    phoneMasked: r.phoneMasked,
    idNumberMasked: r.idNumberMasked,
    advisorNames: r.relationships.map((x) => x.staff.name),
  };
}

/** Out-of-scope and missing customers look the same to the caller (404): scope must not leak existence. */
export async function getCustomer(prisma: PrismaClient, scope: CustomerScope, id: string): Promise<CustomerSummary> {
  const row = await findCustomer(prisma, { AND: [{ id }, customerWhere(scope)] });
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  return toSummary(row);
}
