export const label = '保密工具';
