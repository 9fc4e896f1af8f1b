import { defineConfig } from 'vitest/config';

// Component tests in happy-dom against the msw mocks (src/mocks/handlers.ts).
export default defineConfig({
  test: {
    environment: 'happy-dom',
    setupFiles: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    // @wb/sdk imports antd by the platform's shared specifiers (`antd/es/locale/zh_CN`, the import-map names);
    // Vite resolves them, Node's own ESM loader would not: let Vite process the SDK.
    server: { deps: { inline: [/@wb\/sdk/] } },
  },
});
