import { APPSTORE_SERVICE } from '@wb/contracts/appstore';
import type { PlatformDescriptor } from '@wb/contracts/appstore';
import { channelSchema, moduleFormatSchema, zoneSchema } from '@wb/contracts';
import type { PlatformAssets } from './platform.ts';
import { compatibleRange } from './publish/checks.ts';
import { LIFECYCLES, RUNNABLE_FORMATS, packageOf } from './publish/module-checks.ts';

/** Org units and posts a rollout may target, read by whoever owns them (identity, through the composition root). */
export interface RolloutTargets {
  orgUnits: Array<{ code: string; name: string; parentCode: string | null }>;
  posts: Array<{ code: string; name: string }>;
}

/**
 * The props a micro-app receives on mount (shell/src/loader/app-runtime.ts `propsFor`, SDK `WorkbenchProps`).
 * Keep the three in step: the descriptor is what a team outside this repository reads.
 */
const PROPS: PlatformDescriptor['props'] = [
  { name: 'name', type: 'string', required: true, description: 'single-spa 应用名，即导入映射中的标识 @wb-app/<id>' },
  { name: 'appId', type: 'string', required: true, description: '应用标识（manifest.json 的 id）' },
  { name: 'instanceId', type: 'string', required: true, description: '本次挂载的实例标识：同一应用可同时挂载多个实例（如多个页签），缓存、表单和离开询问按实例区分' },
  { name: 'history', type: '{ location; push(to); replace(to); listen(fn) }', required: true, description: '本实例自己的路由位置与历史：应用内跳转用它（SDK 的 useNavigate、<Link>），不要读写 window.location' },
  { name: 'domElement', type: 'HTMLElement', required: true, description: '工作台给应用的容器元素：只在其中渲染，unmount 时清空' },
  { name: 'basePath', type: 'string', required: true, description: '应用的路由前缀，如 /app/<id>，移动端为 /m/app/<id>；路由器的 basename 用它，不要写死' },
  { name: 'navigate', type: '(to: string, options?: { replace?: boolean }) => void', required: true, description: '在工作台内跳转到绝对路径（由 basePath 拼出），代替自己调用 history.pushState' },
  { name: 'leaveGuards', type: '{ add(): { set(dirty: boolean, message?: string): void; remove(): void } }', required: false, description: '登记未保存的输入，离开前由工作台询问；卸载时工作台会清除' },
  { name: 'session', type: 'SessionUser', required: true, description: '当前用户：姓名、单位、岗位、角色和权限' },
  { name: 'services', type: 'Record<string, string>', required: true, description: 'manifest 中 services 声明的服务 → 网关地址，如 { customer: "/api/svc/customer/v1" }' },
  { name: 'reportError', type: '(error: unknown, code?: string) => void', required: true, description: '把错误报告给工作台（记录到 /api/client-errors）' },
  { name: 'parts', type: '{ describe(app, part); mount(app, part, el, props) }', required: false, description: '装配其他应用的界面部件（manifest 的 uses 声明）：无权限或渠道不支持时给出占位说明，不加载提供方代码（ADR 0030）' },
  { name: 'events', type: '{ publish(name, payload); subscribe(name, handler) }', required: false, description: '应用间的类型化事件（@wb/contracts events.ts 中声明），只在发布者所在的页面/页签范围内传递；卸载时订阅自动结束' },
];

const FORMAT_TEXT: Record<string, string> = {
  esm: 'ES 模块（import/export），入口导出 bootstrap、mount、unmount',
  systemjs: 'SystemJS（System.register）：工作台在应用挂载时按需加载 SystemJS，共享模块与 ES 模块应用是同一实例，入口导出 bootstrap、mount、unmount',
};

function sharedModules(platform: PlatformAssets): PlatformDescriptor['sharedModules'] {
  return Object.keys(platform.shared.importMap.imports)
    .sort()
    .map((specifier) => {
      const pkg = packageOf(specifier);
      return { specifier, package: pkg, version: platform.shared.versions[pkg] ?? null };
    });
}

/** `GET /api/registry/platform`: the platform as a team building a micro-app needs to know it (ADR 0023). */
export function buildDescriptor(platform: PlatformAssets, targets: RolloutTargets): PlatformDescriptor {
  return {
    sharedModules: sharedModules(platform),
    sharedPackages: Object.entries(platform.shared.versions)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([pkg, version]) => ({ package: pkg, version, range: compatibleRange(version) })),
    props: PROPS,
    lifecycles: [...LIFECYCLES],
    formats: moduleFormatSchema.options.map((format) => ({ format, runnable: RUNNABLE_FORMATS.has(format), description: FORMAT_TEXT[format] ?? format })),
    channels: [...channelSchema.options],
    zones: [...zoneSchema.options],
    orgUnits: targets.orgUnits,
    posts: targets.posts,
    appStoreApi: `/api/svc/${APPSTORE_SERVICE.name}/v${APPSTORE_SERVICE.major}`,
  };
}
