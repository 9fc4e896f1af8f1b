export { indicatorsServicePlugin } from './plugin.ts';
export type { IndicatorsServiceOptions } from './plugin.ts';
export { indicatorsMigrations } from './migrations.ts';
export { rebuild, refresh, allFacts } from './store.ts';
export { FACTS_CONSUMER, BILLING_CHANGED } from './consumer.ts';
/** Service name and major version as the gateway routes them: `/api/svc/indicators/v1`. */
export { INDICATORS_SERVICE } from '@wb/contracts/indicators';
export { rebuildIndicators } from './seed.ts';
