import { z } from 'zod';
import { ApiError, type ApiDef } from '../../core/errcodeApi';
import { randomString, URL_SAFE } from '../../core/ids';
import type { Sim } from '../../core/sim';
import { parseWith } from '../../core/validate';

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');
const maxBytes = (n: number) => z.string().refine((s) => bytes(s) <= n, { message: `longer than ${n} bytes` });

const text = z.object({ content: z.string().min(1).pipe(maxBytes(2048)) });
const markdown = z.object({ content: z.string().min(1).pipe(maxBytes(2048)) });
const textcard = z.object({
  title: z.string().min(1).pipe(maxBytes(128)),
  description: z.string().min(1).pipe(maxBytes(512)),
  url: z.string().url(),
  btntxt: z.string().max(4).optional(),
});
// Title and description are 4–12 characters; content items at most 10 with key ≤10 and value ≤30 characters.
const miniprogramNotice = z.object({
  appid: z.string().min(1),
  page: z.string().optional(),
  title: z.string().min(4).max(12),
  description: z.string().min(4).max(12).optional(),
  emphasis_first_item: z.boolean().optional(),
  content_item: z.array(z.object({ key: z.string().min(1).max(10), value: z.string().min(1).max(30) })).max(10).optional(),
});
const INTERACTIVE = new Set(['button_interaction', 'vote_interaction', 'multiple_interaction']);
const templateCard = z
  .object({
    card_type: z.enum(['text_notice', 'news_notice', 'button_interaction', 'vote_interaction', 'multiple_interaction']),
    source: z.record(z.string(), z.unknown()).optional(),
    main_title: z.object({ title: z.string().max(26).optional(), desc: z.string().max(30).optional() }).optional(),
    sub_title_text: z.string().optional(),
    card_action: z.object({ type: z.number().int().min(0).max(2), url: z.string().optional(), appid: z.string().optional(), pagepath: z.string().optional() }).optional(),
    task_id: z.string().max(128).optional(),
  })
  .passthrough()
  .superRefine((c, ctx) => {
    if (INTERACTIVE.has(c.card_type) && !c.task_id) ctx.addIssue({ code: 'custom', message: 'task_id required for interactive cards', path: ['task_id'] });
    if ((c.card_type === 'text_notice' || c.card_type === 'news_notice') && !c.card_action) {
      ctx.addIssue({ code: 'custom', message: 'card_action required', path: ['card_action'] });
    }
    if (c.card_type === 'text_notice' && !c.main_title?.title && !c.sub_title_text) {
      ctx.addIssue({ code: 'custom', message: 'main_title.title or sub_title_text required', path: ['main_title'] });
    }
    if (c.card_action?.type === 1 && !c.card_action.url) ctx.addIssue({ code: 'custom', message: 'card_action.url required', path: ['card_action', 'url'] });
    if (c.card_action?.type === 2 && !c.card_action.appid) ctx.addIssue({ code: 'custom', message: 'card_action.appid required', path: ['card_action', 'appid'] });
  });

const BODY_SCHEMAS: Record<string, z.ZodType> = { text, markdown, textcard, miniprogram_notice: miniprogramNotice, template_card: templateCard };

const envelope = z.object({
  touser: z.string().optional(),
  toparty: z.string().optional(),
  totag: z.string().optional(),
  msgtype: z.string().min(1),
  agentid: z.number().int(),
  safe: z.number().int().optional(),
  enable_id_trans: z.number().int().optional(),
  enable_duplicate_check: z.number().int().optional(),
  duplicate_check_interval: z.number().int().min(1).max(14400).optional(),
});

const split = (s: string | undefined): string[] => (s ? s.split('|').filter((x) => x !== '') : []);

export function messageApis(sim: Sim): Record<string, ApiDef> {
  return {
    'message/send': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(envelope, body);
        if (req.agentid !== sim.credentials.wecom.agentId) throw new ApiError(40056);
        const schema = BODY_SCHEMAS[req.msgtype];
        if (!schema) throw new ApiError(40008, req.msgtype);
        const raw = (body as Record<string, unknown>)[req.msgtype];
        if (raw === undefined) throw new ApiError(req.msgtype === 'text' || req.msgtype === 'markdown' ? 44004 : 40058, `${req.msgtype} missing`);
        const payload = parseWith(schema, raw) as Record<string, unknown>;

        const w = sim.world;
        const all = req.touser === '@all';
        const users = all ? [...w.users.keys()] : split(req.touser);
        if (users.length > 1000) throw new ApiError(40058, 'touser exceeds 1000');
        const validUsers = users.filter((u) => w.users.get(u)?.status === 1);
        const invaliduser = users.filter((u) => !validUsers.includes(u));
        const parties = split(req.toparty);
        const invalidparty = parties.filter((p) => !w.departments.has(Number(p)));
        const tags = split(req.totag);
        // The simulator has no member tags: every totag value is reported invalid.
        if (validUsers.length === 0 && parties.length === invalidparty.length) throw new ApiError(81013);

        const now = sim.clock.now();
        const interval = (req.duplicate_check_interval ?? 1800) * 1000;
        const duplicate =
          req.enable_duplicate_check === 1 &&
          w.wecom.messages.some(
            (m) =>
              !m.duplicate &&
              m.msgtype === req.msgtype &&
              now - m.at < interval &&
              JSON.stringify(m.body) === JSON.stringify(payload) &&
              m.touser.join('|') === validUsers.join('|'),
          );
        const msgid = randomString(40, URL_SAFE);
        const card = req.msgtype === 'template_card' ? (payload as { card_type?: string }) : undefined;
        const responseCode = card?.card_type && INTERACTIVE.has(card.card_type) ? randomString(43, URL_SAFE) : undefined;
        w.wecom.messages.push({
          msgid,
          at: now,
          msgtype: req.msgtype,
          agentid: req.agentid,
          touser: validUsers,
          toparty: parties.filter((p) => !invalidparty.includes(p)),
          totag: [],
          invaliduser,
          body: payload,
          duplicate,
          responseCode,
        });
        return {
          invaliduser: invaliduser.join('|'),
          invalidparty: invalidparty.join('|'),
          invalidtag: tags.join('|'),
          unlicenseduser: '',
          msgid,
          ...(responseCode ? { response_code: responseCode } : {}),
        };
      },
    },
  };
}
