import { defineMicroAppConfig } from '../../vite.config.ts';

// The harness (src/dev/harness.ts) mounts the app on the customer channel, /c/app/customer-portal; its mock texts 123456.
export default defineMicroAppConfig({ root: import.meta.dirname, port: 5186, harnessNote: '客户渠道 /c/，验证码 123456' });
