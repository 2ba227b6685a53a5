import * as z from 'zod/mini';
import { text } from './text';

/**
 * Demo-only contract (embedded default, no real WeCom): the browser "WeCom context" switcher lists the simulator's
 * staff and their external contacts, and asks the simulator for a `wx.qy.login` code on behalf of a staff member.
 */
export const demoStaffSchema = z.object({
  wecomUserId: z.string(),
  name: z.string(),
  unitName: z.string(),
  roles: z.array(z.string()),
});
export type DemoStaff = z.infer<typeof demoStaffSchema>;

export const demoContactSchema = z.object({ externalUserId: z.string(), name: z.string() });
export type DemoContact = z.infer<typeof demoContactSchema>;

export const demoGroupChatSchema = z.object({ chatId: z.string(), name: z.string() });
export type DemoGroupChat = z.infer<typeof demoGroupChatSchema>;

export const demoLoginCodeBodySchema = z.object({ wecomUserId: text().check(z.minLength(1), z.maxLength(64)) });
export const demoLoginCodeSchema = z.object({ code: z.string() });

/** What the simulated `sendChatMessage` recorded, so the demo and the tests can see what was sent into the chat. */
export const demoChatMessageBodySchema = z.object({
  wecomUserId: text(),
  externalUserId: z.optional(text()),
  chatId: z.optional(text()),
  message: z.record(text(), z.unknown()),
});
