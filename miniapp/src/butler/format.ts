import { PRODUCT_CATEGORY_LABELS_ZH } from '@pfs/shared';

/** "1,234,567.00" → "123.46万元" style amounts for the sidebar; plain yuan below 10 000. */
export function formatYuan(amount: string | number): string {
  const value = typeof amount === 'number' ? amount : Number(amount);
  if (!Number.isFinite(value)) return String(amount);
  if (Math.abs(value) >= 10_000) return `${(value / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}万元`;
  return `${value.toLocaleString('zh-CN', { maximumFractionDigits: 2 })}元`;
}

/** "2026-11-24" from an ISO date or date-time; the raw string if it is not a date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Whole days from today to an ISO date (negative when past). */
export function daysUntil(iso: string, today: Date = new Date()): number {
  const day = new Date(`${iso.slice(0, 10)}T00:00:00`);
  const start = new Date(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((day.getTime() - start.getTime()) / 86_400_000);
}

const CATEGORY_LABELS_ZH: Record<string, string> = PRODUCT_CATEGORY_LABELS_ZH;

export const categoryLabel = (category: string | null | undefined) => (category ? (CATEGORY_LABELS_ZH[category] ?? category) : '');
