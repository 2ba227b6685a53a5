import type { Sim } from '../core/sim';
import type { PhoneVerificationRecord, TencentCloudCall } from '../core/world';

export interface TencentCloudControl {
  /** Every Tencent Cloud API call the simulator answered, with its Error.Code when it failed. */
  calls(): TencentCloudCall[];
  /** The next `count` calls of `action` ('*' = any) answer `Response.Error` with this code (default InternalError). */
  failNext(action: string, error?: { code?: string; message?: string }, count?: number): void;
  /** FaceID PhoneVerification checks and their Result codes. */
  phoneVerifications(): PhoneVerificationRecord[];
}

export function createTencentCloudControl(sim: Sim): TencentCloudControl {
  return {
    calls: () => [...sim.world.tencentcloud.calls],
    failNext: (action, error, count = 1) =>
      sim.world.tencentcloud.faults.add(action, { code: error?.code ?? 'InternalError', message: error?.message ?? '内部错误（模拟）。' }, count),
    phoneVerifications: () => [...sim.world.tencentcloud.phoneVerifications],
  };
}
