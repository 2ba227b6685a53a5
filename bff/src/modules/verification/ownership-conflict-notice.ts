import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import type { WecomClient } from '../wecom/wecom-client';

/** What the follower's unit manager is told when a verified customer's CRM owner is someone else (masked name only). */
export interface ConflictNotice {
  conflictId: string;
  customerName: string;
  followerStaffId: string;
  followerName: string;
  followerUnitId: string;
  ownerName: string | null;
}

/** The unit managers responsible for a unit: its own, else the nearest ancestor unit's. */
async function managersFor(prisma: PrismaClient, unitId: string): Promise<string[]> {
  let current: string | null = unitId;
  for (let depth = 0; current && depth < 10; depth++) {
    // Roles filtered here: a unit has a handful of staff (and `has` on an enum array trips the driver adapter).
    const staff = await prisma.staff.findMany({ where: { unitId: current, active: true }, select: { wecomUserId: true, roles: true } });
    const managers = staff.filter((m) => m.roles.includes('UNIT_MANAGER'));
    if (managers.length) return managers.map((m) => m.wecomUserId);
    const unit: { parentId: string | null } | null = await prisma.orgUnit.findUnique({ where: { id: current }, select: { parentId: true } });
    current = unit?.parentId ?? null;
  }
  return [];
}

/** WeCom app message (textcard) to the follower's unit manager; masked name only. */
export async function notifyOwnershipConflict(d: { prisma: PrismaClient; wecom: WecomClient | null; publicBaseUrl: string; log: Logger }, c: ConflictNotice): Promise<void> {
  if (!d.wecom) return;
  const managers = await managersFor(d.prisma, c.followerUnitId);
  if (!managers.length) {
    d.log.warn({ conflictId: c.conflictId }, 'ownership conflict: no unit manager to notify');
    return;
  }
  await d.wecom.call('message/send', {
    body: {
      touser: managers.join('|'),
      msgtype: 'textcard',
      agentid: Number(d.wecom.agentId),
      textcard: {
        title: '客户归属冲突待处理',
        description: `客户${c.customerName}已完成实名认证。CRM 归属客户经理：${c.ownerName ?? '未知'}；企业微信跟进人：${c.followerName}。请核实并处理客户归属。`,
        url: `${d.publicBaseUrl}/`,
        btntxt: '查看',
      },
      enable_duplicate_check: 1,
      duplicate_check_interval: 600,
    },
  });
  d.log.info({ conflictId: c.conflictId, managers: managers.length }, 'ownership conflict: manager notified');
}
