import Router from '@koa/router';
import {
  externalUserIdParamSchema,
  customerListQuerySchema,
  idParamSchema,
  ID_NUMBER_REVEAL_ROLES,
  revealIdNumberBodySchema,
  setCustomerTagsBodySchema,
  type CustomerListQuery,
  type RevealIdNumberBody,
  type SetCustomerTagsBody,
} from '@pfs/shared';
import type { Context } from 'koa';
import type { AppDeps } from '../../app-deps';
import { valid, validate } from '../../http/validate';
import { authenticate, principalOf, requireRole } from '../auth/authenticate';
import { customerScopeOf } from '../auth/data-scope';
import { hasAnyRole } from '../auth/principal';
import { ViewAuditWriter } from '../audit/view-audit-writer';
import { CatalogueCache } from './catalogue-cache';
import { listCustomers } from './customer-list';
import { readIdNumber, revealScopeOf, setCustomerTags } from './customer-actions.service';
import { getCustomer } from './customers.service';
import { getCustomerProfile, type ProfileLookup } from './profile.service';

export function customerRoutes(deps: AppDeps): Router {
  const router = new Router({ prefix: '/api/customers' });
  const catalogue = new CatalogueCache(deps.db.prisma);
  router.use(authenticate(deps.sessions));

  router.get('/', validate({ query: customerListQuerySchema }), async (ctx) => {
    const scope = customerScopeOf(principalOf(ctx));
    ctx.body = await listCustomers(deps.db.sql, scope, valid<unknown, CustomerListQuery>(ctx).query, deps.clock.now());
  });

  /** The sidebar profile (the hot path): one audit row per view, group-committed with concurrent views. */
  const viewAudit = new ViewAuditWriter(deps.db.sql);
  const profile = async (ctx: Context, lookup: ProfileLookup): Promise<void> => {
    const p = principalOf(ctx);
    const viewer = { actorId: p.staffId, ip: ctx.ip || null, requestId: String(ctx.state.requestId ?? '') };
    const body = await getCustomerProfile(deps.db.sql, await catalogue.get(), customerScopeOf(p), lookup, { writer: viewAudit, viewer }, deps.clock.now());
    ctx.set('cache-control', 'no-store');
    ctx.body = body;
  };

  router.get('/by-external/:externalUserId', validate({ params: externalUserIdParamSchema }), async (ctx) => {
    await profile(ctx, { by: 'externalUserId', key: valid<unknown, unknown, { externalUserId: string }>(ctx).params.externalUserId });
  });

  router.get('/:id/profile', validate({ params: idParamSchema }), async (ctx) => {
    await profile(ctx, { by: 'id', key: valid<unknown, unknown, { id: string }>(ctx).params.id });
  });

  router.get('/:id', validate({ params: idParamSchema }), async (ctx) => {
    const scope = customerScopeOf(principalOf(ctx));
    const { id } = valid<unknown, unknown, { id: string }>(ctx).params;
    const customer = await getCustomer(deps.db.prisma, scope, id);
    await deps.audit.record(ctx, { action: 'customer.view', entity: 'customer', entityId: id });
    ctx.body = customer;
  });

  router.put('/:id/tags', validate({ params: idParamSchema, body: setCustomerTagsBodySchema }), async (ctx) => {
    const p = principalOf(ctx);
    const { params, body } = valid<SetCustomerTagsBody, unknown, { id: string }>(ctx);
    const scope = hasAnyRole(p, ['ADVISOR', 'UNIT_MANAGER', 'ADMIN']) ? customerScopeOf(p) : null;
    const change = await setCustomerTags(deps.db.prisma, deps.wecom, await catalogue.get(), p, scope, params.id, body.tagIds);
    if (change.added.length || change.removed.length) {
      await deps.audit.record(ctx, { action: 'customer.tags', entity: 'customer', entityId: params.id, detail: { added: change.added, removed: change.removed } });
    }
    ctx.body = change.corpTags;
  });

  /** The full ID number, for authorised roles, with a reason (and a case for compliance); audited before it is returned, and never logged. */
  router.post('/:id/id-number/reveal', requireRole(...ID_NUMBER_REVEAL_ROLES), validate({ params: idParamSchema, body: revealIdNumberBodySchema }), async (ctx) => {
    const p = principalOf(ctx);
    const { params, body } = valid<RevealIdNumberBody, unknown, { id: string }>(ctx);
    const idNumber = await readIdNumber(deps.db.prisma, deps.piiKeys, revealScopeOf(p, body.caseRef), params.id);
    await deps.audit.record(ctx, { action: 'reveal_id_number', entity: 'customer', entityId: params.id, detail: { reason: body.reason, ...(body.caseRef ? { caseRef: body.caseRef } : {}) } });
    ctx.set('cache-control', 'no-store');
    ctx.body = { idNumber };
  });

  return router;
}
