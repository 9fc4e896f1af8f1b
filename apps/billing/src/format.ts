import { fenToYuan } from '@wb/contracts/billing';

/** 分 → `¥1,234.56` (integer arithmetic only: `fenToYuan` splits 元 and 分; grouping is on the 元 digits). */
export function formatYuan(fen: number): string {
  const [yuan = '0', cents = '00'] = fenToYuan(fen).replace('-', '').split('.');
  return `${fen < 0 ? '-' : ''}¥${yuan.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${cents}`;
}

/** `202611` → `2026年11月`. */
export const formatYm = (ym: string | null): string => (ym && /^\d{6}$/.test(ym) ? `${ym.slice(0, 4)}年${Number(ym.slice(4))}月` : '—');
