import fs from 'node:fs';
import Koa from 'koa';
import Router from '@koa/router';
import { bodyParser } from '@koa/bodyparser';
import cors from '@koa/cors';
import helmet from 'koa-helmet';
import serve from 'koa-static';
import type { AppDeps } from './app-deps';
import { AppError } from './http/app-error';
import { favicon } from './http/favicon';
import { errorHandler } from './http/error-handler';
import { requireKnownMediaType } from './http/media-type';
import { rateLimitPerIp } from './http/rate-limit';
import { readBody } from './http/read-body';
import { refuseHostileInput } from './http/refuse-hostile-input';
import { requestContext } from './http/request-context';
import { auditLogRoutes } from './modules/audit/audit-log.routes';
import { inlineScriptHashes, noStoreForApi, strictTransportSecurity } from './http/security-headers';
import { staticFiles } from './http/static-files';
import { identifierHasher } from './lib/log-identifiers';
import { authRoutes } from './modules/auth/auth.routes';
import { customerRoutes } from './modules/customers/customers.routes';
import { demoRoutes } from './modules/demo/demo.routes';
import { groupChatRoutes } from './modules/group-chats/group-chats.routes';
import { demoCspDirectives } from './modules/demo/demo-frame-sources';
import { healthRoutes } from './modules/health/health.routes';
import { invitationRoutes } from './modules/invitations/invitations.routes';
import { payRoutes, WECHATPAY_NOTIFY_PATH } from './modules/pay/pay.routes';
import { productRoutes } from './modules/products/products.routes';
import { reportRoutes } from './modules/reports/reports.routes';
import { h5Routes } from './modules/verification/h5.routes';
import { wecomRoutes } from './modules/wecom/wecom.routes';
import { wecomCallbackRoutes } from './modules/wecom-callbacks/wecom-callback.routes';

/** Builds the Koa app from its dependencies; listening and shutdown belong to server.ts. */
export function buildApp(deps: AppDeps, extraRouters: Router[] = []): Koa {
  const app = new Koa({ proxy: deps.config.TRUST_PROXY });
  app.silent = true; // errors are logged by errorHandler, with the request id

  app.use(requestContext(deps.logger, identifierHasher(deps.config.piiIndexKey)));
  app.use(errorHandler());
  // Whatever nobody answered becomes the shared 404 shape (after routes, 405 checks and static files had their turn).
  app.use(async (ctx, next) => {
    await next();
    if (ctx.body != null) return;
    if (ctx.status === 404) throw new AppError('ROUTE_NOT_FOUND');
    if (ctx.status === 405 || ctx.status === 501) throw new AppError('METHOD_NOT_ALLOWED'); // Allow is already set
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          imgSrc: ["'self'", 'data:', 'https:'],
          styleSrc: ["'self'", "'unsafe-inline'"],
          scriptSrc: ["'self'", ...inlineScriptHashes(deps.config.H5_DIST_DIR)],
          connectSrc: ["'self'"],
          ...(deps.config.demoMode ? demoCspDirectives(deps) : {}),
        },
      },
      strictTransportSecurity: false, // set by strictTransportSecurity() below, over HTTPS only
    }),
  );
  app.use(strictTransportSecurity());
  app.use(noStoreForApi());
  app.use(cors({ origin: (ctx) => (deps.config.CORS_ORIGINS.includes(ctx.get('origin')) ? ctx.get('origin') : ''), exposeHeaders: ['x-request-id', 'x-session-expires-at'], maxAge: 600 }));
  // WeCom and WeChat Pay deliver from a handful of their own IPs: their callbacks are not limited per client IP.
  const perIp = rateLimitPerIp(deps.redis.client, { points: deps.config.RATE_LIMIT_PER_MINUTE, keyPrefix: 'rl:ip' });
  const platformCallbacks = new Set(['/wecom/callback', WECHATPAY_NOTIFY_PATH]);
  app.use((ctx, next) => (platformCallbacks.has(ctx.path) ? next() : perIp(ctx, next)));
  app.use(requireKnownMediaType(['application/json', 'text/xml', 'application/xml', 'text/plain']));
  const limit = `${deps.config.BODY_LIMIT_KB}kb`;
  app.use(readBody(bodyParser({ enableTypes: ['json', 'text', 'xml'], jsonLimit: limit, textLimit: limit, xmlLimit: limit, encoding: 'utf-8' })));
  app.use(refuseHostileInput());

  // One root router, so that "wrong method on a known path" (405) is judged against every route at once.
  const root = new Router();
  // The demo endpoints stand in for the WeCom client: only with DEMO_MODE (config.demoMode) next to the in-process simulator.
  const demo = deps.platform.kind === 'simulator' && deps.config.demoMode ? [demoRoutes(deps, deps.platform.simulator)] : [];
  for (const feature of [healthRoutes(deps), authRoutes(deps), wecomRoutes(deps), wecomCallbackRoutes(deps, deps.queue), customerRoutes(deps), groupChatRoutes(deps), reportRoutes(deps), productRoutes(deps), payRoutes(deps), ...demo, ...extraRouters]) {
    root.use(feature.routes());
  }
  // Real-name invitations (advisor side) and the customer's H5 verification pages.
  for (const feature of [invitationRoutes(deps), h5Routes(deps)]) root.use(feature.routes());
  // The audit log for compliance and administrators.
  root.use(auditLogRoutes(deps).routes());
  app.use(favicon());
  app.use(root.routes());
  app.use(root.allowedMethods());

  // The H5 build of the mini-program (customer pages and the browser demo), when it has been built.
  if (fs.existsSync(deps.config.H5_DIST_DIR)) app.use(staticFiles(serve(deps.config.H5_DIST_DIR, { index: 'index.html', maxage: 0 })));
  return app;
}
