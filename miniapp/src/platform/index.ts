import { jssdkSignatureSchema } from '@pfs/shared';
import { API_BASE, DEMO_ENABLED, WECOM_CORP_ID } from '../env';
import { createDemoBridge, type DemoBridge } from './demo-bridge';
import { detectRuntime } from './detect-runtime';
import { fetchJson } from './fetch-json';
import { lazyBridge } from './lazy-bridge';
import { createUnsupportedBridge } from './unsupported-bridge';
import { createWeappBridge, getQy } from './weapp-bridge';
import type { PlatformBridge } from './types';

export * from './types';
export { PlatformError } from './platform-error';
export type { DemoBridge } from './demo-bridge';

let bridge: PlatformBridge | undefined;

function createBridge(): PlatformBridge {
  // TARO_ENV is a build-time literal: webpack prunes this whole block, including the import() of @wecom/jssdk,
  // from the mini-program bundle. H5-only code must stay textually inside it.
  if (process.env.TARO_ENV === 'h5') {
    const kind = detectRuntime({ taroEnv: process.env.TARO_ENV, userAgent: navigator.userAgent, demoEnabled: DEMO_ENABLED });
    if (kind === 'wecom-h5') {
      // Loaded on first use: the demo and the customer-facing pages never download @wecom/jssdk.
      return lazyBridge(kind, async () => {
        const { createWecomH5Bridge } = await import('./wecom-h5-bridge');
        return createWecomH5Bridge({
          fetchSignature: (url) =>
            fetchJson(window.fetch.bind(window), `${API_BASE}/api/wecom/jssdk-signature?url=${encodeURIComponent(url)}`, jssdkSignatureSchema),
          corpId: WECOM_CORP_ID,
          location: window.location,
          history: window.history,
          storage: window.sessionStorage,
        });
      });
    }
    if (kind === 'demo') {
      return createDemoBridge({
        fetch: window.fetch.bind(window),
        baseUrl: API_BASE,
        storage: window.localStorage,
        openWindow: (url) => window.open(url, '_blank', 'noopener'),
      });
    }
    return createUnsupportedBridge();
  }
  return createWeappBridge(getQy);
}

/** The one bridge for this run, chosen on first use. */
export function getBridge(): PlatformBridge {
  return (bridge ??= createBridge());
}

/** The demo switcher's controls, or undefined outside the desktop demo. */
export function getDemoBridge(): DemoBridge | undefined {
  const current = getBridge();
  return current.kind === 'demo' ? (current as DemoBridge) : undefined;
}
