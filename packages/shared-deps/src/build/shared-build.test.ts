import { describe, expect, it } from 'vitest';
import { SHARED_SPECIFIERS } from '../specifiers.ts';
import { selectSpecifiers } from './shared-build.ts';

describe('selectSpecifiers', () => {
  it('fails clearly when the SDK or contracts sources do not exist yet', () => {
    expect(() => selectSpecifiers('/nonexistent-repo', false)).toThrow(
      /@wb\/sdk \(packages\/sdk\/src\/index.ts\).*--allow-missing-workspace/s,
    );
  });

  it('builds the rest when told to, leaving the missing ones out', () => {
    const { specifiers, skipped } = selectSpecifiers('/nonexistent-repo', true);
    expect(skipped).toEqual(['@wb/sdk', '@wb/sdk/react', '@wb/contracts', '@wb/contracts/appstore', '@wb/contracts/iam-admin', '@wb/contracts/workflow', '@wb/contracts/connection']);
    expect(specifiers).toEqual(SHARED_SPECIFIERS.filter((s) => !s.startsWith('@wb/')));
  });
});
