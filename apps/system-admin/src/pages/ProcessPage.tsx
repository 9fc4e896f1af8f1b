import { useState } from 'react';
import { Alert, App, Button, Card, Input, InputNumber, Modal, Space, Switch, Table, Tag, Typography, Upload } from 'antd';
import type { Holiday, ProcessDefinition } from '@wb/contracts/workflow';
import { QueryError, useLeaveGuard } from '@wb/sdk/react';
import { businessYear, formatTime } from '../format.ts';
import { useDefinitionXml, useDefinitions, useDeploy, useHolidays, useSaveHolidays } from '../api/workflow.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** 发布新版本: BPMN XML pasted or read from a file; the server's validation message is shown as is. */
function DeployDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [xml, setXml] = useState('');
  // The instance's own message API (its ConfigProvider and container), not antd's page-global static one.
  const { message } = App.useApp();
  const deploy = useDeploy();
  // Pasted XML not yet published asks before the page is left (docs/quality.md R5).
  useLeaveGuard(open && xml.trim() !== '');
  const close = () => {
    deploy.reset();
    setXml('');
    onClose();
  };
  return (
    <Modal
      title="发布流程定义"
      open={open}
      width={760}
      okText="发布"
      cancelText="取消"
      okButtonProps={{ disabled: xml.trim() === '', loading: deploy.isPending }}
      onCancel={close}
      onOk={async () => {
        // Awaited (ADR 0069): the result is told even if the dialog was closed meanwhile; a refusal shows in the
        // dialog from the mutation's state.
        try {
          const r = await deploy.mutateAsync(xml);
          void message.success(`已发布 ${r.key} 第 ${r.version} 版`);
          close();
        } catch {
          // deploy.error is shown in the dialog.
        }
      }}
    >
      <Space orientation="vertical" style={{ width: '100%' }}>
        <Typography.Text type="secondary">粘贴 BPMN 2.0 XML，或选择 .bpmn 文件。每次发布生成新版本，进行中的流程仍按原版本运行。</Typography.Text>
        <Upload
          accept=".bpmn,.xml"
          showUploadList={false}
          beforeUpload={(file) => {
            void file.text().then(setXml);
            return false;
          }}
        >
          <Button>选择文件</Button>
        </Upload>
        <Input.TextArea aria-label="BPMN XML" rows={14} value={xml} onChange={(e) => setXml(e.target.value)} placeholder="<?xml version=&quot;1.0&quot;?> <definitions …>" />
        {deploy.isError ? <Alert type="error" showIcon title="发布失败" description={deploy.error.message} /> : null}
      </Space>
    </Modal>
  );
}

function XmlDialog({ target, onClose }: { target: { key: string; version: number } | null; onClose: () => void }) {
  const xml = useDefinitionXml(target);
  return (
    <Modal title={target ? `${target.key} 第 ${target.version} 版` : ''} open={target !== null} width={800} footer={null} onCancel={onClose}>
      {xml.isError ? (
        <QueryError query={xml} title="流程定义加载失败" />
      ) : (
        <pre style={{ maxHeight: 480, overflow: 'auto', fontSize: 12 }}>{xml.data ?? '加载中…'}</pre>
      )}
    </Modal>
  );
}

/** 节假日: one year's holidays and make-up workdays (调休上班), edited locally and saved as a whole. */
function HolidayEditor() {
  const [year, setYear] = useState(() => businessYear());
  const holidays = useHolidays(year);
  const save = useSaveHolidays(year);
  const { message } = App.useApp();
  const [draft, setDraft] = useState<Holiday[] | null>(null);
  const [row, setRow] = useState<Holiday>({ date: '', name: '', workday: false });
  // Holidays edited but not saved ask before the page is left (docs/quality.md R5).
  useLeaveGuard(draft !== null);
  const rows = draft ?? holidays.data?.items ?? [];
  const rowError = row.date && (!DATE.test(row.date) || !row.date.startsWith(String(year))) ? `日期格式为 ${year}-MM-DD` : null;
  // Awaited (ADR 0069); a refusal shows above the table from the mutation's state.
  const saveDraft = async (): Promise<void> => {
    if (!draft) return;
    try {
      await save.mutateAsync(draft);
    } catch {
      return;
    }
    setDraft(null);
    void message.success('节假日已保存');
  };
  const add = () => {
    const next = [...rows.filter((h) => h.date !== row.date), row].sort((a, b) => a.date.localeCompare(b.date));
    setDraft(next);
    setRow({ date: '', name: '', workday: false });
  };
  return (
    <Card
      title="节假日与调休"
      size="small"
      extra={
        <Space>
          <InputNumber aria-label="年份" min={2000} max={2100} value={year} onChange={(v) => { setYear(v ?? year); setDraft(null); }} />
          <Button type="primary" disabled={draft === null} loading={save.isPending} onClick={() => void saveDraft()}>
            保存
          </Button>
        </Space>
      }
    >
      {holidays.isError ? <QueryError query={holidays} title="节假日加载失败" /> : null}
      {save.isError ? <Alert type="error" showIcon title={save.error.message} style={{ marginBottom: 8 }} /> : null}
      <Space style={{ marginBottom: 8 }} wrap>
        <Input aria-label="日期" placeholder={`${year}-10-01`} value={row.date} status={rowError ? 'error' : ''} onChange={(e) => setRow({ ...row, date: e.target.value.trim() })} style={{ width: 140 }} />
        <Input aria-label="名称" placeholder="国庆节" value={row.name} onChange={(e) => setRow({ ...row, name: e.target.value })} style={{ width: 160 }} />
        <Switch checkedChildren="上班" unCheckedChildren="放假" checked={row.workday} onChange={(workday) => setRow({ ...row, workday })} />
        <Button disabled={!row.date || !row.name.trim() || !!rowError} onClick={add}>
          添加
        </Button>
        {rowError ? <Typography.Text type="danger">{rowError}</Typography.Text> : null}
      </Space>
      <Table<Holiday>
        rowKey="date"
        size="small"
        loading={holidays.isFetching}
        dataSource={rows}
        pagination={{ pageSize: 10, showSizeChanger: false }}
        columns={[
          { title: '日期', dataIndex: 'date' },
          { title: '名称', dataIndex: 'name' },
          { title: '类型', dataIndex: 'workday', render: (w: boolean) => (w ? <Tag color="blue">调休上班</Tag> : <Tag color="green">放假</Tag>) },
          { title: '操作', key: 'op', render: (_: unknown, h: Holiday) => <Button type="link" size="small" onClick={() => setDraft(rows.filter((x) => x.date !== h.date))}>删除</Button> },
        ]}
      />
    </Card>
  );
}

/** 流程定义: deployed processes and versions with their running instances, deploy, view XML; the holiday calendar. */
export function ProcessPage() {
  const definitions = useDefinitions();
  const [deploying, setDeploying] = useState(false);
  const [viewing, setViewing] = useState<{ key: string; version: number } | null>(null);
  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="middle">
      <Card title="流程定义" size="small" extra={<Button type="primary" onClick={() => setDeploying(true)}>发布新版本</Button>}>
        {definitions.isError ? (
          <QueryError query={definitions} title="流程定义加载失败" />
        ) : (
          <Table<ProcessDefinition>
            rowKey={(d) => `${d.key}@${d.version}`}
            size="small"
            loading={definitions.isFetching}
            dataSource={definitions.data?.items ?? []}
            pagination={{ pageSize: 20, showSizeChanger: false }}
            columns={[
              { title: '流程标识', dataIndex: 'key' },
              { title: '名称', dataIndex: 'name' },
              { title: '版本', dataIndex: 'version', render: (v: number) => `第 ${v} 版` },
              { title: '进行中', dataIndex: 'running' },
              { title: '发布人', dataIndex: 'deployedBy' },
              { title: '发布时间', dataIndex: 'deployedAt', render: (at: string) => formatTime(at) },
              { title: '操作', key: 'op', render: (_: unknown, d: ProcessDefinition) => <Button type="link" size="small" onClick={() => setViewing({ key: d.key, version: d.version })}>查看 XML</Button> },
            ]}
          />
        )}
      </Card>
      <HolidayEditor />
      <DeployDialog open={deploying} onClose={() => setDeploying(false)} />
      <XmlDialog target={viewing} onClose={() => setViewing(null)} />
    </Space>
  );
}
