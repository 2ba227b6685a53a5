import type { AppDeps } from '../../app-deps';

/**
 * Origins the demo's in-page customer phone (an iframe of the H5 verify page, same origin) navigates through: the
 * simulated WeChat authorize page and face-check page (the simulator's origin; both send the browser straight back).
 * Empty unless the platform is the in-process simulator.
 */
export function demoFrameSources(deps: Pick<AppDeps, 'platform'>): string[] {
  if (deps.platform.kind !== 'simulator') return [];
  const urls = [deps.platform.wechat.oauthBase, deps.platform.idv.apiBase];
  const origins = urls.flatMap((url) => {
    try {
      return url ? [new URL(url).origin] : [];
    } catch {
      return [];
    }
  });
  return [...new Set(origins)];
}

/**
 * CSP directives the demo's phone frame needs next to the in-process simulator, nothing otherwise: `frame-src` with
 * the simulator's origin, and no `upgrade-insecure-requests`, which sends every navigation inside a frame over
 * https — the simulator listens on plain http on this machine, so the WeChat authorization would be blocked.
 */
export function demoCspDirectives(deps: Pick<AppDeps, 'platform'>): { frameSrc?: string[]; upgradeInsecureRequests?: null } {
  const sources = demoFrameSources(deps);
  return sources.length ? { frameSrc: ["'self'", ...sources], upgradeInsecureRequests: null } : {};
}
