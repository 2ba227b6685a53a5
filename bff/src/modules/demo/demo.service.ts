import type { DemoContact, DemoGroupChat, DemoStaff } from '@pfs/shared';
import type { Simulator } from '@pfs/simulator';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../http/app-error';
import { DEMO_ACCOUNTS } from '../demo-data/org-chart';

export const DEMO_CONTACTS_LIMIT = 50;

/** Who the browser demo acts as on a first visit (it logs in as the first staff member listed): an advisor. */
export const DEMO_DEFAULT_STAFF = 'wangfang';

/** Switcher order: the default advisor, then the named demo accounts as the org chart lists them, then the rest. */
function demoRank(wecomUserId: string): number {
  if (wecomUserId === DEMO_DEFAULT_STAFF) return -1;
  const named = DEMO_ACCOUNTS.findIndex((a) => a.wecomUserId === wecomUserId);
  return named === -1 ? DEMO_ACCOUNTS.length : named;
}

/** Every active staff member, for the browser demo's "who am I in WeCom" switcher (default advisor first). */
export async function listDemoStaff(prisma: PrismaClient): Promise<DemoStaff[]> {
  const staff = await prisma.staff.findMany({ where: { active: true }, include: { unit: true }, orderBy: { wecomUserId: 'asc' } });
  // A stable sort keeps the generated staff in id order after the named accounts.
  return staff
    .sort((a, b) => demoRank(a.wecomUserId) - demoRank(b.wecomUserId))
    .map((s) => ({ wecomUserId: s.wecomUserId, name: s.name, unitName: s.unit.name, roles: s.roles }));
}

async function requireStaff(prisma: PrismaClient, wecomUserId: string): Promise<string> {
  const staff = await prisma.staff.findUnique({ where: { wecomUserId }, select: { id: true, active: true } });
  if (!staff?.active) throw new AppError('NOT_FOUND', '没有这位员工');
  return staff.id;
}

/** The advisor's active WeCom external contacts (first 50), as the chat toolbar would see them. */
export async function listDemoContacts(prisma: PrismaClient, wecomUserId: string): Promise<DemoContact[]> {
  const staffId = await requireStaff(prisma, wecomUserId);
  const customers = await prisma.customer.findMany({
    where: { externalUserId: { not: null }, relationships: { some: { staffId, status: 'ACTIVE' } } },
    select: { externalUserId: true, displayName: true },
    orderBy: { displayName: 'asc' },
    take: DEMO_CONTACTS_LIMIT,
  });
  return customers.map((c) => ({ externalUserId: c.externalUserId ?? '', name: c.displayName }));
}

/** The customer groups the member owns or is in, as their WeCom client lists them (the simulator's groups). */
export async function listDemoGroupChats(prisma: PrismaClient, simulator: Simulator, wecomUserId: string): Promise<DemoGroupChat[]> {
  await requireStaff(prisma, wecomUserId);
  return simulator.control.wecom.groupChats(wecomUserId).map((g) => ({ chatId: g.chatId, name: g.name }));
}

/** A `wx.qy.login` code for this member, issued by the simulator (what WeCom gives the mini-program). */
export async function demoLoginCode(prisma: PrismaClient, simulator: Simulator, wecomUserId: string): Promise<{ code: string }> {
  await requireStaff(prisma, wecomUserId);
  try {
    return { code: simulator.control.wecom.loginCode(wecomUserId) };
  } catch {
    throw new AppError('NOT_FOUND', '模拟企业微信中没有这位员工');
  }
}
