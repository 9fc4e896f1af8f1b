import type { Feed, FeedApp, FeedMenu, SessionUser } from '@wb/contracts';

/** Test data shaped by the contracts; no test depends on seed details. */
export function testUser(overrides: Partial<SessionUser> = {}): SessionUser {
  const post = { code: 'KF_AGENT', name: '客服代表', orgUnitCode: '33401', orgUnitName: '江州客户服务中心' };
  return {
    id: 'u-kf01',
    username: 'kf01',
    displayName: '张客服',
    orgUnitCode: '33401',
    orgUnitName: '江州客户服务中心',
    roles: ['KF_AGENT'],
    posts: [post],
    activePost: post,
    permissions: ['cust:archive:view'],
    mustChangePassword: false,
    ...overrides,
  };
}

export function testApp(id: string, overrides: Partial<FeedApp> = {}): FeedApp {
  return {
    id,
    name: id,
    version: '1.0.0',
    specifier: `@wb-app/${id}`,
    routes: [`/app/${id}`],
    category: '业务应用',
    description: '',
    services: {},
    workflows: [],
    inMenu: true,
    ...overrides,
  };
}

export function testMenu(appId: string, key: string, overrides: Partial<FeedMenu> = {}): FeedMenu {
  return { appId, key, title: key, path: `/app/${appId}`, order: 100, ...overrides };
}

export function testFeed(overrides: Partial<Feed> = {}): Feed {
  return {
    user: testUser(),
    channel: 'workbench',
    zone: 'intranet',
    importMap: { imports: {}, integrity: {} },
    apps: [testApp('customer-archive', { name: '客户档案' })],
    menus: [testMenu('customer-archive', 'search', { title: '客户查询', path: '/app/customer-archive', icon: 'SearchOutlined' })],
    widgets: [],
    parts: [],
    devOverrides: false,
    ...overrides,
  };
}
