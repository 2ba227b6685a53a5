import type { Database, SqlRunner } from '../../db/database';
import { dropTestDatabase, openTestDatabase } from '../../../test/helpers/test-app';
import { ViewAuditWriter, type ViewAuditEntry } from './view-audit-writer';

const entry = (i: number, at = new Date(Date.UTC(2026, 10, 24, 8, 0, 0, i))): ViewAuditEntry => ({
  actorId: `stf-${i % 3}`,
  action: 'customer.view',
  entity: 'customer',
  entityId: `cus-${i}`,
  ip: i % 2 ? '10.0.0.1' : null,
  requestId: `req-${i}`,
  at,
});

/** Counts the statements that reach the database. */
function counting(sql: SqlRunner): SqlRunner & { calls: number } {
  const wrapped = {
    calls: 0,
    query: async <T,>(text: string, values?: unknown[], prepared?: boolean) => {
      wrapped.calls++;
      return sql.query<T>(text, values, prepared);
    },
    exec: (script: string) => sql.exec(script),
  };
  return wrapped;
}

describe('ViewAuditWriter (group commit of view audits)', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterAll(async () => {
    await dropTestDatabase(db);
  });

  it('commits every row with its own time, actor and request, in far fewer statements than rows', async () => {
    const sql = counting(db.sql);
    const writer = new ViewAuditWriter(sql);
    await Promise.all(Array.from({ length: 120 }, (_, i) => writer.write(entry(i))));
    expect(sql.calls).toBeLessThanOrEqual(2);
    const rows = await db.prisma.auditLog.findMany({ where: { action: 'customer.view' }, orderBy: { entityId: 'asc' } });
    expect(rows).toHaveLength(120);
    const r7 = rows.find((r) => r.entityId === 'cus-7');
    expect(r7).toMatchObject({ actorType: 'STAFF', actorId: 'stf-1', entity: 'customer', ip: '10.0.0.1', requestId: 'req-7' });
    expect(r7?.at.toISOString()).toBe('2026-11-24T08:00:00.007Z');
    expect(rows.find((r) => r.entityId === 'cus-8')?.ip).toBeNull();
  });

  it('a row is committed before its write resolves; writes arriving during a flush go into the next batch', async () => {
    const sql = counting(db.sql);
    const writer = new ViewAuditWriter(sql);
    const first = writer.write(entry(1000));
    await new Promise((r) => setImmediate(r)); // the first batch is now in flight
    const later = Promise.all([writer.write(entry(1001)), writer.write(entry(1002))]);
    await first;
    expect(await db.prisma.auditLog.count({ where: { entityId: 'cus-1000' } })).toBe(1);
    await later;
    expect(await db.prisma.auditLog.count({ where: { entityId: { in: ['cus-1001', 'cus-1002'] } } })).toBe(2);
    expect(sql.calls).toBe(2);
  });

  it('a failed batch rejects each of its writers (no view is answered unaudited) and the next batch still goes in', async () => {
    let fail = true;
    const flaky: SqlRunner = {
      query: async <T,>(text: string, values?: unknown[], prepared?: boolean) => {
        if (fail) {
          fail = false;
          throw new Error('connection reset');
        }
        return db.sql.query<T>(text, values, prepared);
      },
      exec: (s) => db.sql.exec(s),
    };
    const writer = new ViewAuditWriter(flaky);
    const results = await Promise.allSettled([writer.write(entry(2000)), writer.write(entry(2001))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await writer.write(entry(2002));
    expect(await db.prisma.auditLog.count({ where: { entityId: { in: ['cus-2000', 'cus-2001', 'cus-2002'] } } })).toBe(1);
  });

  it('caps a batch at maxBatch rows', async () => {
    const sql = counting(db.sql);
    const writer = new ViewAuditWriter(sql, 10);
    await Promise.all(Array.from({ length: 35 }, (_, i) => writer.write(entry(3000 + i))));
    expect(sql.calls).toBe(4);
    const ids = Array.from({ length: 35 }, (_, i) => `cus-${3000 + i}`);
    expect(await db.prisma.auditLog.count({ where: { entityId: { in: ids } } })).toBe(35);
  });
});
