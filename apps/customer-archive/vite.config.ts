import { defineMicroAppConfig } from '../../vite.config.ts';

export default defineMicroAppConfig({ root: import.meta.dirname, port: 5174, harnessNote: '200 户' });
