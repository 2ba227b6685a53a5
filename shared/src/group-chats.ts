import * as z from 'zod/mini';
import { text } from './text';

/** `GET /api/group-chats/:chatId/members`: the chat_id that getCurExternalChat gives the sidebar. */
export const chatIdParamSchema = z.object({ chatId: text().check(z.minLength(1), z.maxLength(64)) });
export type ChatIdParam = z.infer<typeof chatIdParamSchema>;

/**
 * One external member of a customer group. A customer in the caller's scope shows in full (WeChat name, the CRM
 * name masked once verified, 实名 or not, a way into the profile); anyone else only by a masked WeChat name.
 */
export const groupChatCustomerSchema = z.object({
  displayName: z.string(),
  inScope: z.boolean(),
  /** In scope only: the customer's profile. */
  customerId: z.nullable(z.string()),
  /** In scope and verified only: the CRM name, masked. */
  nameMasked: z.nullable(z.string()),
  /** In scope only (null otherwise: another advisor's customer's status is not the caller's to see). */
  verified: z.nullable(z.boolean()),
  joinedAt: z.string(),
});
export type GroupChatCustomer = z.infer<typeof groupChatCustomerSchema>;

export const groupChatMembersSchema = z.object({
  chatId: z.string(),
  name: z.string(),
  ownerName: z.nullable(z.string()),
  staffCount: z.number(),
  customers: z.array(groupChatCustomerSchema),
});
export type GroupChatMembers = z.infer<typeof groupChatMembersSchema>;
