import { describe, expect, it } from 'vitest';
import { MENU_ICONS } from '@wb/contracts';
import { ICONS } from './icons.tsx';

describe('menu icons', () => {
  it('bundles exactly the icons the app store tells uploaders they may name', () => {
    expect(Object.keys(ICONS).sort()).toEqual([...MENU_ICONS].sort());
  });
});
