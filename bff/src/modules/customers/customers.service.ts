import type { CustomerList, CustomerListQuery, CustomerSummary } from '@pfs/shared';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { customerWhere, type CustomerScope } from '../auth/data-scope';
import { findCustomer, findCustomers, type CustomerSummaryRow } from './customers.repository';

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

export async function listCustomers(prisma: PrismaClient, scope: CustomerScope, q: CustomerListQuery): Promise<CustomerList> {
  const where = { AND: [customerWhere(scope), q.q ? { displayName: { contains: q.q } } : {}] };
  const [rows, total] = await findCustomers(prisma, where, (q.page - 1) * q.pageSize, q.pageSize);
  return { items: rows.map(toSummary), total, page: q.page, pageSize: q.pageSize };
}

/** Out-of-scope and missing customers look the same to the caller (404): scope must not leak existence. */
export async function getCustomer(prisma: PrismaClient, scope: CustomerScope, id: string): Promise<CustomerSummary> {
  const row = await findCustomer(prisma, { AND: [{ id }, customerWhere(scope)] });
  if (!row) throw new AppError('NOT_FOUND', '未找到该客户，或您无权查看');
  return toSummary(row);
}
