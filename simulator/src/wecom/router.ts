import type Koa from 'koa';
import { errcodeHost } from '../core/errcodeApi';
import type { Sim } from '../core/sim';
import { authApis } from './api/auth';
import { contactApis } from './api/contacts';
import { contactWayApis } from './api/contactWay';
import { groupChatApis } from './api/groupChats';
import { messageApis } from './api/message';
import { orgApis } from './api/org';
import { tagApis } from './api/tags';
import { welcomeApis } from './api/welcome';
import { wecomErrmsg } from './errors';
import { checkWecomToken } from './tokens';

/** `https://qyapi.weixin.qq.com` — every API under /cgi-bin, answered as `{errcode, errmsg, ...}`. */
export function wecomHost(sim: Sim): Koa.Middleware {
  return errcodeHost({
    pathPrefix: '/cgi-bin/',
    apis: {
      ...authApis(sim),
      ...orgApis(sim),
      ...contactApis(sim),
      ...tagApis(sim),
      ...contactWayApis(sim),
      ...welcomeApis(sim),
      ...messageApis(sim),
      ...groupChatApis(sim),
    },
    calls: () => sim.world.wecom.calls,
    faults: () => sim.world.wecom.faults,
    now: () => sim.clock.now(),
    checkToken: (token) => {
      checkWecomToken(sim, token);
    },
    errmsg: (code, detail, ctx) => wecomErrmsg(code, detail, ctx, sim.clock.nowSeconds()),
  });
}
