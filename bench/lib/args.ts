// Command-line options of the benchmark scripts: `--name value` numbers and `--short`.

/** The number after `--<name>` on the command line, if given. */
export function argument(name: string): number | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : undefined;
}

/** The word after `--<name>` on the command line, if given (a directory, a schema name). */
export function stringArgument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

/** `o` without its undefined fields, so that spreading it over defaults keeps them. */
export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
