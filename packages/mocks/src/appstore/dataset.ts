import type { Manifest } from '@wb/contracts';
import type { Rollout, StoreEvent, StoreVersion, Visibility } from '@wb/contracts/appstore';

/** One app as the app-store mock keeps it: everything the detail answer is built from. */
export interface MockStoreApp {
  id: string;
  status: 'ACTIVE' | 'OFFLINE';
  /** Newest first. */
  versions: StoreVersion[];
  /** Manifest per version. */
  manifests: Record<string, Manifest>;
  /** Files per version. */
  files: Record<string, Array<{ path: string; size: number; integrity: string }>>;
  rollout: Rollout | null;
  visibility: Visibility;
  events: StoreEvent[];
  updatedAt: string;
  /**
   * The app's settings version, the ETag of its detail (as the registry's `row_version`): each app-level edit and
   * an approval as current moves it; an edit whose If-Match names another is refused (412). Absent: 1.
   */
  rowVersion?: number;
}

/** The in-memory state of the app-store mock; each `createAppStoreDataset()` returns a fresh copy. */
export interface AppStoreDataset {
  apps: MockStoreApp[];
  /** App ids the current user removed from their menu (应用市场). */
  hiddenFromMenu: Set<string>;
  /** App ids the current user may use (应用市场); default every ACTIVE app with a current version. */
  marketAppIds?: string[];
}

const integrity = (seed: string) => `sha384-${btoa(seed.padEnd(48, '#')).slice(0, 64)}`;

function manifestOf(id: string, name: string, version: string, extra: Partial<Manifest> = {}): Manifest {
  return {
    id,
    name,
    version,
    entry: 'main.js',
    description: '',
    changelog: '',
    category: '业务应用',
    owner: '',
    routes: [`/app/${id}`],
    menus: [{ key: id, title: name, path: `/app/${id}`, order: 10 }],
    widgets: [],
    exposes: [],
    uses: [],
    access: {},
    permissions: [],
    roles: [],
    channels: ['workbench'],
    zones: ['intranet'],
    services: [],
    workflows: [],
    shared: { react: '^19.0.0', antd: '^6.0.0' },
    ...extra,
  };
}

interface VersionSeed {
  version: string;
  status: StoreVersion['status'];
  changelog: string;
  publishedBy: string;
  publishedAt: string;
  submittedAt?: string;
  reviewedBy?: string;
  reviewedAt?: string;
  rejectReason?: string;
  current?: boolean;
}

function buildApp(
  id: string,
  name: string,
  base: Partial<Manifest>,
  seeds: VersionSeed[],
  extra: Partial<Pick<MockStoreApp, 'status' | 'rollout' | 'visibility' | 'events'>> = {},
): MockStoreApp {
  const manifests: MockStoreApp['manifests'] = {};
  const files: MockStoreApp['files'] = {};
  const versions = seeds.map((s, i): StoreVersion => {
    manifests[s.version] = manifestOf(id, name, s.version, { ...base, changelog: s.changelog });
    const fileList = [
      { path: 'main.js', size: 18_432 + i * 512, integrity: integrity(`${id}-${s.version}-main`) },
      { path: 'assets/chunk-ui.js', size: 40_960 + i * 1024, integrity: integrity(`${id}-${s.version}-chunk`) },
      { path: 'manifest.json', size: 1_204, integrity: integrity(`${id}-${s.version}-manifest`) },
    ];
    files[s.version] = fileList;
    return {
      version: s.version,
      status: s.status,
      digest: `sha256-${id}-${s.version}`,
      changelog: s.changelog,
      sizeTotal: fileList.reduce((n, f) => n + f.size, 0),
      fileCount: fileList.length,
      publishedBy: s.publishedBy,
      publishedAt: s.publishedAt,
      submittedAt: s.submittedAt ?? null,
      reviewedBy: s.reviewedBy ?? null,
      reviewedAt: s.reviewedAt ?? null,
      rejectReason: s.rejectReason ?? null,
      current: s.current ?? false,
      format: 'esm',
    };
  });
  return {
    id,
    status: extra.status ?? 'ACTIVE',
    versions,
    manifests,
    files,
    rollout: extra.rollout ?? null,
    visibility: extra.visibility ?? { hiddenOrgUnitCodes: [], hiddenPostCodes: [] },
    events: extra.events ?? [
      { at: seeds.at(-1)!.publishedAt, actor: seeds.at(-1)!.publishedBy, action: 'publish', version: seeds.at(-1)!.version, detail: {} },
    ],
    updatedAt: seeds[0]!.submittedAt ?? seeds[0]!.publishedAt,
  };
}

export function createAppStoreDataset(): AppStoreDataset {
  const archive = { category: '客户服务', owner: '营销部', description: '按户号、户名、证件号或电话查询客户档案。', icon: 'ContactsOutlined',
    widgets: [{ id: 'quick-search', title: '客户快速查询', size: 'small' as const }] };
  const admin = { category: '平台管理', owner: '信息中心', description: '组织机构、用户、角色授权与审计日志。', icon: 'SettingOutlined' };
  const bill = { category: '电费管理', owner: '营销部', description: '查询电费账单与缴费记录。', icon: 'FileTextOutlined' };
  const connection = { category: '业扩报装', owner: '营销部', description: '低压居民新装的受理、勘查、方案、装表与回访。', icon: 'ThunderboltOutlined' };
  return {
    hiddenFromMenu: new Set(),
    apps: [
      buildApp('customer-archive', '客户档案', archive, [
        { version: '1.3.0', status: 'IN_REVIEW', changelog: '新增用电地址模糊查询。', publishedBy: 'dev01', publishedAt: '2026-11-26T02:00:00.000Z', submittedAt: '2026-11-26T02:05:00.000Z' },
        { version: '1.2.0', status: 'PUBLISHED', changelog: '档案详情增加计量点信息。', publishedBy: 'dev01', publishedAt: '2026-11-20T02:00:00.000Z', submittedAt: '2026-11-20T02:10:00.000Z', reviewedBy: 'rev01', reviewedAt: '2026-11-20T03:00:00.000Z', current: true },
        { version: '1.1.0', status: 'PUBLISHED', changelog: '支持按电话号码查询。', publishedBy: 'dev01', publishedAt: '2026-11-10T02:00:00.000Z', submittedAt: '2026-11-10T02:10:00.000Z', reviewedBy: 'rev01', reviewedAt: '2026-11-10T03:00:00.000Z' },
      ], {
        events: [
          { at: '2026-11-26T02:05:00.000Z', actor: 'dev01', action: 'submit', version: '1.3.0', detail: {} },
          { at: '2026-11-26T02:00:00.000Z', actor: 'dev01', action: 'publish', version: '1.3.0', detail: { created: true } },
          { at: '2026-11-20T03:00:00.000Z', actor: 'rev01', action: 'approve', version: '1.2.0', detail: { release: 'current' } },
        ],
      }),
      buildApp('system-admin', '系统管理', admin, [
        { version: '1.0.0', status: 'PUBLISHED', changelog: '首个版本。', publishedBy: 'admin', publishedAt: '2026-11-01T02:00:00.000Z', reviewedBy: 'admin', reviewedAt: '2026-11-01T02:00:00.000Z', current: true },
      ]),
      buildApp('bill-query', '电费查询', bill, [
        { version: '2.0.0', status: 'PUBLISHED', changelog: '改版为按账期查询。', publishedBy: 'dev01', publishedAt: '2026-11-15T02:00:00.000Z', submittedAt: '2026-11-15T02:10:00.000Z', reviewedBy: 'rev01', reviewedAt: '2026-11-15T04:00:00.000Z', current: true },
      ], { status: 'OFFLINE' }),
      buildApp('new-connection', '业扩报装', connection, [
        { version: '0.9.0', status: 'DRAFT', changelog: '试运行版本。', publishedBy: 'dev01', publishedAt: '2026-11-25T02:00:00.000Z', submittedAt: '2026-11-25T02:10:00.000Z', reviewedBy: 'rev01', reviewedAt: '2026-11-25T06:00:00.000Z', rejectReason: '缺少回访环节的说明。' },
      ]),
    ],
  };
}
