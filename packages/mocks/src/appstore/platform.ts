import type { PlatformDescriptor } from '@wb/contracts/appstore';

/**
 * A platform descriptor as `GET /api/registry/platform` answers it (registry `descriptor.ts`, ADR 0023), with a
 * few shared modules, the demo org tree's top units and some posts: enough for 应用管理 → 平台信息 and its tests.
 */
export function createMockPlatform(): PlatformDescriptor {
  return {
    sharedModules: [
      { specifier: 'react', package: 'react', version: '19.3.1' },
      { specifier: 'react/jsx-runtime', package: 'react', version: '19.3.1' },
      { specifier: 'react-dom/client', package: 'react-dom', version: '19.3.1' },
      { specifier: 'antd/es/button', package: 'antd', version: '6.6.8' },
      { specifier: '@wb/sdk', package: '@wb/sdk', version: '0.1.0' },
    ],
    sharedPackages: [
      { package: '@wb/sdk', version: '0.1.0', range: '^0.1' },
      { package: 'antd', version: '6.6.8', range: '^6' },
      { package: 'react', version: '19.3.1', range: '^19' },
      { package: 'react-dom', version: '19.3.1', range: '^19' },
    ],
    props: [
      { name: 'domElement', type: 'HTMLElement', required: true, description: '工作台给应用的容器元素' },
      { name: 'basePath', type: 'string', required: true, description: '应用的路由前缀，路由器的 basename 用它' },
      { name: 'navigate', type: '(to: string) => void', required: true, description: '在工作台内跳转' },
    ],
    lifecycles: ['bootstrap', 'mount', 'unmount'],
    formats: [
      { format: 'esm', runnable: true, description: 'ES 模块（import/export）' },
      { format: 'systemjs', runnable: true, description: 'SystemJS（System.register）：按需加载 SystemJS 运行' },
    ],
    channels: ['workbench', 'mobile', 'kiosk', 'screen'],
    zones: ['intranet', 'internet'],
    orgUnits: [
      { code: '33401', name: '国网江州供电公司', parentCode: null },
      { code: '3340101', name: '江北县供电公司', parentCode: '33401' },
    ],
    posts: [
      { code: 'KF_AGENT', name: '客服代表' },
      { code: 'YK_ACCEPT', name: '业扩受理员' },
    ],
    appStoreApi: '/api/svc/appstore/v1',
  };
}
