import {
  aumTierOfFen,
  AUM_TIER_LABELS_ZH,
  INVITATION_TIMELINE_LABELS,
  invitationStatusOf,
  RELATIONSHIP_EVENT_LABELS,
  riskLabelOf,
  type CustomerHolding,
  type CustomerProfile,
  type ProfileInvitation,
  type ProductCategory,
  type RelationshipEventType,
  type TimelineEntry,
} from '@pfs/shared';
import type { SqlRunner } from '../../db/database';
import { AppError } from '../../http/app-error';
import { fenToYuan } from '../../lib/money';
import { maskName } from '../../lib/pii';
import type { CustomerScope } from '../auth/data-scope';
import { chinaBusinessDay, daysBetween, recommend, type RecoHolding } from '../recommendations';
import type { Catalogue } from './catalogue-cache';
import type { ViewAuditWriter } from '../audit/view-audit-writer';
import { findProfileRow, type ProfileRow } from './profile.repository';
import { jsonTimestamp } from './scope-sql';

/** Holdings maturing within this many days (today included) are flagged. */
export const MATURING_SOON_DAYS = 30;

export interface ProfileLookup {
  by: 'id' | 'externalUserId';
  key: string;
}

/** Who is looking, for the audit row of the view. */
export interface ProfileViewer {
  actorId: string;
  ip: string | null;
  requestId: string | null;
}

/**
 * The sidebar profile of one customer in the caller's scope; out of scope and missing look the same (404). With
 * `audit`, the view is committed to the audit log before the profile is returned.
 */
export async function getCustomerProfile(
  sql: SqlRunner,
  catalogue: Catalogue,
  scope: CustomerScope,
  lookup: ProfileLookup,
  audit: { writer: ViewAuditWriter; viewer: ProfileViewer } | undefined,
  now: Date,
): Promise<CustomerProfile> {
  const row = await findProfileRow(sql, lookup.by, lookup.key, scope);
  if (!row) throw new AppError('CUSTOMER_NOT_FOUND');
  if (audit) await audit.writer.write({ ...audit.viewer, action: 'customer.view', entity: 'customer', entityId: row.id, at: now });
  return toProfile(row, catalogue, now);
}

export function toProfile(row: ProfileRow, catalogue: Catalogue, now: Date): CustomerProfile {
  const today = chinaBusinessDay(now);
  const verified = row.verifiedAt !== null;
  const crm = verified ? row.crm : null;
  const holdings: CustomerHolding[] = (crm?.holdings ?? []).map((h) => {
    const days = h.maturityDate ? daysBetween(today, h.maturityDate) : NaN;
    return {
      productId: h.productId,
      productName: h.productName,
      category: h.category as ProductCategory,
      amountYuan: fenToYuan(BigInt(h.amountFen)),
      startDate: h.startDate,
      maturityDate: h.maturityDate,
      maturingSoon: days >= 0 && days <= MATURING_SOON_DAYS,
    };
  });
  const aumFen = crm ? BigInt(crm.aumFen) : 0n;
  const tier = aumTierOfFen(aumFen);

  const invitations = row.invitations.map((i) => ({ ...i, status: statusOf(i, now) }));
  const current = invitations.find((i) => i.staffId === row.rel.staffId) ?? null;
  const invitation: ProfileInvitation | null = current && {
    id: current.id,
    status: current.status,
    issuedAt: jsonTimestamp(current.issuedAt),
    expiresAt: jsonTimestamp(current.expiresAt),
  };

  const recoHoldings: RecoHolding[] = (crm?.holdings ?? []).map((h) => ({
    productId: h.productId,
    productName: h.productName,
    category: h.category as ProductCategory,
    amountFen: BigInt(h.amountFen),
    maturityDate: h.maturityDate,
  }));
  const recommendations =
    verified && crm
      ? recommend({ verified: true, riskLevel: crm.riskLevel, aumFen, holdings: recoHoldings, products: catalogue.products, today })
      : [];

  return {
    id: row.id,
    externalUserId: row.externalUserId,
    displayName: row.displayName,
    avatarUrl: row.avatarUrl,
    verified,
    verifiedAt: jsonTimestamp(row.verifiedAt),
    nameMasked: crm ? maskName(crm.name) : null,
    phoneMasked: verified ? row.phoneMasked : null,
    idNumberMasked: verified ? row.idNumberMasked : null,
    crm: crm && {
      crmNo: crm.crmNo,
      aumTier: tier,
      aumTierLabel: AUM_TIER_LABELS_ZH[tier],
      aumYuan: fenToYuan(aumFen),
      riskLevel: crm.riskLevel,
      riskLabel: riskLabelOf(crm.riskLevel),
      crmTags: crm.tags,
      owner: crm.ownerStaffId && crm.ownerName ? { staffId: crm.ownerStaffId, name: crm.ownerName } : null,
      ownershipConflict: crm.conflict,
      holdings,
    },
    corpTags: row.tags,
    availableTags: catalogue.tagGroups,
    relationship: {
      staffId: row.rel.staffId,
      staffName: row.rel.staffName,
      channel: row.rel.channel,
      addedAt: jsonTimestamp(row.rel.addedAt),
      status: row.rel.status,
    },
    invitation,
    timeline: timelineOf(row, invitations),
    engagement: null,
    recommendations,
  };
}

/** As `invitationStatusOf` in shared/invitations.ts, for the profile query's JSON timestamps (UTC without zone). */
function statusOf(i: ProfileRow['invitations'][number], now: Date): ProfileInvitation['status'] {
  const t = (v: string | null): string | null => (v === null ? null : jsonTimestamp(v));
  return invitationStatusOf(
    { expiresAt: jsonTimestamp(i.expiresAt), revokedAt: t(i.revokedAt), firstOpenedAt: t(i.firstOpenedAt), consentedAt: t(i.consentedAt), verifiedAt: t(i.verifiedAt) },
    now,
  );
}

/** Invitation milestones come from the invitation rows; relationship events of the same kinds would repeat them. */
const INVITATION_EVENT_TYPES = new Set(['INVITED', 'OPENED', 'CONSENTED', 'VERIFIED']);

function stageRank(type: string): number {
  return ['INVITED', 'OPENED', 'CONSENTED', 'VERIFIED'].indexOf(type) + 1;
}

function timelineOf(row: ProfileRow, invitations: ProfileRow['invitations']): TimelineEntry[] {
  const out: TimelineEntry[] = row.events
    .filter((e) => !INVITATION_EVENT_TYPES.has(e.type))
    .map((e) => ({
    at: jsonTimestamp(e.at),
    type: e.type,
    label: RELATIONSHIP_EVENT_LABELS[e.type as RelationshipEventType] ?? e.type,
  }));
  const push = (at: string | null, type: keyof typeof INVITATION_TIMELINE_LABELS): void => {
    if (at) out.push({ at: jsonTimestamp(at), type, label: INVITATION_TIMELINE_LABELS[type] });
  };
  for (const i of invitations) {
    push(i.issuedAt, 'INVITED');
    push(i.firstOpenedAt, 'OPENED');
    push(i.consentedAt, 'CONSENTED');
    push(i.verifiedAt, 'VERIFIED');
  }
  // Verified without an invitation on record (e.g. the demo seed, or verified through another advisor's link).
  if (row.verifiedAt && !invitations.some((i) => i.verifiedAt)) push(row.verifiedAt, 'VERIFIED');
  // Newest first; at the same instant the later stage first (verified, consented, opened, invited, the rest).
  return out.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : stageRank(b.type) - stageRank(a.type)));
}
