import Router from '@koa/router';
import { customerListQuerySchema, idParamSchema, type CustomerListQuery } from '@pfs/shared';
import type { AppDeps } from '../../app-deps';
import { valid, validate } from '../../http/validate';
import { authenticate, principalOf } from '../auth/authenticate';
import { customerScopeOf } from '../auth/data-scope';
import { getCustomer, listCustomers } from './customers.service';

export function customerRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/customers' });
  router.use(authenticate(deps.sessions));

  router.get('/', validate({ query: customerListQuerySchema }), async (ctx) => {
    const scope = customerScopeOf(principalOf(ctx));
    ctx.body = await listCustomers(deps.db.prisma, scope, valid<unknown, CustomerListQuery>(ctx).query);
  });

  router.get('/:id', validate({ params: idParamSchema }), async (ctx) => {
    const scope = customerScopeOf(principalOf(ctx));
    const { id } = valid<unknown, unknown, { id: string }>(ctx).params;
    const customer = await getCustomer(deps.db.prisma, scope, id);
    await deps.audit.record(ctx, { action: 'customer.view', entity: 'customer', entityId: id });
    ctx.body = customer;
  });

  return router;
}
