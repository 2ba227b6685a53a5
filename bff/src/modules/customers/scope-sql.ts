import type { CustomerScope } from '../auth/data-scope';

/**
 * The data scope as a SQL condition on an active relationship `ac` whose staff's unit is `u` (org_unit): an advisor
 * only their own follows, a manager the follows of anyone in their unit's subtree (one prefix match on the path).
 * `param` is the placeholder number the condition's value takes.
 */
export function scopeCondition(scope: CustomerScope, param: number): { sql: string; values: unknown[] } {
  switch (scope.kind) {
    case 'all':
      return { sql: 'true', values: [] };
    case 'own':
      return { sql: `ac.staff_id = $${param}`, values: [scope.staffId] };
    case 'subtree':
      return { sql: `starts_with(u.path, $${param})`, values: [scope.unitPath] };
  }
}

/** PostgreSQL `timestamp` (UTC, no zone) as JSON gives `2026-11-24T08:00:00.123`: an ISO instant with the zone. */
export function jsonTimestamp(v: string): string;
export function jsonTimestamp(v: string | null): string | null;
export function jsonTimestamp(v: string | null): string | null {
  if (v === null) return null;
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`;
  return new Date(iso).toISOString();
}
