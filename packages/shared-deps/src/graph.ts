/** A file with its static imports (file names of the same build), as listed in shared-deps.json and shell.json. */
export interface GraphFile {
  readonly file: string;
  readonly imports: readonly string[];
}

/**
 * Files loaded with `start` before any code runs: the start files and everything they import statically,
 * transitively (dynamic imports excluded). Throws on an import of a file the list does not hold.
 */
export function staticClosure<T extends GraphFile>(files: readonly T[], start: readonly string[]): T[] {
  const byName = new Map(files.map((f) => [f.file, f]));
  const seen = new Map<string, T>();
  const pending = [...start];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (seen.has(name)) continue;
    const file = byName.get(name);
    if (!file) throw new Error(`static import of unknown file ${name}`);
    seen.set(name, file);
    pending.push(...file.imports);
  }
  return [...seen.values()];
}
