import Router from '@koa/router';
import type { Health } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';

async function timed(fn: () => Promise<unknown>): Promise<{ status: 'ok' | 'down'; latencyMs: number }> {
  const started = performance.now();
  try {
    await Promise.race([fn(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000).unref())]);
    return { status: 'ok', latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch {
    return { status: 'down', latencyMs: Math.round(performance.now() - started) };
  }
}

/** `GET /healthz`: 200 when the database and the Redis store answer, 503 otherwise; names which kind each is. */
export function healthRoutes(deps: AppDeps): Router {
  const router = new Router();
  router.get('/healthz', async (ctx) => {
    const [db, redis] = await Promise.all([timed(() => deps.db.prisma.$queryRawUnsafe('SELECT 1')), timed(() => deps.redis.client.ping())]);
    const body: Health = {
      status: db.status === 'ok' && redis.status === 'ok' ? 'ok' : 'degraded',
      db: { ...db, kind: deps.db.kind },
      redis: { ...redis, kind: deps.redis.kind },
      uptimeSeconds: Math.round(process.uptime()),
      version: deps.version,
    };
    ctx.status = body.status === 'ok' ? 200 : 503;
    ctx.body = body;
  });
  return router;
}
