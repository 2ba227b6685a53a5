import { WecomApiError } from '../wecom/wecom-errors';
import type { HandlerContext } from './handler-context';

/** WelcomeCode lifetime on the platform. */
export const WELCOME_CODE_TTL_MS = 20_000;

export type WelcomeResult = 'none' | 'sent' | 'expired' | `failed:${number | string}`;

export function welcomeTextFor(template: string, advisorName: string): string {
  return template.replaceAll('{advisor}', advisorName);
}

/** A welcome-message `link` attachment (e.g. the real-name invitation card). */
export interface WelcomeLink {
  title: string;
  desc: string;
  imgUrl: string;
  link: string;
}

/**
 * The welcome message may only be sent within 20 s of the event, once. A code already used (a re-run after a
 * crash) or expired is reported, not retried: retrying cannot succeed and must not hold up the relationship.
 * `attachLink` is asked only when the code is still valid (it may issue an invitation); null sends text only.
 */
export async function sendWelcome(
  ctx: HandlerContext,
  welcomeCode: string,
  advisorName: string,
  attachLink?: () => Promise<WelcomeLink | null>,
): Promise<WelcomeResult> {
  if (ctx.now().getTime() - ctx.receivedAt.getTime() > WELCOME_CODE_TTL_MS) return 'expired';
  try {
    const link = attachLink ? await attachLink() : null;
    await ctx.wecom.sendWelcomeMsg({
      welcome_code: welcomeCode,
      text: { content: welcomeTextFor(ctx.welcomeText, advisorName) },
      ...(link ? { attachments: [{ msgtype: 'link', link: { title: link.title, picurl: link.imgUrl, desc: link.desc, url: link.link } }] } : {}),
    });
    return 'sent';
  } catch (err) {
    if (err instanceof WecomApiError) {
      ctx.logger.warn({ errcode: err.errcode }, 'wecom: welcome message refused');
      return `failed:${err.errcode}`;
    }
    throw err;
  }
}
