import { describe, expect, it } from 'vitest';
import { manifestSchema } from '@wb/contracts';
import type { Manifest, ManifestInput } from '@wb/contracts';
import { makePost, makePrincipal } from '../testing.ts';
import { mayLoadApp } from './access.ts';

const manifestWith = (access: ManifestInput['access'], extra: Partial<ManifestInput> = {}): Manifest =>
  manifestSchema.parse({ id: 'any-app', name: '任一', version: '1.0.0', entry: 'main.js', routes: ['/app/any-app'], access, ...extra });

const may = (manifest: Manifest, principal: ReturnType<typeof makePrincipal>) => mayLoadApp(manifest, principal, 'workbench', 'intranet');

describe('mayLoadApp', () => {
  describe('anyPermissions (at least one of)', () => {
    const store = manifestWith({ anyPermissions: ['store:market:use', 'store:app:manage', 'store:app:review'] });

    it('admits a holder of any one of them, whatever role carries it', () => {
      expect(may(store, makePrincipal({ permissions: ['store:market:use'] }))).toBe(true);
      expect(may(store, makePrincipal({ roles: ['CUSTOM_PUBLISHER'], permissions: ['store:app:manage'] }))).toBe(true);
      expect(may(store, makePrincipal({ permissions: ['store:app:review', 'cust:archive:view'] }))).toBe(true);
    });

    it('refuses a user holding none of them, even with a role that used to be listed', () => {
      expect(may(store, makePrincipal({ permissions: ['cust:archive:view'] }))).toBe(false);
      expect(may(store, makePrincipal({ roles: ['STORE_USER'], permissions: [] }))).toBe(false);
      expect(may(store, makePrincipal())).toBe(false);
    });

    it('is satisfied by the `*` grant', () => {
      expect(may(store, makePrincipal({ permissions: ['*'] }))).toBe(true);
    });

    it('combines with permissions (all of) by AND', () => {
      const both = manifestWith({ permissions: ['base:app:use', 'base:app:view'], anyPermissions: ['x:a:use', 'x:b:use'] });
      expect(may(both, makePrincipal({ permissions: ['base:app:use', 'base:app:view', 'x:b:use'] }))).toBe(true);
      // All of the all-of, none of the any-of.
      expect(may(both, makePrincipal({ permissions: ['base:app:use', 'base:app:view'] }))).toBe(false);
      // One of the any-of, but not all of the all-of.
      expect(may(both, makePrincipal({ permissions: ['base:app:use', 'x:a:use'] }))).toBe(false);
      expect(may(both, makePrincipal({ permissions: ['*'] }))).toBe(true);
    });

    it('combines with roles and posts by AND, and `*` does not fake a role or post', () => {
      const strict = manifestWith({ anyPermissions: ['x:a:use'], roles: ['KF_ROLE'], posts: ['KF_AGENT'] });
      const agent = { roles: ['KF_ROLE'], posts: [makePost('KF_AGENT')], activePost: makePost('KF_AGENT') };
      expect(may(strict, makePrincipal({ ...agent, permissions: ['x:a:use'] }))).toBe(true);
      expect(may(strict, makePrincipal({ ...agent, permissions: [] }))).toBe(false);
      expect(may(strict, makePrincipal({ roles: ['KF_ROLE'], permissions: ['x:a:use'] }))).toBe(false);
      expect(may(strict, makePrincipal({ permissions: ['*'] }))).toBe(false);
    });

    it('still requires the channel and the zone', () => {
      const holder = makePrincipal({ permissions: ['store:market:use'] });
      expect(mayLoadApp(store, holder, 'mobile', 'intranet')).toBe(false);
      expect(mayLoadApp(store, holder, 'workbench', 'internet')).toBe(false);
    });

    it('binds the `*` grant to the zones too (S18): an intranet-only app is not loaded from the internet', () => {
      const admin = makePrincipal({ permissions: ['*'] });
      const intranetOnly = manifestWith({ permissions: ['sys:admin:manage'] }, { zones: ['intranet'] });
      expect(mayLoadApp(intranetOnly, admin, 'workbench', 'intranet')).toBe(true);
      expect(mayLoadApp(intranetOnly, admin, 'workbench', 'internet')).toBe(false);
    });
  });

  describe('the other kinds, unchanged', () => {
    it('permissions mean all of them; `*` satisfies them', () => {
      const all = manifestWith({ permissions: ['a:b:use', 'a:b:view'] });
      expect(may(all, makePrincipal({ permissions: ['a:b:use'] }))).toBe(false);
      expect(may(all, makePrincipal({ permissions: ['a:b:use', 'a:b:view'] }))).toBe(true);
      expect(may(all, makePrincipal({ permissions: ['*'] }))).toBe(true);
    });

    it('no access conditions: administrators only, closed by default (issue 11 item 5)', () => {
      const staff = makePrincipal({ permissions: ['store:market:use', 'cust:archive:view'], roles: ['KF_AGENT'] });
      expect(may(manifestWith({}), staff)).toBe(false);
      expect(may(manifestWith({}), makePrincipal())).toBe(false);
      // Empty lists set no condition either: still closed.
      expect(may(manifestWith({ permissions: [], roles: [], posts: [] }), staff)).toBe(false);
      expect(may(manifestWith({}), makePrincipal({ permissions: ['*'] }))).toBe(true);
      // The zone and channel still bind the administrator (S18).
      expect(mayLoadApp(manifestWith({}), makePrincipal({ permissions: ['*'] }), 'workbench', 'internet')).toBe(false);
    });
  });
});
