import type { Context } from 'koa';
import type { Prisma, PrismaClient } from '../../generated/prisma/client';
import { systemClock, type Clock } from '../../lib/clock';
import type { Principal } from '../auth/principal';

export interface AuditEntry {
  action: string;
  entity: string;
  entityId?: string;
  detail?: Prisma.InputJsonValue;
}

/** Append-only record of who did what to which record, when and from where (the table refuses updates). */
export class AuditLog {
  constructor(
    private readonly prisma: PrismaClient,
    /** When an entry happened: AppDeps.clock, so that entries agree with the business time of what they record. */
    private readonly clock: Clock = systemClock,
  ) {}

  async record(ctx: Context, entry: AuditEntry): Promise<void> {
    const principal = ctx.state.principal as Principal | undefined;
    await this.prisma.auditLog.create({
      data: {
        at: this.clock.now(),
        actorType: principal ? 'STAFF' : 'ANONYMOUS',
        actorId: principal?.staffId ?? null,
        action: entry.action,
        entity: entry.entity,
        entityId: entry.entityId ?? null,
        ip: ctx.ip,
        requestId: String(ctx.state.requestId ?? ''),
        detail: entry.detail,
      },
    });
  }

  async recordSystem(entry: AuditEntry): Promise<void> {
    await this.prisma.auditLog.create({
      data: { at: this.clock.now(), actorType: 'SYSTEM', action: entry.action, entity: entry.entity, entityId: entry.entityId ?? null, detail: entry.detail },
    });
  }
}
