import { createHash, randomBytes } from 'node:crypto';
import type { JssdkSignature } from '@pfs/shared';
import type { WecomClient } from './wecom-client';

/** sha1("jsapi_ticket=T&noncestr=N&timestamp=TS&url=U"): that key order, raw values, URL without its #fragment. */
export function jsapiSignature(ticket: string, nonceStr: string, timestamp: number, url: string): string {
  const bare = url.split('#')[0] ?? url;
  return createHash('sha1').update(`jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${bare}`).digest('hex');
}

const NONCE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

function nonce(length = 16): string {
  return Array.from(randomBytes(length), (b) => NONCE_ALPHABET[b % NONCE_ALPHABET.length]).join('');
}

/** Both signatures `ww.register` needs: wx.config with the corp ticket, wx.agentConfig with the app ticket. */
export async function signJssdk(wecom: WecomClient, url: string, now: () => number = Date.now): Promise<JssdkSignature> {
  const [corpTicket, agentTicket] = await Promise.all([wecom.getJsapiTicket(), wecom.getAgentTicket()]);
  const timestamp = Math.floor(now() / 1000);
  const part = (ticket: string) => {
    const nonceStr = nonce();
    return { timestamp, nonceStr, signature: jsapiSignature(ticket, nonceStr, timestamp, url) };
  };
  return { corpId: wecom.corpId, agentId: wecom.agentId, config: part(corpTicket), agentConfig: part(agentTicket) };
}
