import type { ShellApi } from '../api/endpoints';
import type { HttpClient } from '../api/http-client';
import type { PlatformBridge } from '../platform/types';
import type { DemoBridge } from '../platform/demo-bridge';
import type { SessionController } from '../session/session-controller';

/** Everything a page needs from outside React; provided once by the App, replaced by fakes in tests. */
export interface AppServices {
  bridge: PlatformBridge;
  /** Present only in the desktop demo (drives the switcher panel). */
  demo?: DemoBridge;
  http: HttpClient;
  api: ShellApi;
  session: SessionController;
}
