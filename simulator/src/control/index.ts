import type { SeedInput, SeedResult } from '../core/seed';
import type { IdvControl } from '../idv/control';
import type { OaControl } from '../oa/control';
import type { PayControl } from '../pay/control';
import type { SmsControl } from '../sms/control';
import type { TencentCloudControl } from '../tencentcloud/control';
import type { WecomControl } from '../wecom/control';

/** Typed scenario driver; `/control/*` HTTP routes mirror it (see README). */
export interface Control {
  /** Fresh world: re-applies the initial seed, clears records, tokens, codes, faults; cancels pending retries. */
  reset(): void;
  /** Adds people, tags and OA users (replacing same ids). */
  seed(input: SeedInput): SeedResult;
  clock: {
    now(): number;
    /** Moves the simulator clock forward (token expiry, code windows, welcome-code 20 s...). */
    advance(ms: number): void;
  };
  wecom: WecomControl;
  oa: OaControl;
  /** Alias of `oa` (the WeChat side: OA OAuth browser user, template messages). */
  wechat: OaControl;
  pay: PayControl;
  sms: SmsControl;
  idv: IdvControl;
  /** Tencent Cloud SMS and FaceID (API 3.0): calls, scripted errors; outcomes follow `idv` scripts and `sms` faults. */
  tencentcloud: TencentCloudControl;
}
