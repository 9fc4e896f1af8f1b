// `npm run new-app -- <id> [--name <名称>] [--dir <folder>] [--standalone [--tarballs <dir>]]` (ADR 0051): makes a
// working micro-app in one command, in the spirit of create-single-spa — lifecycles from the SDK, a page calling a
// platform service through the SDK client, msw mocks for the dev harness and the tests, a component test.
//  - default: apps/<id> inside this repository (a workspace like apps/customer-archive; run `npm install` once so
//    that npm links it, then `npm run dev -w apps/<id>`);
//  - --standalone: a project for a team OUTSIDE this repository, built with Vite and @wb/vite-plugin against the
//    SDK tarballs (`npm run pack-sdk`), which it copies into <dir>/vendor/. Needs --dir.
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { root } from './lib.mjs';

const APP_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(2);
}

function option(args, name) {
  const at = args.indexOf(name);
  if (at < 0) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) fail(`${name} needs a value`);
  return value;
}

const readJson = (file) => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

/** The ranges this repository builds with, so that a new app starts on the platform's versions. */
function dependencyRanges() {
  const ranges = {};
  for (const file of ['package.json', 'packages/sdk/package.json', 'apps/customer-archive/package.json']) {
    const pkg = readJson(file);
    for (const deps of [pkg.dependencies, pkg.devDependencies]) {
      for (const [name, range] of Object.entries(deps ?? {})) if (range !== '*') ranges[name] ??= range;
    }
  }
  return ranges;
}

function replaceAll(text, values, ranges, file) {
  const out = text
    .replace(/__RANGE_([^_][^\s"]*?)__/g, (_, name) => {
      if (!ranges[name]) fail(`template ${file}: no version range for ${name} in this repository`);
      return ranges[name];
    })
    .replace(/__(APP_ID|APP_NAME|PLATFORM_VERSION)__/g, (_, key) => values[key]);
  return out;
}

/** Copies a template folder, filling in the placeholders of every text file. */
function copyTemplate(from, to, values, ranges) {
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name === 'gitignore' ? '.gitignore' : entry.name);
    if (entry.isDirectory()) {
      mkdirSync(target, { recursive: true });
      copyTemplate(source, target, values, ranges);
    } else {
      writeFileSync(target, replaceAll(readFileSync(source, 'utf8'), values, ranges, path.relative(root, source)));
    }
  }
}

export function newApp(argv) {
  const args = [...argv];
  const id = args[0];
  if (!id || id.startsWith('--')) fail('usage: npm run new-app -- <id> [--name <名称>] [--dir <folder>] [--standalone [--tarballs <dir>]]');
  if (!APP_ID.test(id) || id.length > 64) fail(`"${id}" is not an app id: lower-case letters, digits and hyphens, starting with a letter (e.g. meter-reading)`);
  const name = option(args, '--name') ?? id;
  if (name.length > 32) fail('--name: at most 32 characters (the manifest\'s name)');
  const standalone = args.includes('--standalone');
  const dirOption = option(args, '--dir');
  if (standalone && !dirOption) fail('--standalone needs --dir <folder> outside this repository (e.g. --dir ../meter-reading)');
  const dir = path.resolve(dirOption ?? path.join(root, 'apps', id));
  if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) fail(`${dir} exists and is not empty: choose another id or --dir`);
  const platformVersion = readJson('package.json').version;

  let tarballs = [];
  if (standalone) {
    const from = path.resolve(option(args, '--tarballs') ?? path.join(root, 'dist/tarballs'));
    tarballs = ['contracts', 'sdk', 'vite-plugin'].map((p) => path.join(from, `wb-${p}-${platformVersion}.tgz`));
    const missing = tarballs.filter((file) => !existsSync(file));
    if (missing.length > 0) fail(`missing ${missing.map((f) => path.basename(f)).join(', ')} in ${from}: run \`npm run pack-sdk\` first (or pass --tarballs <dir>)`);
  }

  const values = { APP_ID: id, APP_NAME: name, PLATFORM_VERSION: platformVersion };
  const ranges = dependencyRanges();
  mkdirSync(dir, { recursive: true });
  copyTemplate(path.join(root, 'templates/app'), dir, values, ranges);
  copyTemplate(path.join(root, 'templates', standalone ? 'standalone' : 'monorepo'), dir, values, ranges);
  // No index.html and no copy of msw's worker: the vite plugin's dev harness serves both (ADR 0085).
  if (standalone) {
    mkdirSync(path.join(dir, 'vendor'), { recursive: true });
    for (const file of tarballs) cpSync(file, path.join(dir, 'vendor', path.basename(file)));
  }
  return { dir, id, name, standalone };
}

if (path.resolve(process.argv[1] ?? '') === path.resolve(new URL(import.meta.url).pathname)) {
  const made = newApp(process.argv.slice(2));
  const where = path.relative(process.cwd(), made.dir) || '.';
  console.log(`✓ ${made.name} (${made.id}) in ${where}`);
  if (made.standalone) {
    console.log(`  cd ${where} && npm install && npm test && npm run dev    # then npm run build, and publish dist/ (docs/publishing.md)`);
  } else {
    console.log('  npm install                               # once: links the new workspace');
    console.log(`  npm run dev -w apps/${made.id}            # alone on Vite's dev server against the msw mocks`);
    console.log(`  npx vitest run apps/${made.id}            # its component test`);
    console.log(`  npm run build -w apps/${made.id} && npm run publish-app -- apps/${made.id} --submit`);
  }
}
