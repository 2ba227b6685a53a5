import { z } from 'zod';

/** The fields of a decrypted WeCom event this service relies on; other fields are kept but not required. */
export const wecomEventSchema = z
  .object({
    ToUserName: z.string().min(1),
    CreateTime: z.string().regex(/^\d{1,12}$/, 'CreateTime must be seconds'),
    MsgType: z.literal('event'),
    Event: z.string().min(1).max(64),
    ChangeType: z.string().max(64).optional(),
    UserID: z.string().max(64).optional(),
    ExternalUserID: z.string().max(128).optional(),
    State: z.string().max(64).optional(),
    WelcomeCode: z.string().max(256).optional(),
    Source: z.string().max(64).optional(),
    FailReason: z.string().max(64).optional(),
    Id: z.string().max(128).optional(),
    TagType: z.string().max(32).optional(),
    ChatId: z.string().max(64).optional(),
    UpdateDetail: z.string().max(32).optional(),
    CurMemVer: z.string().max(64).optional(),
  })
  .catchall(z.string().max(2048));

export type WecomEventFields = z.infer<typeof wecomEventSchema>;

/**
 * Identifies one platform event across WeCom's retries (which resend the same message). Two distinct changes to
 * the same contact within one second collapse into one, which is harmless: every handler re-reads current state.
 */
export function dedupKeyOf(e: WecomEventFields): string {
  // Group events add what tells two changes of one group in one second apart (the member version changes with every
  // member change); only when present, so the keys of every other event stay what they were.
  const chat = e.ChatId ? [e.ChatId, e.UpdateDetail ?? '', e.CurMemVer ?? ''] : [];
  return [e.Event, e.ChangeType ?? '', e.UserID ?? '', e.ExternalUserID ?? '', e.Id ?? '', e.TagType ?? '', e.CreateTime, ...chat].join('|');
}
