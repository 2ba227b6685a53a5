/** GB 11643-1999 check character: weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2, Σ mod 11 → 1 0 X 9 8 7 6 5 4 3 2. */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK = '10X98765432';

export function idNumberCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK[sum % 11] ?? '?';
}

export function isValidIdNumber(id: string): boolean {
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const birth = id.slice(6, 14);
  const date = new Date(`${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10).replace(/-/g, '') !== birth) return false;
  return idNumberCheckChar(id.slice(0, 17)) === id[17];
}

export function makeIdNumber(region: string, birth: Date, seq: number): string {
  const ymd = birth.toISOString().slice(0, 10).replace(/-/g, '');
  const first17 = `${region}${ymd}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idNumberCheckChar(first17);
}
