/** GB 11643-1999 check: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, Σ mod 11 → 1 0 X 9 8 7 6 5 4 3 2. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK.charAt(sum % 11);
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  return idNumberCheckChar(id.slice(0, 17)) === id.charAt(17);
}

/** A valid ID number for tests and demo data (region 110105, the given birth date, sequence). */
export function makeIdNumber(birth = '19900101', sequence = '123'): string {
  const first17 = `110105${birth}${sequence}`;
  return first17 + idNumberCheckChar(first17);
}
