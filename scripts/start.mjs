// `npm start`: build whatever is missing, then run the workbench server (PORT, default 8080).
// `run` forwards SIGINT/SIGTERM/SIGHUP to the server and this process exits with its code (ADR 0020).
import { root, run, runOrExit } from './lib.mjs';

await runOrExit('node', ['scripts/build.mjs', ...process.argv.slice(2)]);
const code = await run('node', ['--import', 'tsx', 'services/src/server.ts'], { cwd: root });
process.exit(code);
