import { z } from 'zod';
import { ApiError, type ApiDef } from '../../core/errcodeApi';
import type { Sim } from '../../core/sim';
import { parseWith } from '../../core/validate';

const attachment = z.discriminatedUnion('msgtype', [
  z.object({
    msgtype: z.literal('image'),
    image: z.object({ media_id: z.string().min(1).optional(), pic_url: z.string().url().optional() }).refine((i) => i.media_id || i.pic_url, {
      message: 'media_id or pic_url required',
    }),
  }),
  z.object({
    msgtype: z.literal('link'),
    link: z.object({ title: z.string().min(1).max(128), picurl: z.string().optional(), desc: z.string().max(512).optional(), url: z.string().url() }),
  }),
  z.object({
    msgtype: z.literal('miniprogram'),
    miniprogram: z.object({ title: z.string().min(1).max(64), pic_media_id: z.string().min(1), appid: z.string().min(1), page: z.string().min(1) }),
  }),
  z.object({ msgtype: z.literal('video'), video: z.object({ media_id: z.string().min(1) }) }),
  z.object({ msgtype: z.literal('file'), file: z.object({ media_id: z.string().min(1) }) }),
]);

const sendSchema = z.object({
  welcome_code: z.string().min(1),
  text: z.object({ content: z.string().max(4000) }).optional(),
  attachments: z.array(attachment).max(9).optional(),
});

export function welcomeApis(sim: Sim): Record<string, ApiDef> {
  return {
    'externalcontact/send_welcome_msg': {
      method: 'POST',
      handle: ({ body }) => {
        const req = parseWith(sendSchema, body);
        const attachments = req.attachments ?? [];
        if (!req.text?.content && attachments.length === 0) throw new ApiError(44004);
        const entry = sim.world.wecom.welcomeCodes.get(req.welcome_code);
        if (!entry) throw new ApiError(40058, 'invalid welcome_code');
        // Used once, within 20 s of the event; afterwards the platform answers 41051 (do not retry).
        if (entry.used || entry.expiresAt <= sim.clock.now()) throw new ApiError(41051);
        entry.used = true;
        sim.world.wecom.welcomeMessages.push({
          at: sim.clock.now(),
          welcomeCode: req.welcome_code,
          userid: entry.value.userid,
          externalUserId: entry.value.externalUserId,
          text: req.text,
          attachments: attachments as Record<string, unknown>[],
        });
        return {};
      },
    },
  };
}
