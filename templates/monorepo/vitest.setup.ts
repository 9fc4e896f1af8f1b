import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

configure({ asyncUtilTimeout: 5_000 });

// Testing Library only auto-cleans with vitest globals on.
afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});
