import { auditLogExportSchema, auditLogPageSchema, productListSchema, type AuditLogQuery } from '@pfs/shared';
import type { HttpClient } from './http-client';

/** The audit log's filters as the page holds them (blank = not filtered). */
export type AuditLogFilters = Partial<Pick<AuditLogQuery, 'action' | 'actor' | 'entity' | 'entityId' | 'from' | 'to'>>;

/** Blank filters are left out of the query (the BFF refuses empty values). */
function queryOf(filters: AuditLogFilters): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(filters).map(([k, v]) => [k, v?.trim() || undefined]));
}

/** Compliance and administrators: the audit log (every read and export is itself audited) and product content. */
export function createAuditApi(http: HttpClient) {
  return {
    page: (filters: AuditLogFilters, page: number, pageSize = 20) => http.get('/api/audit-log', auditLogPageSchema, { query: { ...queryOf(filters), page, pageSize } }),
    exportCsv: (filters: AuditLogFilters) => http.get('/api/audit-log/export', auditLogExportSchema, { query: queryOf(filters) }),
  };
}
export type AuditApi = ReturnType<typeof createAuditApi>;

/** Product content (every role). */
export function createProductsApi(http: HttpClient) {
  return { list: () => http.get('/api/products', productListSchema) };
}
