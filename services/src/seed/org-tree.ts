/**
 * The demo org tree (docs/glossary.md "Seed data"): one city company, three county companies with two or three
 * 供电所 each, a customer-service center and a business hall. Codes follow the SG scheme of
 * docs/glossary.md (org units): 5 digits city, 7 county, 9 supply station.
 * Names are fictional.
 */
export type OrgUnitType = 'CITY' | 'COUNTY' | 'STATION' | 'SERVICE_CENTER' | 'BUSINESS_HALL';

export interface OrgUnitSeed {
  code: string;
  name: string;
  type: OrgUnitType;
  /** Parent code; undefined for the root. */
  parent?: string;
  /** 城乡标志: used for seed realism (addresses, repair limits). */
  urban: boolean;
}

export const ORG_TREE: readonly OrgUnitSeed[] = [
  { code: '33401', name: '国网江州供电公司', type: 'CITY', urban: true },
  { code: '3340101', name: '江北县供电公司', type: 'COUNTY', parent: '33401', urban: false },
  { code: '334010101', name: '江北城关供电所', type: 'STATION', parent: '3340101', urban: true },
  { code: '334010102', name: '江北河口供电所', type: 'STATION', parent: '3340101', urban: false },
  { code: '334010103', name: '江北新桥供电所', type: 'STATION', parent: '3340101', urban: false },
  { code: '3340102', name: '临川县供电公司', type: 'COUNTY', parent: '33401', urban: false },
  { code: '334010201', name: '临川城区供电所', type: 'STATION', parent: '3340102', urban: true },
  { code: '334010202', name: '临川白沙供电所', type: 'STATION', parent: '3340102', urban: false },
  { code: '3340103', name: '青山县供电公司', type: 'COUNTY', parent: '33401', urban: false },
  { code: '334010301', name: '青山城关供电所', type: 'STATION', parent: '3340103', urban: true },
  { code: '334010302', name: '青山石门供电所', type: 'STATION', parent: '3340103', urban: false },
  { code: '334010303', name: '青山梅岭供电所', type: 'STATION', parent: '3340103', urban: false },
  { code: '3340180', name: '江州客户服务中心', type: 'SERVICE_CENTER', parent: '33401', urban: true },
  { code: '3340181', name: '江州供电营业厅', type: 'BUSINESS_HALL', parent: '33401', urban: true },
];

/** Materialized path of an org unit, e.g. `/33401/3340101/334010101`. */
export function orgPath(code: string, tree: readonly OrgUnitSeed[] = ORG_TREE): string {
  const byCode = new Map(tree.map((o) => [o.code, o]));
  const parts: string[] = [];
  for (let node = byCode.get(code); node; node = node.parent ? byCode.get(node.parent) : undefined) {
    parts.unshift(node.code);
  }
  if (parts.length === 0) throw new Error(`unknown org unit ${code}`);
  return `/${parts.join('/')}`;
}

/** The supply stations (供电所): customers, 台区 and 抄表段 belong to these. */
export const SUPPLY_STATIONS: readonly OrgUnitSeed[] = ORG_TREE.filter((o) => o.type === 'STATION');
