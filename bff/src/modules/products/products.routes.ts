import Router from '@koa/router';
import type { AppDeps } from '../../app-deps';
import { authenticate } from '../auth/authenticate';
import { listProducts } from './products.service';

/** Product content is visible to every role (operations and compliance work on content, not customers). */
export function productRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/products' });
  router.get('/', authenticate(deps.sessions), async (ctx) => {
    ctx.body = { items: await listProducts(deps.db.prisma) };
  });
  return router;
}
