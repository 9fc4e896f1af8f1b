// The production server build (issue 16, ADR 0057): services/src/server.ts (and the single-service entry) bundled
// by esbuild into services/dist/*.mjs, so that `npm start` runs plain JavaScript with no TypeScript loader.
//
// - The workspace packages (@wb/*) export TypeScript sources: they are bundled. Every other bare import stays an
//   import of node_modules (PGlite finds its WebAssembly beside its own module; pino, pg and ioredis load as usual).
// - Source files that find data beside themselves (`import.meta.dirname`: BPMN processes, the common-passwords list;
//   `import.meta.url`: services/package.json) keep finding it in the source tree: those expressions are rewritten per
//   file to the file's own folder, relative to the bundle, so the repository may move as a whole.
import { readdir, readFile, rm } from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { newestMtime, root } from './lib.mjs';

export const SERVER_DIST = path.join(root, 'services', 'dist');

/** Entry points: the whole server, and one service in its own process (SERVICE_ONLY, services/src/service-server.ts). */
const ENTRIES = { server: 'services/src/server.ts', 'service-server': 'services/src/service-server.ts' };

/** Sources the bundle is made of: a newer file in any of them makes it stale. */
const INPUTS = ['services/src', 'services/package.json', 'registry/src', 'packages/server-kit/src', 'packages/contracts/src'];

export function serverBundleStale(force = false) {
  const marker = path.join(SERVER_DIST, 'server.mjs');
  if (force || !existsSync(marker) || !existsSync(path.join(SERVER_DIST, 'service-server.mjs'))) return true;
  const built = statSync(marker).mtimeMs;
  return INPUTS.some((input) => newestMtime(path.join(root, input)) > built);
}

/** `import.meta.dirname|filename|url` of a source file, as seen from the bundle in SERVER_DIST. */
function rewriteImportMeta(source, file) {
  const relDir = path.relative(SERVER_DIST, path.dirname(file)).split(path.sep).join('/');
  const relFile = path.relative(SERVER_DIST, file).split(path.sep).join('/');
  return source
    .replace(/import\.meta\.dirname/g, `__wbPath.join(import.meta.dirname, ${JSON.stringify(relDir)})`)
    .replace(/import\.meta\.filename/g, `__wbPath.join(import.meta.dirname, ${JSON.stringify(relFile)})`)
    .replace(/import\.meta\.url/g, `new URL(${JSON.stringify(relFile)}, import.meta.url).href`);
}

const workspaceSources = {
  name: 'wb-workspace-sources',
  setup(build) {
    // Bare imports outside the workspace stay external (resolved from node_modules at run time).
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('@wb/') || args.path.startsWith('node:')) return undefined;
      return { path: args.path, external: true };
    });
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes(`${path.sep}node_modules${path.sep}`) && !args.path.includes(`${path.sep}@wb${path.sep}`)) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.')) return { contents: source, loader: 'ts' };
      const rewritten = rewriteImportMeta(source, args.path);
      return { contents: `import __wbPath from 'node:path';\n${rewritten}`, loader: 'ts' };
    });
  },
};

/** Bundles the server; returns the output files with their sizes. */
export async function buildServerBundle() {
  const esbuild = await import('esbuild');
  const started = Date.now();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ENTRIES,
    outdir: SERVER_DIST,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    // Stack traces and the logs' error names stay readable.
    keepNames: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [workspaceSources],
  });
  const outputs = Object.entries(result.metafile.outputs)
    .filter(([file]) => file.endsWith('.mjs'))
    .map(([file, meta]) => ({ file, bytes: meta.bytes }));
  // Chunks of earlier builds (content-hashed names) are removed; a running server has loaded its own already.
  const current = new Set(Object.keys(result.metafile.outputs).map((file) => path.basename(file)));
  for (const name of await readdir(SERVER_DIST)) {
    if (!current.has(name)) await rm(path.join(SERVER_DIST, name), { force: true });
  }
  const total = outputs.reduce((sum, o) => sum + o.bytes, 0);
  console.log(`server bundle: ${outputs.length} files, ${(total / 1024).toFixed(0)} KiB in ${Date.now() - started} ms → services/dist`);
  return outputs;
}
