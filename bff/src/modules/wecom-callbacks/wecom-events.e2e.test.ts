import { createTestApp, type TestApp } from '../../../test/helpers/test-app';
import { eventually } from '../../../test/helpers/test-env';
import { startBackgroundWork } from '../../queue/background-work';

// The whole path from the embedded default: a simulated person acts in WeCom → the simulator posts the encrypted
// callback to the listening BFF → recorded → the queue worker applies it through the WeCom API.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ platform: true, listen: true });
});
afterAll(() => t.close());

const sim = () => t.simulator!.control.wecom;
const prisma = () => t.deps.db.prisma;

async function processed(externalUserId: string, changeType: string) {
  return eventually(`${changeType} of ${externalUserId} processed`, async () => {
    const rows = await prisma().wecomEvent.findMany({ where: { changeType, processedAt: { not: null } } });
    return rows.find((r) => (r.payload as Record<string, string>).ExternalUserID === externalUserId);
  });
}

async function relationshipOf(externalUserId: string, wecomUserId = 'wangfang') {
  return prisma().advisorCustomer.findFirst({
    where: { customer: { externalUserId }, staff: { wecomUserId } },
    include: { customer: true, events: { orderBy: { occurredAt: 'asc' } } },
  });
}

describe('external-contact events through the simulator', () => {
  it('customer adds an advisor by QR → customer and relationship stored, channel from state, welcome sent', async () => {
    const added = sim().customerAddsAdvisor({ userId: 'wangfang', state: 'qr_wangfang', name: '李雷' });
    const delivery = await added.delivered;
    expect(delivery.status).toBe('delivered');
    expect(delivery.attempts).toHaveLength(1);
    expect(delivery.attempts[0]).toMatchObject({ status: 200 });

    const event = await processed(added.externalUserId, 'add_external_contact');
    expect(event.outcome).toBe('applied');
    expect(event.error).toBe('welcome:sent');

    const rel = await relationshipOf(added.externalUserId);
    expect(rel).toMatchObject({ status: 'ACTIVE', channel: 'qr_wangfang', addWay: 1 });
    expect(rel!.customer.displayName).toBe('李雷');
    expect(rel!.customer.unionid).toMatch(/.+/);
    expect(rel!.events.map((e) => e.type)).toEqual(['ADDED']);

    const welcome = sim().welcomeMessages().filter((w) => w.externalUserId === added.externalUserId);
    expect(welcome).toHaveLength(1);
    expect(welcome[0]!.text?.content).toContain('王芳');
    expect(welcome[0]!.welcomeCode).toBe(added.welcomeCode);
  });

  it('a re-delivered event (WeCom retry) has exactly one effect', async () => {
    const added = sim().customerAddsAdvisor({ userId: 'wangfang', state: 'poster' });
    const delivery = await added.delivered;
    await processed(added.externalUserId, 'add_external_contact');
    // WeCom retries with the same signed body when it did not see the 200 in time.
    const again = await fetch(delivery.url, { method: 'POST', headers: delivery.headers, body: delivery.body });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 600));
    expect(await prisma().wecomEvent.count({ where: { dedupKey: { contains: added.externalUserId } } })).toBe(1);
    const rel = await relationshipOf(added.externalUserId);
    expect(rel!.events).toHaveLength(1);
    expect(sim().welcomeMessages().filter((w) => w.externalUserId === added.externalUserId)).toHaveLength(1);
    expect(sim().calls()['externalcontact/send_welcome_msg']).toBeGreaterThanOrEqual(1);
  });

  it('advisor edits the remark and tags → refreshed from externalcontact/get', async () => {
    const added = sim().customerAddsAdvisor({ userId: 'wangfang' });
    await added.delivered;
    await processed(added.externalUserId, 'add_external_contact');
    const tag = await prisma().tag.findFirstOrThrow({ where: { deleted: false }, orderBy: { id: 'asc' } });
    const edited = sim().advisorEditsContact({ userId: 'wangfang', externalUserId: added.externalUserId, remark: '王总-稳健型', addTags: [tag.id] });
    await edited!.delivered;
    await processed(added.externalUserId, 'edit_external_contact');
    const rel = await relationshipOf(added.externalUserId);
    expect(rel!.remark).toBe('王总-稳健型');
    expect(rel!.events.map((e) => e.type)).toEqual(['ADDED', 'EDITED']);
    const tags = await prisma().customerTag.findMany({ where: { customerId: rel!.customerId } });
    expect(tags.map((x) => x.tagId)).toEqual([tag.id]);
  });

  it('customer deletes the advisor → relationship ended with reason, history kept; re-adding revives it', async () => {
    const added = sim().customerAddsAdvisor({ userId: 'wangfang' });
    await added.delivered;
    await processed(added.externalUserId, 'add_external_contact');
    await sim().customerDeletesAdvisor({ userId: 'wangfang', externalUserId: added.externalUserId }).delivered;
    await processed(added.externalUserId, 'del_follow_user');
    let rel = await relationshipOf(added.externalUserId);
    expect(rel).toMatchObject({ status: 'REMOVED', removeReason: 'customer_deleted' });
    expect(rel!.removedAt).toBeInstanceOf(Date);

    // One second later on the platform clock, so the new add is a distinct event.
    t.simulator!.control.clock.advance(1000);
    const readd = sim().customerAddsAdvisor({ userId: 'wangfang', externalUserId: added.externalUserId, state: 'qr_again' });
    await readd.delivered;
    await eventually('re-add processed', async () => {
      const r = await relationshipOf(added.externalUserId);
      return r?.status === 'ACTIVE' ? r : undefined;
    });
    rel = await relationshipOf(added.externalUserId);
    expect(rel).toMatchObject({ status: 'ACTIVE', removeReason: null, channel: 'qr_again' });
    expect(rel!.events.map((e) => e.type)).toEqual(['ADDED', 'REMOVED_BY_CUSTOMER', 'READDED']);
  });

  it('advisor deletes the customer, and a failed transfer is recorded', async () => {
    const a = sim().customerAddsAdvisor({ userId: 'wangfang' });
    await a.delivered;
    await processed(a.externalUserId, 'add_external_contact');
    await sim().transferFails({ userId: 'wangfang', externalUserId: a.externalUserId }, 'customer_refused').delivered;
    await processed(a.externalUserId, 'transfer_fail');
    await sim().advisorDeletesCustomer({ userId: 'wangfang', externalUserId: a.externalUserId }).delivered;
    await processed(a.externalUserId, 'del_external_contact');
    const rel = await relationshipOf(a.externalUserId);
    expect(rel).toMatchObject({ status: 'REMOVED', removeReason: 'advisor_deleted' });
    expect(rel!.events.map((e) => e.type)).toEqual(['ADDED', 'TRANSFER_FAILED', 'REMOVED_BY_ADVISOR']);
    expect(rel!.events[1]!.detail).toEqual({ failReason: 'customer_refused' });
  });

  it('an event for a member who is not our staff is recorded and ignored', async () => {
    t.simulator!.control.seed({ users: [{ userid: 'outsider', name: '外部成员', department: [1] }] });
    const a = sim().customerAddsAdvisor({ userId: 'outsider' });
    await a.delivered;
    const row = await processed(a.externalUserId, 'add_external_contact');
    expect(row).toMatchObject({ outcome: 'ignored', error: 'unknown staff' });
    expect(await prisma().customer.count({ where: { externalUserId: a.externalUserId } })).toBe(0);
  });

  it('corp tag created in the admin console → tag catalogue synced', async () => {
    const before = await prisma().tag.count({ where: { deleted: false } });
    const group = await prisma().tag.findFirstOrThrow({ where: { deleted: false } });
    const created = sim().tagChanged({ changeType: 'create', tagType: 'tag', groupId: group.groupId, name: '高净值潜客' });
    await created.delivered;
    const synced = await eventually('tag synced', () => prisma().tag.findUnique({ where: { id: created.id } }).then((x) => x ?? undefined));
    expect(synced).toMatchObject({ name: '高净值潜客', groupId: group.groupId, deleted: false });
    expect(await prisma().tag.count({ where: { deleted: false } })).toBe(before + 1);

    await sim().tagChanged({ changeType: 'delete', tagType: 'tag', id: created.id }).delivered;
    await eventually('tag deleted', () => prisma().tag.findUnique({ where: { id: created.id } }).then((x) => (x?.deleted ? x : undefined)));
    expect(await prisma().tag.count({ where: { deleted: false } })).toBe(before);
  });

  it('token expiry in the middle of a run: the event is still applied', async () => {
    sim().expireTokens();
    const a = sim().customerAddsAdvisor({ userId: 'wangfang' });
    await a.delivered;
    const row = await processed(a.externalUserId, 'add_external_contact');
    expect(row.outcome).toBe('applied');
    expect(await relationshipOf(a.externalUserId)).toMatchObject({ status: 'ACTIVE' });
  });

  it('WeCom busy: the job fails, is retried by the queue and applied once', async () => {
    // More busy answers than the client's own retries: the first job attempt fails, the queue's retry succeeds.
    sim().failNext('externalcontact/get', -1, 5);
    const a = sim().customerAddsAdvisor({ userId: 'wangfang', welcomeCode: false });
    await a.delivered;
    const row = await eventually('retried event applied', async () => {
      const r = await prisma().wecomEvent.findFirst({ where: { dedupKey: { contains: a.externalUserId } } });
      return r?.processedAt ? r : undefined;
    }, 20_000);
    expect(row.attempts).toBeGreaterThanOrEqual(2);
    expect(row.outcome).toBe('applied');
    expect((await relationshipOf(a.externalUserId))!.events).toHaveLength(1);
  });
});

describe('crash between recording and processing', () => {
  it('an acknowledged event is processed after a restart', async () => {
    const down = await createTestApp({ platform: true, listen: true, workers: false });
    try {
      const a = down.simulator!.control.wecom.customerAddsAdvisor({ userId: 'wangfang', state: 'before_crash' });
      expect((await a.delivered).status).toBe('delivered');
      await new Promise((r) => setTimeout(r, 300));
      const row = await down.deps.db.prisma.wecomEvent.findFirstOrThrow({ where: { dedupKey: { contains: a.externalUserId } } });
      expect(row.processedAt).toBeNull();
      // The process dies: its queue stops without having worked the job. A new process starts on the same database.
      await down.deps.queue!.close(0);
      const restarted = await startBackgroundWork(down.deps.db, { config: down.deps.config, logger: down.deps.logger, wecom: down.deps.wecom, clock: down.deps.clock }, { pollingIntervalSeconds: 0.5 });
      try {
        const done = await eventually('processed after restart', async () => {
          const r = await down.deps.db.prisma.wecomEvent.findUnique({ where: { id: row.id } });
          return r?.processedAt ? r : undefined;
        });
        expect(done.outcome).toBe('applied');
        const rel = await down.deps.db.prisma.advisorCustomer.findFirst({ where: { customer: { externalUserId: a.externalUserId } } });
        expect(rel).toMatchObject({ status: 'ACTIVE', channel: 'before_crash' });
      } finally {
        await restarted.close(1);
      }
    } finally {
      await down.close();
    }
  });
});
