import { groupChatMembersSchema } from '@pfs/shared';
import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { eventually } from '../../../test/helpers/test-env';
import { wecomEventSchema } from '../wecom-callbacks/wecom-event';
import { handleExternalChatChanged } from '../wecom-callbacks/external-chat-changed';

// The group-chat sidebar from the embedded default: demo groups seeded into the simulator from the advisors'
// customers, read once through groupchat/get, then kept current by change_external_chat callbacks.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true });
});
afterAll(() => t.close());

const sim = () => t.simulator!.control.wecom;
const prisma = () => t.deps.db.prisma;
const auth = async (who: string): Promise<[string, string]> => ['authorization', `Bearer ${await t.tokenFor(who)}`];
const firstGroupOf = (userid: string) => sim().groupChats(userid).find((g) => g.owner === userid)!;

async function members(who: string, chatId: string) {
  const res = await t.http.get(`/api/group-chats/${encodeURIComponent(chatId)}/members`).set(...(await auth(who)));
  return res;
}

async function chatEventProcessed(chatId: string, detail: string) {
  return eventually(`${detail} of ${chatId} processed`, async () => {
    const rows = await prisma().wecomEvent.findMany({ where: { event: 'change_external_chat', processedAt: { not: null } } });
    return rows.find((r) => {
      const p = r.payload as Record<string, string>;
      return p.ChatId === chatId && (p.UpdateDetail ?? p.ChangeType) === detail;
    });
  });
}

describe('group chats: sidebar members', () => {
  it('the owner sees the group’s customers: own ones in full with 实名 status, others masked; first read stored', async () => {
    const group = firstGroupOf('wangfang');
    expect(group.name).toBe('王芳的理财沙龙群');
    expect(await prisma().groupChat.count({ where: { chatId: group.chatId } })).toBe(0);
    const res = await members('wangfang', group.chatId);
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = groupChatMembersSchema.parse(res.body);
    expect(body).toMatchObject({ chatId: group.chatId, name: '王芳的理财沙龙群', ownerName: '王芳', staffCount: 1 });

    const external = group.members.filter((m) => m.type === 2);
    expect(body.customers).toHaveLength(external.length);
    const own = await prisma().customer.findMany({
      where: { externalUserId: { in: external.map((m) => m.userid) }, relationships: { some: { status: 'ACTIVE', staff: { wecomUserId: 'wangfang' } } } },
    });
    expect(own.length).toBeGreaterThan(0);
    const shown = body.customers.filter((c) => c.inScope);
    expect(shown.map((c) => c.customerId).sort()).toEqual(own.map((c) => c.id).sort());
    for (const c of own) {
      expect(shown.find((s) => s.customerId === c.id)).toMatchObject({ displayName: c.displayName, verified: c.verifiedAt !== null });
    }
    // The demo group mixes verified and unverified customers.
    expect(new Set(shown.map((c) => c.verified))).toEqual(new Set([true, false]));
    // A colleague's customer and a stranger: a masked WeChat name, no status, no way into a profile.
    const hidden = body.customers.filter((c) => !c.inScope);
    expect(hidden.length).toBeGreaterThanOrEqual(1);
    for (const h of hidden) {
      expect(h).toMatchObject({ customerId: null, verified: null, nameMasked: null });
      expect(h.displayName).toMatch(/^.\*+.$/);
    }
    expect(await prisma().groupChatMember.count({ where: { chatId: group.chatId } })).toBe(group.members.length);
    expect(sim().calls()['externalcontact/groupchat/get']).toBeGreaterThanOrEqual(1);
    expect(await prisma().auditLog.count({ where: { action: 'group_chat.view', entityId: group.chatId } })).toBe(1);
  });

  it('scope: the outlet and sub-branch managers and the admin see it; another outlet’s advisor, another sub-branch and content roles do not', async () => {
    const group = firstGroupOf('wangfang');
    for (const who of ['zhaomin', 'chenjing', 'admin']) expect((await members(who, group.chatId)).status).toBe(200);
    for (const who of ['lijun', 'zhangwei', 'liuhai']) {
      const res = await members(who, group.chatId);
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe('GROUP_CHAT_NOT_FOUND');
    }
    for (const who of ['yunying', 'hegui']) expect((await members(who, group.chatId)).status).toBe(403);
    expect((await members('wangfang', 'wrNoSuchGroup')).status).toBe(404);
    expect((await t.http.get(`/api/group-chats/${group.chatId}/members`)).status).toBe(401);
  });

  it('a staff member in the group (not the owner) sees it too', async () => {
    const group = firstGroupOf('wangfang');
    await sim().groupChatChanged({ action: 'add_member', chatId: group.chatId, members: ['lijun'] }).delivered;
    await chatEventProcessed(group.chatId, 'add_member');
    const res = await members('lijun', group.chatId);
    expect(res.status).toBe(200);
    expect(groupChatMembersSchema.parse(res.body).staffCount).toBe(2);
  });
});

describe('group chats: change_external_chat events', () => {
  it('a customer joins → stored from groupchat/get and listed; leaves → gone; rename; dismiss → 404', async () => {
    const group = sim().groupChats('zhangwei')[0]!;
    const newcomer = (await prisma().customer.findFirstOrThrow({
      where: { externalUserId: { notIn: group.members.map((m) => m.userid) }, relationships: { some: { status: 'ACTIVE', staff: { wecomUserId: 'zhangwei' } } } },
      orderBy: { externalUserId: 'asc' },
    }))!;
    await sim().groupChatChanged({ action: 'add_member', chatId: group.chatId, members: [newcomer.externalUserId!] }).delivered;
    expect((await chatEventProcessed(group.chatId, 'add_member')).outcome).toBe('applied');
    const joined = groupChatMembersSchema.parse((await members('zhangwei', group.chatId)).body);
    expect(joined.customers.find((c) => c.customerId === newcomer.id)).toMatchObject({ inScope: true, displayName: newcomer.displayName });

    await sim().groupChatChanged({ action: 'del_member', chatId: group.chatId, members: [newcomer.externalUserId!] }).delivered;
    await chatEventProcessed(group.chatId, 'del_member');
    await sim().groupChatChanged({ action: 'change_name', chatId: group.chatId, name: '张伟的VIP群' }).delivered;
    await chatEventProcessed(group.chatId, 'change_name');
    const after = groupChatMembersSchema.parse((await members('zhangwei', group.chatId)).body);
    expect(after.name).toBe('张伟的VIP群');
    expect(after.customers.some((c) => c.customerId === newcomer.id)).toBe(false);

    await sim().groupChatChanged({ action: 'dismiss', chatId: group.chatId }).delivered;
    expect((await chatEventProcessed(group.chatId, 'dismiss')).outcome).toBe('applied');
    expect((await members('zhangwei', group.chatId)).status).toBe(404);
    expect(await prisma().groupChat.findUnique({ where: { chatId: group.chatId } })).toMatchObject({ dismissedAt: expect.any(Date) });
  });

  it('the handler is idempotent: the same event twice leaves one copy of each member; a late update after dismiss keeps it dismissed', async () => {
    const created = sim().groupChatChanged({ action: 'create', owner: 'zhangwei', name: '新建群', members: [] });
    await created.delivered;
    await chatEventProcessed(created.chatId, 'create');
    const fields = wecomEventSchema.parse({ ...created.event, ChangeType: 'update', UpdateDetail: 'add_member' });
    const ctx = { prisma: prisma(), wecom: t.deps.wecom!, logger: t.deps.logger, eventId: 'e-test', fields, receivedAt: new Date(), now: () => new Date(), welcomeText: '' };
    await handleExternalChatChanged(ctx);
    await handleExternalChatChanged(ctx);
    expect(await prisma().groupChatMember.count({ where: { chatId: created.chatId } })).toBe(1);

    await sim().groupChatChanged({ action: 'dismiss', chatId: created.chatId }).delivered;
    await chatEventProcessed(created.chatId, 'dismiss');
    expect(await handleExternalChatChanged(ctx)).toEqual({ outcome: 'applied', note: 'gone' });
    expect(await handleExternalChatChanged({ ...ctx, fields: { ...fields, ChangeType: 'dismiss' } })).toMatchObject({ outcome: 'ignored' });
    expect((await prisma().groupChat.findUniqueOrThrow({ where: { chatId: created.chatId } })).dismissedAt).not.toBeNull();
  });

  it('two events for different groups in the same second are two events (ChatId is part of the key)', async () => {
    const [a, b] = sim().groupChats('wangfang');
    const ra = sim().groupChatChanged({ action: 'change_notice', chatId: a!.chatId, notice: '周五沙龙' });
    const rb = sim().groupChatChanged({ action: 'change_notice', chatId: b!.chatId, notice: '周五沙龙' });
    expect(ra.event.CreateTime).toBe(rb.event.CreateTime);
    await Promise.all([ra.delivered, rb.delivered]);
    await chatEventProcessed(a!.chatId, 'change_notice');
    await chatEventProcessed(b!.chatId, 'change_notice');
  });
});
