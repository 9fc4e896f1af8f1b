/**
 * One-way imports (ARCHITECTURE.md §3), checked in CI by `npm run lint`.
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
