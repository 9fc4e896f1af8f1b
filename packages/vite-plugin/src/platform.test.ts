import { describe, expect, it } from 'vitest';
import { importProblems, lifecycleProblem, platformOf, satisfiesCaret, sharedRangesOf } from './platform.ts';

const platform = platformOf({
  sharedModules: [
    { specifier: 'react', package: 'react', version: '19.3.1' },
    { specifier: 'react/jsx-runtime', package: 'react', version: '19.3.1' },
    { specifier: 'antd/es/button', package: 'antd', version: '6.6.8' },
  ],
  sharedPackages: [
    { package: 'react', version: '19.3.1', range: '^19' },
    { package: 'antd', version: '6.6.8', range: '^6' },
  ],
});

describe('the platform checks of @wb/vite-plugin', () => {
  it('accepts shared modules and refuses any other bare import as the registry does, naming file and module', () => {
    const problems = importProblems(
      [
        { fileName: 'main-1.js', externalImports: ['react', 'antd/es/button'] },
        { fileName: 'chunk-2.js', externalImports: ['react-router-dom', 'antd/es/table', 'https://cdn.example.com/x.js'] },
      ],
      platform,
      { antd: '^6' },
    );
    expect(problems).toEqual([
      'chunk-2.js 引用了 react-router-dom，平台不提供该模块：请把它打包进应用（构建时不要设为 external），平台共享的模块见 GET /api/registry/platform',
      'chunk-2.js 引用了 antd/es/table，平台不提供该模块（shared 声明了 antd，但平台只共享其部分模块）：请把它打包进应用（构建时不要设为 external），平台共享的模块见 GET /api/registry/platform',
      'chunk-2.js 引用了应用包之外的模块 https://cdn.example.com/x.js：只能引用包内文件（相对路径）或平台共享模块，请把它打包进应用',
    ]);
  });

  it('requires the three lifecycles on the entry', () => {
    expect(lifecycleProblem('main.js', ['bootstrap', 'mount', 'unmount', 'update'])).toBeUndefined();
    expect(lifecycleProblem('main.js', ['mount'])).toBe('入口文件 main.js 没有导出 bootstrap、unmount：single-spa 应用的入口必须导出 bootstrap、mount 和 unmount');
  });

  it('records ^major of the version built against and says what to change when the platform does not satisfy it', () => {
    const installed: Record<string, string> = { react: '18.3.1', antd: '6.7.0' };
    const { shared, problems } = sharedRangesOf(['react', 'react/jsx-runtime', 'antd/es/button'], platform, (pkg) => installed[pkg]);
    expect(shared).toEqual({ antd: '^6', react: '^18' });
    expect(problems).toEqual(['应用依赖 react 18.3.1（shared 记为 ^18），平台提供 19.3.1：请安装 react@19 后重新构建']);
    expect(sharedRangesOf(['react'], platform, () => undefined)).toEqual({ shared: { react: '^19' }, problems: [] });
  });

  it('reads caret ranges as the registry writes them', () => {
    expect(satisfiesCaret('^19', '19.3.1')).toBe(true);
    expect(satisfiesCaret('^19.4', '19.3.1')).toBe(false);
    expect(satisfiesCaret('^0.1', '0.1.9')).toBe(true);
    expect(satisfiesCaret('^0.1', '0.2.0')).toBe(false);
    expect(satisfiesCaret('>=18', '19.0.0')).toBe(false);
  });

  it('refuses a file that is not a platform descriptor', () => {
    expect(() => platformOf({ sharedModules: [] }, 'platform.json')).toThrow('platform.json is not a platform descriptor');
  });
});
