import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// antd under happy-dom renders slowly on a busy shared machine; the 300 ms debounce comes on top.
configure({ asyncUtilTimeout: 5_000 });

// Testing Library only auto-cleans with vitest globals on; this repo keeps them off.
afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});
