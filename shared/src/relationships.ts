import * as z from 'zod/mini';

/** What happened to an advisor–customer relationship (its timeline). */
export const RELATIONSHIP_EVENT_TYPES = [
  'ADDED',
  'ADDED_HALF',
  'READDED',
  'EDITED',
  'REMOVED_BY_ADVISOR',
  'REMOVED_BY_CUSTOMER',
  'TRANSFER_FAILED',
  'INVITED',
  'VERIFIED',
  'CONSENT_WITHDRAWN',
] as const;
export const relationshipEventTypeSchema = z.enum(RELATIONSHIP_EVENT_TYPES);
export type RelationshipEventType = z.infer<typeof relationshipEventTypeSchema>;

export const RELATIONSHIP_EVENT_LABELS: Record<RelationshipEventType, string> = {
  ADDED: '添加为好友',
  ADDED_HALF: '免验证添加（待确认）',
  READDED: '重新添加',
  EDITED: '更新备注或标签',
  REMOVED_BY_ADVISOR: '客户经理删除了客户',
  REMOVED_BY_CUSTOMER: '客户删除了客户经理',
  TRANSFER_FAILED: '客户继承失败',
  INVITED: '发送实名认证邀请',
  VERIFIED: '客户完成实名认证',
  CONSENT_WITHDRAWN: '客户撤回个人信息授权（实名信息已删除）',
};

/** Why a relationship ended (advisor_customer.remove_reason). */
export const REMOVE_REASONS = ['advisor_deleted', 'customer_deleted', 'transferred'] as const;
export type RemoveReason = (typeof REMOVE_REASONS)[number];
