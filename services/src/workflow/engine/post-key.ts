import type { PostRef } from '@wb/contracts';

/** A post held in an org unit as one key, `code@orgUnitCode` (the candidate key of post tasks). */
export const postKey = (p: Pick<PostRef, 'code' | 'orgUnitCode'>): string => `${p.code}@${p.orgUnitCode}`;
