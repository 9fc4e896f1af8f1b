import type { FormRule } from 'antd';

const ORG_CODE = /^\d{5,11}$/;

/** Form rule for a tags list of org-unit codes (rollout targets, visibility): each 5 to 11 digits. */
export const orgCodesRule: FormRule = {
  validator: async (_, codes: string[] = []) => {
    const bad = codes.find((c) => !ORG_CODE.test(c));
    if (bad) throw new Error(`单位编码应为 5 到 11 位数字：${bad}`);
  },
};
