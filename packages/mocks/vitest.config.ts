import { defineConfig } from 'vitest/config';

// happy-dom gives the handlers a page origin, as in the browser harness (relative handler URLs resolve against it).
export default defineConfig({
  test: {
    name: '@wb/mocks',
    environment: 'happy-dom',
  },
});
