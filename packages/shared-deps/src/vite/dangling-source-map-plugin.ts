import type { Plugin } from 'vite';

const SOURCE_MAP_COMMENT = /\n\/\/[#@] sourceMappingURL=(\S+)\s*$/;

/**
 * Drops the `//# sourceMappingURL=` comment of an emitted JavaScript asset whose map the bundle does not hold.
 * Third-party files taken as they are (SystemJS's `s.min.js`, imported with `?url`, ADR 0087) keep the comment of
 * their package while the build emits no source maps, so DevTools asked for a map that was never served (a 404 on
 * every page that opened a SystemJS app). Runs in `generateBundle`, before `bundleOutputPlugin` hashes the files
 * written to disk, so the integrity in `shell.json` is of the file as served.
 */
export function danglingSourceMapPlugin(): Plugin {
  return {
    name: 'wb:dangling-source-map',
    apply: 'build',
    generateBundle(_output, bundle) {
      for (const file of Object.values(bundle)) {
        if (file.type !== 'asset' || !file.fileName.endsWith('.js')) continue;
        const text = typeof file.source === 'string' ? file.source : new TextDecoder().decode(file.source);
        const comment = SOURCE_MAP_COMMENT.exec(text);
        if (!comment) continue;
        const dir = file.fileName.includes('/') ? file.fileName.slice(0, file.fileName.lastIndexOf('/') + 1) : '';
        if (`${dir}${comment[1]}` in bundle) continue;
        file.source = `${text.slice(0, comment.index)}\n`;
      }
    },
  };
}
