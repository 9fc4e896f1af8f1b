/**
 * One domain service in its own process (issue 16, ADR 0057): `SERVICE_ONLY=connection node services/dist/service-server.mjs`
 * (or `tsx services/src/service-server.ts`). The full server proxies `/api/svc/<name>/v<major>` to it when
 * `SERVICE_<NAME>_URL` names it. Same code, same database, same identity: the process checks sessions and
 * permissions itself (split-service.ts).
 */
import { DataDirLockedError, DbConnectTimeoutError } from '@wb/server-kit';
import { runServer } from './platform/server-process.ts';
import { splitServiceOptions } from './split-service.ts';

const name = process.env.SERVICE_ONLY ?? '';
try {
  await runServer(process.env, { ...splitServiceOptions(name, process.env), seed: false });
} catch (err) {
  if (err instanceof DataDirLockedError || err instanceof DbConnectTimeoutError || (err instanceof Error && err.name === 'SplitServiceError')) {
    console.error(`service ${name || '(SERVICE_ONLY unset)'} failed to start: ${err.message}`);
  } else console.error('service failed to start', err);
  process.exit(1);
}
