import type { AuditLogEntry } from '@pfs/shared';

type DetailValue = AuditLogEntry['detail'][string];

/** Digit runs long enough to be an ID, phone or account number (someone may type one into a reason). */
const LONG_NUMBER = /\d[\d\s-]{4,}[\dXx]/g;

export function maskFreeText(text: string): string {
  return text.replace(LONG_NUMBER, (run) => '*'.repeat(run.length));
}

/** The network part of an address: 10.0.*.* or 2001:db8:*; nothing that pins down one customer's connection. */
export function maskIp(ip: string | null): string | null {
  if (!ip) return null;
  const v4 = /^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(ip);
  if (v4) return `${v4[1]}.${v4[2]}.*.*`;
  const groups = ip.split(':').filter(Boolean);
  return groups.length >= 2 ? `${groups[0]}:${groups[1]}:*` : '*';
}

/**
 * The detail fields compliance may read, by type; anything else (ids that would lead to a person, counts of erased
 * records' contents, future fields nobody reviewed) stays in the database. Free text is masked.
 */
const DETAIL_FIELDS: Record<string, 'text' | 'code' | 'codes' | 'number' | 'boolean'> = {
  reason: 'text',
  caseRef: 'code',
  added: 'codes',
  removed: 'codes',
  crmMatched: 'boolean',
  level: 'code',
  consents: 'number',
  erasedCustomers: 'number',
  // The filters of an audit-log read or export (themselves audited).
  action: 'code',
  actor: 'code',
  entity: 'code',
  entityId: 'code',
  from: 'code',
  to: 'code',
  page: 'number',
  rows: 'number',
};

export function viewDetail(detail: unknown): Record<string, DetailValue> {
  const out: Record<string, DetailValue> = {};
  if (!detail || typeof detail !== 'object' || Array.isArray(detail)) return out;
  for (const [key, value] of Object.entries(detail as Record<string, unknown>)) {
    const kind = DETAIL_FIELDS[key];
    if (kind === 'text' && typeof value === 'string') out[key] = maskFreeText(value);
    else if (kind === 'code' && typeof value === 'string') out[key] = value;
    else if (kind === 'codes' && Array.isArray(value)) out[key] = value.filter((v): v is string => typeof v === 'string');
    else if (kind === 'number' && typeof value === 'number') out[key] = value;
    else if (kind === 'boolean' && typeof value === 'boolean') out[key] = value;
  }
  return out;
}
