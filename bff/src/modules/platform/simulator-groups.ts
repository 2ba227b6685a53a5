import { createHash } from 'node:crypto';
import type { SeedInput } from '@pfs/simulator';

type SeedCustomer = NonNullable<SeedInput['customers']>[number];
type SeedGroupChat = NonNullable<SeedInput['groupChats']>[number];

/** Stable ids, so the groups the BFF stored survive a restart of the (in-memory) simulator. */
function stableId(prefix: 'wr' | 'wm', length: number, ...parts: string[]): string {
  return `${prefix}${createHash('sha256').update(parts.join('|')).digest('base64url').slice(0, length)}`;
}

export const DEMO_GROUPS_PER_ADVISOR = 2;
const CUSTOMERS_PER_GROUP = 5;
/** WeChat names of the demo's strangers (people in a group who are nobody's contact). */
const GUEST_NAMES = ['周女士', '吴先生', '郑阿姨', '冯先生', '陈小姐', '褚先生'];

function interleave<T>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

/** The fixed demo epoch the groups were "created" at (the simulator takes seconds). */
const DEMO_GROUP_CREATED = Date.UTC(2026, 0, 5) / 1000;

/**
 * Customer groups for the demo, derived from the advisors' own contacts: up to two per advisor with at least two
 * customers, each with a few of the advisor's customers (verified and not), a colleague's customer and a WeChat
 * user the bank does not know (so the sidebar shows every kind of member). Deterministic for the same customers.
 */
export function demoGroupChats(customers: SeedCustomer[], names: Map<string, string>, verified: ReadonlySet<string> = new Set()): SeedGroupChat[] {
  const byAdvisor = new Map<string, string[]>();
  for (const c of customers) {
    if (!c.externalUserId) continue;
    for (const f of c.follows ?? []) byAdvisor.set(f.userid, [...(byAdvisor.get(f.userid) ?? []), c.externalUserId]);
  }
  const advisors = [...byAdvisor.keys()].sort();
  const groups: SeedGroupChat[] = [];
  advisors.forEach((userid, i) => {
    const own = byAdvisor.get(userid) ?? [];
    if (own.length < 2) return;
    // Verified and unverified customers side by side, so each group shows both statuses.
    const done = own.filter((id) => verified.has(id));
    const todo = own.filter((id) => !verified.has(id));
    const colleague = byAdvisor.get(advisors[(i + 1) % advisors.length] ?? userid)?.find((id) => !own.includes(id));
    const name = names.get(userid) ?? userid;
    const titles = [`${name}的理财沙龙群`, `${name}的客户交流群`];
    for (let g = 0; g < DEMO_GROUPS_PER_ADVISOR; g += 1) {
      const mine = interleave(done.slice(g * 2, g * 2 + 2), todo.slice(g * 3, g * 3 + 3)).slice(0, CUSTOMERS_PER_GROUP);
      if (mine.length === 0) break;
      const guest = { userid: stableId('wm', 30, 'guest', userid, String(g)), name: GUEST_NAMES[(i + g) % GUEST_NAMES.length]! };
      const members = [...mine, ...(g === 0 && colleague ? [colleague] : []), guest];
      groups.push({ chatId: stableId('wr', 28, 'demo-group', userid, String(g)), name: titles[g] ?? `${name}的客户群`, owner: userid, createTime: DEMO_GROUP_CREATED + g * 3600, members });
    }
  });
  return groups;
}
