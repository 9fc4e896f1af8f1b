import type { RouteTable } from '@wb/sdk';

/** Routes of 掌上电力 below its base path (`/c/app/customer-portal`). */
export const ROUTES = {
  home: '',
  login: '/login',
  bind: '/bind',
  account: '/accounts/:consNo',
  pay: '/accounts/:consNo/pay',
  result: '/pay/result',
  repair: '/accounts/:consNo/repair',
  application: '/application',
} as const satisfies RouteTable<string>;

/** Where the provider's checkout sends the browser back (the shell's customer channel prefix + the app's base). */
export const RESULT_PATH = '/c/app/customer-portal/pay/result';

export const yuan = (fen: number): string => `¥${(fen / 100).toFixed(2)}`;
export const ymText = (ym: string): string => `${ym.slice(0, 4)}年${Number(ym.slice(4))}月`;
export const CONS_NO = /^\d{10}$/;
