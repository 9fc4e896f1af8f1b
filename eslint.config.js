// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** Browser-side folders: no Node globals, and no server code (the dependency rules say the same by path). */
const browserFiles = [
  'packages/contracts/src/**/*.{ts,tsx}',
  'packages/sdk/src/**/*.{ts,tsx}',
  'packages/mocks/src/**/*.{ts,tsx}',
  'shell/src/**/*.{ts,tsx}',
  'apps/*/src/**/*.{ts,tsx}',
  'e2e/fixtures/apps/*/src/**/*.{ts,tsx}',
  // A micro-app written elsewhere, as plain JavaScript without the SDK (issue 4).
  'e2e/fixtures/foreign-app/**/*.js',
  // Prebuilt outside-team bundles for e2e/publishing.spec.ts (issue 11): an ES module and System.register modules.
  'e2e/fixtures/publishing/**/*.js',
];

const NO_SKIPPED_TESTS = {
  selector: 'CallExpression[callee.object.name=/^(it|test|describe)$/][callee.property.name=/^(skip|only|todo)$/]',
  message: 'Skipped or focused tests do not land: fix the code instead.',
};

/** antd 6 props that are deprecated (issue 21 item 8): each warns in the console and goes in the next major. */
const ANTD_DEPRECATED = [
  { selector: "JSXOpeningElement[name.name='Alert'] > JSXAttribute[name.name='message']", message: 'antd 6: Alert takes `title`, not `message`.' },
  { selector: "JSXOpeningElement[name.name='Space'] > JSXAttribute[name.name='direction']", message: 'antd 6: Space takes `orientation`, not `direction`.' },
  { selector: "JSXOpeningElement[name.name='InputNumber'] > JSXAttribute[name.name=/^addon(Before|After)$/]", message: 'antd 6: wrap InputNumber in Space.Compact with a Space.Addon instead of addonBefore/addonAfter.' },
  { selector: "JSXOpeningElement[name.name='List']", message: 'antd 6 deprecates List: use a Flex/Space of items or a Table.' },
];

/**
 * An antd icon names itself in English (`aria-label="printer"`): a screen reader reads "printer 打印收据". An icon
 * beside words is decorative (`aria-hidden`); an icon alone says what it means in Chinese (`aria-label`), or sits in
 * a control that has one and is hidden.
 */
const ICON_NAME = {
  selector: 'JSXOpeningElement[name.name=/(Outlined|Filled|TwoTone)$/]:not(:has(JSXAttribute[name.name=/^aria-(hidden|label)$/]))',
  message: 'An antd icon reads its English name to screen readers: aria-hidden beside words, aria-label (Chinese) when alone.',
};

/**
 * TanStack Query drops `mutate`'s per-call callbacks when the component unmounts before the answer (a dialog closed,
 * a row gone): the success message or the navigation silently never happens (ADR 0069). One pattern instead:
 * `await mutation.mutateAsync(...)` (in a handler or the SDK's useWorkbenchForm), or callbacks on the hook.
 */
const PER_CALL_MUTATE_CALLBACKS = {
  selector: "CallExpression[callee.property.name='mutate'][arguments.length>1]",
  message: 'Per-call mutate callbacks are dropped on unmount: await mutation.mutateAsync(...) or put onSuccess/onError on the hook (ADR 0069).',
};

export default tseslint.config(
  // Test fixtures under registry/test-fixtures stand in for built bundles (SystemJS among them): not source.
  { ignores: ['**/node_modules/**', '**/dist/**', 'registry/test-fixtures/**', '**/.data*/**', 'test-results/**', 'playwright-report/**', '**/public/mockServiceWorker.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', NO_SKIPPED_TESTS],
    },
  },
  {
    files: browserFiles,
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-syntax': ['error', NO_SKIPPED_TESTS, ...ANTD_DEPRECATED, PER_CALL_MUTATE_CALLBACKS, ICON_NAME],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'Browser code must not use Node built-ins.' },
            { group: ['@wb/server-kit', '@wb/registry', '@wb/services'], message: 'Browser code never imports server code.' },
          ],
        },
      ],
    },
  },
  {
    // Micro-apps talk to services through the SDK client only (ADR 0027, issue 21): it sends the user to login on
    // 401, checks responses against their schema, and carries CSRF, If-Match and Idempotency-Key the same way.
    files: ['apps/*/src/**/*.{ts,tsx}'],
    ignores: ['apps/*/src/**/*.test.{ts,tsx}', 'apps/*/src/dev/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Apps call services through the SDK: useServiceClient(name) from @wb/sdk/react.' },
        { name: 'XMLHttpRequest', message: 'Apps call services through the SDK: useServiceClient(name) from @wb/sdk/react.' },
      ],
      'no-restricted-properties': [
        'error',
        ...['window', 'globalThis', 'self'].flatMap((object) =>
          ['fetch', 'XMLHttpRequest'].map((property) => ({ object, property, message: 'Apps call services through the SDK: useServiceClient(name).' })),
        ),
      ],
    },
  },
  {
    files: ['**/*.test.{ts,tsx}', 'e2e/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.{ts,mjs}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: { 'no-restricted-imports': 'off' },
  },
);
