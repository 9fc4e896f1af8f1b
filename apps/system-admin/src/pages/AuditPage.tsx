import { Table, Typography } from 'antd';
import type { AuditEntry } from '@wb/contracts';
import { Link, QueryError, pagedTable, useLocation, useNavigate, useWorkbench } from '@wb/sdk/react';
import { formatSeconds } from '../format.ts';
import { AUDIT_PAGE_SIZE, useAudit } from '../api/queries.ts';
import type { AuditFilters } from '../api/queries.ts';
import { auditQueryString, parseAuditParams } from '../auditParams.ts';
import { AlertsPanel } from '../components/AlertsPanel/AlertsPanel.tsx';
import { AuditFilterBar } from '../components/AuditFilterBar/AuditFilterBar.tsx';
import { ResultTag } from '../components/ResultTag/ResultTag.tsx';

const ZONE_LABELS = { intranet: '内网', internet: '互联网' } as const;

/** 审计日志: 访问告警 on top, then the filtered, paginated log. Filters live in the URL. */
export function AuditPage() {
  const { basePath } = useWorkbench();
  const { search } = useLocation();
  const navigate = useNavigate();
  const filters = parseAuditParams(search);
  const audit = useAudit(filters);
  const go = (next: AuditFilters) => navigate(`${basePath}/audit${auditQueryString(next)}`);
  return (
    <>
      <AlertsPanel />
      <AuditFilterBar key={search.toString()} filters={filters} onSearch={go} />
      {audit.isError ? (
        <QueryError query={audit} title="审计日志加载失败" />
      ) : (
        <Table<AuditEntry>
          rowKey="id"
          size="small"
          {...pagedTable(audit, { current: filters.page, pageSize: AUDIT_PAGE_SIZE, onChange: (page) => go({ ...filters, page }), unit: '条' })}
          expandable={{
            rowExpandable: (e) => e.detail !== null,
            expandedRowRender: (e) => <Typography.Text code style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(e.detail, null, 2)}</Typography.Text>,
          }}
          columns={[
            { title: '时间', dataIndex: 'at', render: (at: string) => formatSeconds(at) },
            // A link to this actor's entries (a real href below the basePath, ADR 0027).
            { title: '操作人', dataIndex: 'actor', render: (a: string | null) => (a ? <Link to={`/audit${auditQueryString({ actor: a, page: 1 })}`}>{a}</Link> : '—') },
            { title: '动作', dataIndex: 'action' },
            { title: '对象', dataIndex: 'target', render: (t: string | null) => t ?? '—' },
            { title: '结果', dataIndex: 'result', render: (r: AuditEntry['result']) => <ResultTag result={r} /> },
            { title: '地址', dataIndex: 'ip', render: (ip: string | null) => ip ?? '—' },
            { title: '区域', dataIndex: 'zone', render: (z: AuditEntry['zone']) => (z ? ZONE_LABELS[z] : '—') },
          ]}
        />
      )}
    </>
  );
}
