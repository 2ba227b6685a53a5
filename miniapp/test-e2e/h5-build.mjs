// The H5 build the browser tests run against: same origin as the BFF that serves it, with the demo switcher on,
// rebuilt only when its inputs changed (scripts/h5-build.mjs keeps the stamp; `pnpm start` shares the build when
// the shell sets no PFS_* variable).
import { ensureH5Build as ensureBuild, H5_DIST, inputsHash as hashOf } from '../scripts/h5-build.mjs';

export { H5_DIST };

/** Same origin as the BFF that serves it, with the demo switcher on. */
export const E2E_BUILD_ENV = { PFS_API_BASE: '', PFS_DEMO: '1', PFS_WECOM_CORP_ID: '' };

export const inputsHash = () => hashOf(E2E_BUILD_ENV);

/** Returns how the build was obtained; throws with Taro's output when the build fails. */
export function ensureH5Build({ force = false } = {}) {
  return ensureBuild({ env: E2E_BUILD_ENV, force });
}
