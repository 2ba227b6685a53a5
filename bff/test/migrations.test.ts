import { openDatabase } from '../src/db/database';
import { diffMigrationsToSchema, readMigrations } from '../src/db/migrations';
import { dropTestDatabase, openTestDatabase } from './helpers/test-app';

it('schema.prisma and prisma/migrations agree (the diff from migrations to schema is empty)', async () => {
  expect(readMigrations().migrationDirectories.length).toBeGreaterThan(0);
  const scratch = await openDatabase({ dataDir: 'memory://' });
  try {
    expect(await diffMigrationsToSchema(scratch.migrationAdapterFactory())).toBe('');
  } finally {
    await scratch.close();
  }
});

it('migrations apply to a fresh database and the audit log refuses updates and deletes', async () => {
  const db = await openTestDatabase();
  try {
    const row = await db.prisma.auditLog.create({ data: { actorType: 'SYSTEM', action: 'test', entity: 'none' } });
    await expect(db.prisma.auditLog.update({ where: { id: row.id }, data: { action: 'tampered' } })).rejects.toThrow(/append-only/);
    await expect(db.prisma.auditLog.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await db.prisma.auditLog.count()).toBe(1);
  } finally {
    await dropTestDatabase(db);
  }
});
