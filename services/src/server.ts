/**
 * The server process: `npm start` runs it compiled (services/dist/server.mjs, scripts/server-bundle.mjs), `npm run dev` with tsx.
 * Config from the environment (config.ts), first-start seeding, one process per embedded data folder and a
 * drain on SIGTERM/SIGINT/SIGHUP (platform/server-process.ts, ADR 0020).
 */
import { DataDirLockedError, DbConnectTimeoutError } from '@wb/server-kit';
import { runServer } from './platform/server-process.ts';

runServer(process.env).catch((err: unknown) => {
  // Operators' errors (a second process on the data folder, a database that does not answer) in one line.
  if (err instanceof DataDirLockedError || err instanceof DbConnectTimeoutError) console.error(`server failed to start: ${err.message}`);
  else console.error('server failed to start', err);
  process.exit(1);
});
