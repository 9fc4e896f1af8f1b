import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// antd forms under happy-dom validate slowly on a busy shared machine (as in the apps' setups).
configure({ asyncUtilTimeout: 5_000 });

// Testing Library only auto-cleans with vitest globals on; this repo keeps them off.
afterEach(() => {
  cleanup();
  window.history.replaceState(null, '', '/');
});
