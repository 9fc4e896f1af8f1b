import type { OrgUnit } from '@wb/contracts';

/**
 * The org units the mocks share, with the seed's codes and names (services/src/seed/org-tree.ts, a subset): the
 * city, two county companies with their 供电所, the customer-service center and the business hall. Each mock takes
 * what it needs of it; none keeps a tree of its own.
 */
export const MOCK_ORG_ROWS: ReadonlyArray<[code: string, name: string, type: OrgUnit['type'], parent: string | null]> = [
  ['33401', '国网江州供电公司', 'CITY', null],
  ['3340101', '江北县供电公司', 'COUNTY', '33401'],
  ['334010101', '江北城关供电所', 'STATION', '3340101'],
  ['334010102', '江北河口供电所', 'STATION', '3340101'],
  ['334010103', '江北新桥供电所', 'STATION', '3340101'],
  ['3340102', '临川县供电公司', 'COUNTY', '33401'],
  ['334010201', '临川城区供电所', 'STATION', '3340102'],
  ['334010202', '临川白沙供电所', 'STATION', '3340102'],
  ['3340180', '江州客户服务中心', 'SERVICE_CENTER', '33401'],
  ['3340181', '江州供电营业厅', 'BUSINESS_HALL', '33401'],
];
