/**
 * One-way imports (docs/architecture.md §3), checked in CI by `npm run lint`.
 * apps → packages/{sdk,contracts}; shell → packages/*; registry, services → packages/{contracts,server-kit};
 * the services composition root may import the registry; nothing imports an app; browser code never imports
 * server code. Paths are resolved through the workspace symlinks, so `@wb/x` imports count as their folder.
 */
const BROWSER = '^(shell|apps|packages/(sdk|contracts|mocks))/';
const SERVER = '^(services|registry|packages/server-kit)/';

module.exports = {
  forbidden: [
    {
      name: 'no-importing-apps',
      comment: 'Nothing imports a micro-app; micro-apps are loaded at run time through the import map.',
      severity: 'error',
      from: { pathNot: '^apps/([^/]+)/' },
      to: { path: '^apps/' },
    },
    {
      name: 'no-app-to-app',
      comment: 'No micro-app imports another one.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'apps-only-sdk-contracts',
      comment: 'Micro-apps depend on the SDK and the contracts only (and on shared libraries).',
      severity: 'error',
      from: { path: '^apps/' },
      to: { path: '^(shell|registry|services|packages/(server-kit|shared-deps|mocks))/' , pathNot: '^packages/mocks/' },
    },
    {
      name: 'app-mocks-only-in-dev-and-tests',
      comment: 'Mocks are for the dev harness and tests, never the production entry.',
      severity: 'error',
      from: { path: '^apps/[^/]+/src/', pathNot: '(\\.test\\.tsx?$|/dev/)' },
      to: { path: '^packages/mocks/' },
    },
    {
      name: 'browser-never-imports-server',
      severity: 'error',
      from: { path: BROWSER },
      to: { path: SERVER },
    },
    {
      name: 'shell-not-in-packages',
      comment: 'Packages are below the shell and the apps.',
      severity: 'error',
      from: { path: '^packages/' },
      to: { path: '^(shell|registry|services)/' },
    },
    {
      name: 'registry-not-services',
      comment: 'The registry depends on contracts and server-kit only; the services composition root composes it.',
      severity: 'error',
      from: { path: '^registry/' },
      to: { path: '^services/' },
    },
    {
      name: 'services-to-registry-only-from-root',
      comment: 'Only the composition root (services/src/app.ts and server start-up) wires the registry in.',
      severity: 'error',
      from: { path: '^services/', pathNot: '^services/src/((app|server|modules)[^/]*\\.ts|testing/)' },
      to: { path: '^registry/' },
    },
    {
      name: 'contracts-is-a-leaf',
      comment: 'packages/contracts is the vocabulary every side shares: it imports nothing of ours (ADR 0026).',
      severity: 'error',
      from: { path: '^packages/contracts/' },
      to: { path: '^(packages|shell|apps|registry|services|e2e|bench)/', pathNot: '^packages/contracts/' },
    },
    {
      name: 'mocks-only-in-tests-and-dev',
      comment:
        'packages/mocks (msw handlers) only from tests, test helpers (testing/, testing.ts), dev harnesses (**/dev/**) ' +
        'and test set-up (vitest config, msw set-up), everywhere: production code never ships a second server (ADR 0026).',
      severity: 'error',
      from: {
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
      to: { path: '^packages/mocks/' },
    },
    {
      name: 'service-modules-through-index',
      comment:
        'Inside services/src, a module (connection, customer, gateway, iam, identity, platform, seed, workflow…) is ' +
        "imported by another module only through its index.ts (ADR 0026); the workflow engine's in-process API for " +
        'domain services (engine-api.ts, ADR 0011) is re-exported there.',
      severity: 'error',
      from: { path: '^services/src/([^/]+)/', pathNot: ['\\.test\\.ts$', '^services/src/testing/', '/testing(\\.ts$|/)'] },
      to: {
        path: '^services/src/[^/]+/',
        pathNot: ['^services/src/$1/', '^services/src/[^/]+/index\\.ts$'],
      },
    },
    {
      name: 'service-tests-through-index-or-testing',
      comment: "Tests and test helpers may also use another module's testing.ts / testing/ (fixtures, test apps), nothing else.",
      severity: 'error',
      from: { path: '^services/src/(?:([^/]+)/(?:.*\\.test\\.ts|testing\\.ts|testing/.*)|testing/.*)$' },
      to: {
        path: '^services/src/[^/]+/',
        pathNot: ['^services/src/$1/', '^services/src/testing/', '^services/src/[^/]+/(index\\.ts|testing\\.ts|testing/)'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
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
