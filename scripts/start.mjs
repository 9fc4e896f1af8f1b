// `npm start`: build whatever is missing, then run the compiled workbench server, services/dist/server.mjs
// (PORT, default 8080; no TypeScript loader at run time, ADR 0057). `npm run dev` (`--dev`) runs the sources with tsx.
// `run` forwards SIGINT/SIGTERM/SIGHUP to the server and this process exits with its code (ADR 0020).
import { root, run, runOrExit } from './lib.mjs';

const dev = process.argv.includes('--dev');
await runOrExit('node', ['scripts/build.mjs', ...process.argv.slice(2).filter((arg) => arg !== '--dev')]);
const server = dev ? ['--import', 'tsx', 'services/src/server.ts'] : ['--enable-source-maps', 'services/dist/server.mjs'];
const code = await run('node', server, { cwd: root });
process.exit(code);
