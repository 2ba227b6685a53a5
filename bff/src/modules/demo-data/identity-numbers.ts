import { idNumberCheckChar } from '@pfs/shared';

/** GB 11643 checks live in @pfs/shared (the H5 form uses them too); this module only makes numbers for the demo. */
export { idNumberCheckChar, isValidIdNumber } from '@pfs/shared';

export function makeIdNumber(region: string, birth: Date, seq: number): string {
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${region}${ymd}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
