import type { AppDeps } from '../../app-deps';

/**
 * Origins the demo's in-page customer phone (an iframe of the H5 verify page, same origin) navigates through: the
 * simulated WeChat authorize page and face-check page (the simulator's origin; both send the browser straight back).
 * Empty unless the platform is the in-process simulator, so `frame-src` stays 'self' everywhere else.
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
