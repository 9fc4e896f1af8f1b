import type { Plugin } from 'vite';
import { ImportRewriteError, rewriteImports, type ProgramLike, type RewriteRule } from '../import-rewrite.ts';
import { antdRewriteRule, iconsRewriteRule } from '../rewrite-rules.ts';

/**
 * Rewrites `import { Button } from 'antd'` to `import Button from 'antd/es/button'` (and icons likewise) after
 * TypeScript and JSX are compiled away (`enforce: 'post'`), so type-only imports are already gone.
 */
export function importRewritePlugin(rules: readonly RewriteRule[] = [antdRewriteRule(), iconsRewriteRule()]): Plugin {
  return {
    name: 'wb:import-rewrite',
    apply: 'build',
    enforce: 'post',
    transform: {
      filter: { code: /['"](antd|@ant-design\/icons)['"]/ },
      handler(code, id) {
        if (id.startsWith('\0')) return null;
        const program = this.parse(code) as unknown as ProgramLike;
        try {
          return rewriteImports(code, program, rules, id);
        } catch (error) {
          if (error instanceof ImportRewriteError) this.error(`${error.message} (in ${id})`);
          throw error;
        }
      },
    },
  };
}
