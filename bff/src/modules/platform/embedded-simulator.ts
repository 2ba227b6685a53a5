import { createSimulator, type CredentialsInput } from '@pfs/simulator';
import type { Logger } from 'pino';
import type { PrismaClient } from '../../generated/prisma/client';
import type { PlatformSettings } from './platform-settings';
import { simulatorSeedFromDatabase } from './simulator-seed';

export interface EmbeddedPlatform {
  settings: PlatformSettings & { kind: 'simulator' };
  /** Tells the simulator where the BFF listens, so that WeCom callbacks reach `<url>/wecom/callback`. */
  setPublicBaseUrl(url: string): void;
  close(): Promise<void>;
}

/**
 * Starts the platform simulator in this process (embedded default and tests), seeded with the BFF's demo org,
 * staff and customers, and returns settings pointing at it.
 */
export async function startEmbeddedSimulator(
  prisma: PrismaClient,
  opts: { port: number; logger?: Logger; timeScale?: number; credentials?: CredentialsInput },
): Promise<EmbeddedPlatform> {
  const seed = await simulatorSeedFromDatabase(prisma);
  const simulator = createSimulator({ seed, timeScale: opts.timeScale, credentials: opts.credentials });
  const { baseUrl, urls } = await simulator.listen(opts.port);
  const c = simulator.credentials;
  opts.logger?.info({ baseUrl, users: seed.users?.length ?? 0, contacts: seed.customers?.length ?? 0 }, 'platform: in-process simulator');
  return {
    settings: {
      kind: 'simulator',
      simulator,
      wecom: {
        apiBase: urls.wecom,
        corpId: c.wecom.corpId,
        agentId: String(c.wecom.agentId),
        secret: c.wecom.corpSecret,
        callbackToken: c.wecom.callbackToken,
        callbackAesKey: c.wecom.encodingAESKey,
      },
      wechat: { apiBase: urls.oa, oauthBase: urls.openWeixin, appId: c.oa.appId, appSecret: c.oa.appSecret },
      sms: { apiBase: urls.sms, accessKeyId: c.sms.accessKeyId, accessKeySecret: c.sms.accessKeySecret, signName: c.sms.signName },
      idv: { apiBase: urls.idv, accessKeyId: c.idv.accessKeyId, accessKeySecret: c.idv.accessKeySecret },
      pay: {
        apiBase: urls.pay,
        mchId: c.pay.mchId,
        serial: c.pay.merchantSerialNo,
        privateKey: c.pay.merchantPrivateKey,
        apiV3Key: c.pay.apiV3Key,
        publicKey: c.pay.platformPublicKey,
        publicKeyId: c.pay.platformPublicKeyId,
      },
    },
    setPublicBaseUrl: (url) => simulator.control.wecom.setCallbackUrl(`${url.replace(/\/+$/, '')}/wecom/callback`),
    close: () => simulator.close(),
  };
}
