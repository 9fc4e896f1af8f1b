/**
 * Masks the middle of a phone number (138****1234). 客户档案 is opened by many agents, often on shared or
 * visible screens; a masked number still lets the agent confirm it with the caller (last four digits) while
 * keeping the full number off the screen (personal-information minimisation, PIPL). The full number is
 * only needed for searching, which takes it as input.
 */
export function maskPhone(phone: string): string {
  const value = phone.trim();
  if (value.length >= 11) return `${value.slice(0, 3)}****${value.slice(-4)}`;
  // Short local numbers: the last four digits are all the agent needs to confirm.
  if (value.length >= 7) return `****${value.slice(-4)}`;
  return '****';
}
