import { defineConfig } from 'vitest/config';
import { appComponentTests } from '../../vitest.shared.ts';

export default defineConfig({ test: appComponentTests('@wb-app/ops-monitor') });
