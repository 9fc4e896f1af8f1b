/**
 * One-way imports (docs/architecture.md §3), checked in CI by `npm run lint`.
 * apps → packages/{sdk,contracts}; shell → packages/*; registry, services → packages/{contracts,server-kit};
 * the services composition root may import the registry; nothing imports an app; browser code never imports
 * server code. Paths are resolved through the workspace symlinks, so `@wb/x` imports count as their folder.
 */
const BROWSER = '^(shell|apps|packages/(sdk|contracts|mocks))/';
const SERVER = '^(services|registry|packages/server-kit)/';

/** A forbidden dependency: `from` (what imports) must not reach `to`; every rule is an error. */
const forbid = (name, comment, from, to) => ({ name, ...(comment ? { comment } : {}), severity: 'error', from, to });

module.exports = {
  forbidden: [
    forbid('no-importing-apps', 'Nothing imports a micro-app; micro-apps are loaded at run time through the import map.', { pathNot: '^apps/([^/]+)/' }, { path: '^apps/' }),
    forbid('no-app-to-app', 'No micro-app imports another one.', { path: '^apps/([^/]+)/' }, { path: '^apps/', pathNot: '^apps/$1/' }),
    forbid(
      'apps-only-sdk-contracts',
      'Micro-apps depend on the SDK and the contracts only (and on shared libraries).',
      { path: '^apps/' },
      { path: '^(shell|registry|services|packages/(server-kit|shared-deps|mocks))/', pathNot: '^packages/mocks/' },
    ),
    forbid(
      'app-mocks-only-in-dev-and-tests',
      'Mocks are for the dev harness and tests, never the production entry.',
      { path: '^apps/[^/]+/src/', pathNot: '(\\.test\\.tsx?$|/dev/)' },
      { path: '^packages/mocks/' },
    ),
    forbid('browser-never-imports-server', undefined, { path: BROWSER }, { path: SERVER }),
    forbid('shell-not-in-packages', 'Packages are below the shell and the apps.', { path: '^packages/' }, { path: '^(shell|registry|services)/' }),
    forbid(
      'registry-not-services',
      'The registry depends on contracts and server-kit only; the services composition root composes it.',
      { path: '^registry/' },
      { path: '^services/' },
    ),
    forbid(
      'services-to-registry-only-from-root',
      'Only the composition root (services/src/app.ts and server start-up) wires the registry in.',
      { path: '^services/', pathNot: '^services/src/((app|server|modules)[^/]*\\.ts|testing/)' },
      { path: '^registry/' },
    ),
    forbid(
      'contracts-is-a-leaf',
      'packages/contracts is the vocabulary every side shares: it imports nothing of ours (ADR 0026).',
      { path: '^packages/contracts/' },
      { path: '^(packages|shell|apps|registry|services|e2e|bench)/', pathNot: '^packages/contracts/' },
    ),
    forbid(
      'mocks-only-in-tests-and-dev',
      'packages/mocks (msw handlers) only from tests, test helpers (testing/, testing.ts), dev harnesses (**/dev/**) ' +
        'and test set-up (vitest config, msw set-up), everywhere: production code never ships a second server (ADR 0026).',
      {
        pathNot: [
          '^packages/mocks/',
          '\\.test\\.tsx?$',
          '/dev/',
          // test helpers: folders or files named testing (services/src/testing/contract.ts runs the contract tests)
          '(^|/)testing(/|\\.tsx?$)',
          '(^|/)vitest\\.config\\.ts$',
          '(^|/)(test-setup|setup-tests|msw-setup)\\.tsx?$',
        ],
      },
      { path: '^packages/mocks/' },
    ),
    forbid(
      'service-modules-through-index',
      'Inside services/src, a module (connection, customer, gateway, iam, identity, platform, seed, workflow…) is ' +
        "imported by another module only through its index.ts (ADR 0026); the workflow engine's in-process API for " +
        'domain services (engine-api.ts, ADR 0011) is re-exported there.',
      { path: '^services/src/([^/]+)/', pathNot: ['\\.test\\.ts$', '^services/src/testing/', '/testing(\\.ts$|/)'] },
      { path: '^services/src/[^/]+/', pathNot: ['^services/src/$1/', '^services/src/[^/]+/index\\.ts$'] },
    ),
    forbid(
      'service-tests-through-index-or-testing',
      "Tests and test helpers may also use another module's testing.ts / testing/ (fixtures, test apps), nothing else.",
      { path: '^services/src/(?:([^/]+)/(?:.*\\.test\\.ts|testing\\.ts|testing/.*)|testing/.*)$' },
      { path: '^services/src/[^/]+/', pathNot: ['^services/src/$1/', '^services/src/testing/', '^services/src/[^/]+/(index\\.ts|testing\\.ts|testing/)'] },
    ),
    forbid('no-circular', undefined, {}, { circular: true }),
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(node_modules|/dist/|\\.data)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    combinedDependencies: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'default'], extensions: ['.ts', '.tsx', '.js'] },
    preserveSymlinks: false,
  },
};
