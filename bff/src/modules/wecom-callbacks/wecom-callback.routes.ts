import Router from '@koa/router';
import { z } from 'zod';
import type { AppDeps } from '../../app-deps';
import { AppError } from '../../http/app-error';
import type { JobQueue } from '../../queue/job-queue';
import type { WecomSettings } from '../platform/platform-settings';
import { openEncrypted, type SignedQuery } from './callback-crypto';
import { parseFlatXml } from './callback-xml';
import { recordWecomEvent, WECOM_EVENT_QUEUE } from './event-inbox';
import { wecomEventSchema } from './wecom-event';

const signedQuerySchema = z.object({
  msg_signature: z.string().regex(/^[0-9a-fA-F]{40}$/),
  timestamp: z.string().regex(/^\d{1,12}$/),
  nonce: z.string().min(1).max(64),
});
const verifyQuerySchema = signedQuerySchema.extend({ echostr: z.string().min(1).max(4096) });

function parseQuery<T>(schema: z.ZodType<T>, query: unknown): T {
  const r = schema.safeParse(query);
  // No details: nothing about the request is echoed to whoever is probing the endpoint.
  if (!r.success) throw new AppError('CALLBACK_SIGNATURE_INVALID');
  return r.data;
}

/**
 * WeCom's callback URL. GET: URL verification (answer the bare decrypted echostr). POST: an encrypted event,
 * answered with an empty 200 only once it is recorded with its job; processing happens in the queue worker.
 * Refusals are logged with the reason, never the content.
 */
export function wecomCallbackRoutes(deps: AppDeps, queue: JobQueue | null): Router {
  const router = new Router();

  const settings = (): WecomSettings => {
    const s = deps.platform.wecom;
    if (!s) throw new AppError('UPSTREAM_UNAVAILABLE', '未配置企业微信');
    return s;
  };
  const keys = (s: WecomSettings) => ({ token: s.callbackToken, encodingAESKey: s.callbackAesKey, receiveId: s.corpId });

  router.get('/wecom/callback', async (ctx) => {
    const s = settings();
    const q = parseQuery(verifyQuerySchema, ctx.query);
    const echo = openEncrypted(keys(s), q, q.echostr);
    ctx.type = 'text/plain';
    ctx.body = echo;
    ctx.state.log.info('wecom callback URL verified');
  });

  router.post('/wecom/callback', async (ctx) => {
    const s = settings();
    if (!queue) throw new AppError('UPSTREAM_UNAVAILABLE');
    const q: SignedQuery = parseQuery(signedQuerySchema, ctx.query);
    const raw = typeof ctx.request.body === 'string' ? ctx.request.body : '';
    if (!raw) throw new AppError('BAD_REQUEST', '缺少 XML 消息体');
    const envelope = parseFlatXml(raw);
    if (!envelope.Encrypt) throw new AppError('CALLBACK_UNDECRYPTABLE');
    const plain = openEncrypted(keys(s), q, envelope.Encrypt);
    const fields = wecomEventSchema.safeParse(parseFlatXml(plain));
    if (!fields.success) throw new AppError('BAD_REQUEST', '事件字段不完整');
    if (fields.data.ToUserName !== s.corpId) throw new AppError('CALLBACK_RECEIVER_MISMATCH');

    const { eventId, duplicate } = await recordWecomEvent(deps.db, queue, fields.data, deps.clock.now());
    ctx.state.log.info({ eventId, event: fields.data.Event, changeType: fields.data.ChangeType, duplicate }, 'wecom callback recorded');
    if (!duplicate) queue.notify(WECOM_EVENT_QUEUE);
    ctx.status = 200;
    ctx.type = 'text/plain';
    ctx.body = '';
  });

  return router;
}
