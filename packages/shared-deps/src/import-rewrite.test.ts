import { parseAst } from 'vite';
import { describe, expect, it } from 'vitest';
import { ImportRewriteError, rewriteImports, type ProgramLike } from './import-rewrite.ts';
import { antdRewriteRule, iconsRewriteRule } from './rewrite-rules.ts';

const rules = [antdRewriteRule(), iconsRewriteRule()];

function rewrite(code: string): string | null {
  return rewriteImports(code, parseAst(code) as unknown as ProgramLike, rules, 'x.js')?.code ?? null;
}

describe('rewriteImports', () => {
  it('turns named antd imports into per-component default imports, keeping local names', () => {
    expect(rewrite("import { Button, Table as T, QRCode, message } from 'antd';\nuse(Button, T, QRCode, message);")).toBe(
      "import Button from \"antd/es/button\"; import T from \"antd/es/table\"; import QRCode from \"antd/es/qr-code\"; import message from \"antd/es/message\";\nuse(Button, T, QRCode, message);",
    );
  });

  it('rewrites re-exports too', () => {
    expect(rewrite("export { Tag, Form as default } from 'antd';")).toBe(
      'export { default as Tag } from "antd/es/tag"; export { default } from "antd/es/form";',
    );
  });

  it('refuses antd names with no per-component module and whole-package imports', () => {
    expect(() => rewrite("import { unstableSetRender } from 'antd';")).toThrow(ImportRewriteError);
    expect(() => rewrite("import { unstableSetRender } from 'antd';")).toThrow(/not a component of 'antd'/);
    expect(() => rewrite("import * as antd from 'antd';")).toThrow(/would load all of antd/);
    expect(() => rewrite("import antd from 'antd';")).toThrow(/would load all of antd/);
    expect(() => rewrite("export * from 'antd';")).toThrow(/not supported/);
  });

  it('sends icons to their own file and helpers to their small modules, leaving the rest on the full module', () => {
    expect(rewrite("import Icon, { UserOutlined, setTwoToneColor, IconProvider as P } from '@ant-design/icons';")).toBe(
      'import Icon from "@ant-design/icons/es/components/Icon"; import UserOutlined from "@ant-design/icons/es/icons/UserOutlined"; ' +
        'import { setTwoToneColor } from "@ant-design/icons/es/components/twoTonePrimaryColor"; import { IconProvider as P } from "@ant-design/icons";',
    );
    expect(rewrite("import * as Icons from '@ant-design/icons';")).toBeNull();
    expect(rewrite("import { NoSuchIconOutlined } from '@ant-design/icons';")).toBeNull();
  });

  it('leaves other modules alone and returns a source map when it edits', () => {
    expect(rewrite("import { useState } from 'react';")).toBeNull();
    const code = "import { Button } from 'antd';";
    const result = rewriteImports(code, parseAst(code) as unknown as ProgramLike, rules, 'src/x.js');
    expect(result?.map.sources).toEqual(['src/x.js']);
  });
});
