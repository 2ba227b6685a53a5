import { z } from 'zod';
import { ApiError, type ApiDef } from '../../core/errcodeApi';
import type { Sim } from '../../core/sim';
import { parseWith } from '../../core/validate';
import type { FollowRelation } from '../../core/world';
import { externalContactJson, followInfoJson, followUserJson } from './views';

const FOLLOW_PAGE = 500;

/** Opaque cursors, like the platform's: base64url of an offset plus the request they belong to. */
export function encodeCursor(offset: number, scope: string): string {
  return Buffer.from(JSON.stringify({ o: offset, s: scope })).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, scope: string): number {
  if (!cursor) return 0;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; s?: unknown };
    if (typeof v.o === 'number' && Number.isInteger(v.o) && v.o >= 0 && v.s === scope) return v.o;
  } catch {
    // fall through
  }
  throw new ApiError(40058, 'invalid cursor');
}

const batchSchema = z.object({
  userid_list: z.array(z.string()).min(1).max(100),
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(100).optional(),
});

const remarkSchema = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  remark: z.string().max(20).optional(),
  description: z.string().max(150).optional(),
  remark_company: z.string().max(20).optional(),
  remark_mobiles: z.array(z.string()).max(5).optional(),
  remark_pic_mediaid: z.string().optional(),
});

export function contactApis(sim: Sim): Record<string, ApiDef> {
  const liveFollow = (userid: string, externalUserId: string): FollowRelation => {
    if (!sim.world.users.has(userid)) throw new ApiError(40003);
    if (!sim.world.contacts.has(externalUserId)) throw new ApiError(40096);
    const f = sim.world.follow(userid, externalUserId);
    if (!f) throw new ApiError(84061);
    return f;
  };

  return {
    'externalcontact/get_follow_user_list': {
      method: 'GET',
      handle: () => ({
        follow_user: [...sim.world.users.values()].filter((u) => u.customerContact && u.status === 1).map((u) => u.userid),
      }),
    },
    'externalcontact/list': {
      method: 'GET',
      handle: ({ query }) => {
        const userid = query('userid');
        if (!userid || !sim.world.users.has(userid)) throw new ApiError(40003);
        const ids = sim.world.followsBy(userid).sort((a, b) => a.createtime - b.createtime).map((f) => f.externalUserId);
        if (ids.length === 0) throw new ApiError(84061);
        return { external_userid: ids };
      },
    },
    'externalcontact/get': {
      method: 'GET',
      handle: ({ query }) => {
        const id = query('external_userid');
        if (!id) throw new ApiError(40096);
        const contact = sim.world.contacts.get(id);
        if (!contact) throw new ApiError(40096);
        const follows = sim.world.followsOf(id).sort((a, b) => a.createtime - b.createtime);
        if (follows.length === 0) throw new ApiError(84061);
        const offset = decodeCursor(query('cursor'), `get:${id}`);
        const page = follows.slice(offset, offset + FOLLOW_PAGE);
        const out: Record<string, unknown> = {
          external_contact: externalContactJson(contact),
          follow_user: page.map((f) => followUserJson(sim.world, f)),
        };
        if (offset + FOLLOW_PAGE < follows.length) out.next_cursor = encodeCursor(offset + FOLLOW_PAGE, `get:${id}`);
        return out;
      },
    },
    'externalcontact/batch/get_by_user': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(batchSchema, body);
        for (const u of req.userid_list) if (!sim.world.users.has(u)) throw new ApiError(40003, u);
        const all = req.userid_list.flatMap((u) => sim.world.followsBy(u).sort((a, b) => a.createtime - b.createtime));
        const scope = `batch:${req.userid_list.join('|')}`;
        const offset = decodeCursor(req.cursor, scope);
        const limit = req.limit ?? 50;
        const page = all.slice(offset, offset + limit);
        return {
          external_contact_list: page.flatMap((f) => {
            const c = sim.world.contacts.get(f.externalUserId);
            return c ? [{ external_contact: externalContactJson(c), follow_info: followInfoJson(f) }] : [];
          }),
          next_cursor: offset + limit < all.length ? encodeCursor(offset + limit, scope) : '',
        };
      },
    },
    'externalcontact/remark': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(remarkSchema, body);
        const f = liveFollow(req.userid, req.external_userid);
        // API edits never produce an edit_external_contact callback (the platform only reports people's edits).
        if (req.remark !== undefined) f.remark = req.remark;
        if (req.description !== undefined) f.description = req.description;
        if (req.remark_company !== undefined) f.remarkCorpName = req.remark_company;
        if (req.remark_mobiles !== undefined) f.remarkMobiles = req.remark_mobiles;
        return {};
      },
    },
  };
}
