import { defineShellConfig } from '../vite.config.ts';

export default defineShellConfig({ root: import.meta.dirname });
