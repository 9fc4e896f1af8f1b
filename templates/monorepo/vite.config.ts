import { defineMicroAppConfig } from '../../vite.config.ts';

export default defineMicroAppConfig({ root: import.meta.dirname });
