import type { OrgUnit } from '@wb/contracts';

export interface OrgTreeNode {
  key: string;
  value: string;
  title: string;
  /** Disabled units: shown, marked, not selectable as a target (new people, moves, merges). */
  disabled?: boolean;
  children: OrgTreeNode[];
}

/** The flat org-unit list as a tree by `parentCode`; units whose parent is missing become roots. */
export function buildOrgTree(units: readonly OrgUnit[]): OrgTreeNode[] {
  const nodes = new Map<string, OrgTreeNode>();
  for (const unit of units) {
    const disabled = unit.status === 'disabled';
    nodes.set(unit.code, { key: unit.code, value: unit.code, title: disabled ? `${unit.name}（已停用）` : unit.name, ...(disabled ? { disabled } : {}), children: [] });
  }
  const roots: OrgTreeNode[] = [];
  for (const unit of [...units].sort((a, b) => a.code.localeCompare(b.code))) {
    const node = nodes.get(unit.code)!;
    const parent = unit.parentCode ? nodes.get(unit.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}

export { ORG_TYPE_LABELS } from '@wb/contracts/iam-admin';
