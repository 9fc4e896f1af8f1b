import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Form, Input, Progress, Result, Row, Space, Table, Typography, Upload } from 'antd';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ResponseError } from '@wb/contracts';
import { importJobSchema } from '@wb/contracts/iam-admin';
import type { ImportIssue, ImportJob } from '@wb/contracts/iam-admin';
import { useEffect, useState } from 'react';
import { useWorkbench } from '@wb/sdk/react';
import { iamKeys, useIamClient } from '../api/queries.ts';
import { importPercent, importStatusText, toBase64 } from '../importJob.ts';

/** The largest workbook accepted (the server takes ~7.5 MB of xlsx; 5,000 lines are about 120 KB). */
const MAX_BYTES = 7 * 1024 * 1024;

function IssueTable({ issues }: { issues: ImportIssue[] }) {
  return (
    <Table<ImportIssue>
      size="small"
      rowKey={(i) => `${i.sheet}-${i.row}-${i.message}`}
      dataSource={issues}
      pagination={issues.length > 20 ? { pageSize: 20, showTotal: (n) => `共 ${n} 条` } : false}
      columns={[
        { title: '表', dataIndex: 'sheet', width: 120 },
        { title: '行号', dataIndex: 'row', width: 90, render: (row: number) => (row > 0 ? `第 ${row} 行` : '—') },
        { title: '问题', dataIndex: 'message' },
      ]}
    />
  );
}

function JobResult({ job, onAgain }: { job: ImportJob; onAgain(): void }) {
  if (job.status === 'running') {
    return (
      <div aria-live="polite">
        <Progress percent={importPercent(job)} status="active" aria-label="导入进度" />
        <Typography.Text type="secondary">{importStatusText(job)}</Typography.Text>
      </div>
    );
  }
  if (job.status === 'succeeded') {
    const { orgUnits, users, posts } = job.counts;
    return (
      <Result
        status="success"
        title="导入完成"
        subTitle={`${job.fileName}：新增单位 ${orgUnits} 个、用户 ${users} 名、岗位任职 ${posts} 条，用时 ${(job.elapsedMs / 1000).toFixed(1)} 秒。新用户首次登录须修改初始密码。`}
        extra={<Button onClick={onAgain}>继续导入</Button>}
      />
    );
  }
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Alert
        type="error"
        showIcon
        title={`导入未完成：${job.issues.length >= 500 ? '500 多' : job.issues.length} 处问题，未写入任何数据`}
        description="请按下表的行号修改文件后重新上传（整个文件一次导入，全部通过才写入）。"
        action={<Button onClick={onAgain}>重新上传</Button>}
      />
      <IssueTable issues={job.issues} />
    </Space>
  );
}

/** 批量导入: the template, the upload with the batch's initial password, progress and the line-by-line result; exports. */
export function ImportPage() {
  const { services } = useWorkbench();
  const base = services.iam ?? '';
  const client = useIamClient();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<{ initialPassword: string }>();
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);

  const job = useQuery({
    queryKey: ['iam', 'imports', jobId],
    enabled: jobId !== null,
    queryFn: ({ signal }) => client.get(`/imports/${encodeURIComponent(jobId ?? '')}`, { schema: importJobSchema, signal }),
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 400 : false),
  });
  const succeeded = job.data?.status === 'succeeded';
  useEffect(() => {
    if (!succeeded) return;
    // Users and units changed: the other pages refetch when shown.
    void queryClient.invalidateQueries({ queryKey: iamKeys.users });
    void queryClient.invalidateQueries({ queryKey: iamKeys.orgUnits });
  }, [succeeded, queryClient]);

  const start = useMutation({
    mutationFn: async ({ initialPassword }: { initialPassword: string }) => {
      if (!file) throw new Error('no file');
      const content = await toBase64(file);
      return client.post('/imports', { fileName: file.name, content, initialPassword }, { schema: importJobSchema });
    },
    onSuccess: (started) => {
      queryClient.setQueryData(['iam', 'imports', started.id], started);
      setJobId(started.id);
    },
    onError: (error) => {
      const fields = error instanceof ResponseError ? error.fields : undefined;
      const message = error instanceof ResponseError ? error.message : '上传失败，请重试';
      if (fields?.initialPassword) form.setFields([{ name: 'initialPassword', errors: [fields.initialPassword] }]);
      else setFileError(message);
    },
  });

  const again = () => {
    setJobId(null);
    setFile(null);
    start.reset();
  };
  const busy = start.isPending || job.data?.status === 'running';

  return (
    <Row gutter={16}>
      <Col xs={24} xl={16}>
        <Card title="批量导入单位、用户与岗位任职" size="small">
          {jobId && job.data ? (
            <JobResult job={job.data} onAgain={again} />
          ) : (
            <Form form={form} layout="vertical" onFinish={(values) => {
              if (!file) {
                setFileError('请选择要导入的 Excel 文件');
                return;
              }
              start.mutate(values);
            }}>
              <Form.Item label="Excel 文件" required validateStatus={fileError ? 'error' : undefined} help={fileError ?? '按模板填写的 .xlsx 文件；一次最多约 7 MB（5,000 行约 120 KB）。'}>
                <Upload.Dragger
                  accept=".xlsx"
                  maxCount={1}
                  fileList={file ? [{ uid: '1', name: file.name, status: 'done', size: file.size }] : []}
                  beforeUpload={(picked) => {
                    setFileError(null);
                    if (!picked.name.toLowerCase().endsWith('.xlsx')) setFileError('请选择 .xlsx 格式的 Excel 文件（可先下载模板）');
                    else if (picked.size > MAX_BYTES) setFileError('文件超过 7 MB，请分批导入');
                    else setFile(picked);
                    return false;
                  }}
                  onRemove={() => setFile(null)}
                  disabled={busy}
                >
                  <p className="ant-upload-drag-icon">
                    <InboxOutlined aria-hidden />
                  </p>
                  <p className="ant-upload-text">点击或拖拽 Excel 文件到此处</p>
                </Upload.Dragger>
              </Form.Item>
              <Form.Item
                label="新用户初始密码"
                name="initialPassword"
                rules={[{ required: true, message: '请输入初始密码' }]}
                extra="本次导入的新用户都使用这个初始密码，首次登录时必须修改；须符合密码策略。已有用户的密码不变。"
              >
                <Input.Password autoComplete="new-password" style={{ maxWidth: 360 }} />
              </Form.Item>
              <Space>
                <Button type="primary" htmlType="submit" loading={busy}>
                  开始导入
                </Button>
                {start.isPending && <Typography.Text type="secondary">正在上传…</Typography.Text>}
              </Space>
            </Form>
          )}
          {job.isError && <Alert type="error" showIcon title="导入进度获取失败" description={job.error.message} style={{ marginTop: 16 }} />}
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Card title="模板与导出" size="small">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              模板含“单位”“用户”“岗位任职”三张表和填写说明（含可用的岗位编码）。整个文件一次导入，有一行出错则全部不导入。
            </Typography.Paragraph>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
              岗位任职的开始、结束时间按北京时间，可填到分钟（YYYY-MM-DD HH:mm）；只填日期时，结束日期当天 23:59:59 后失效。
            </Typography.Paragraph>
            <Button icon={<DownloadOutlined aria-hidden />} href={`${base}/import/template`} download>
              下载导入模板
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} href={`${base}/export/users`} download>
              导出用户清单
            </Button>
            <Button icon={<DownloadOutlined aria-hidden />} href={`${base}/export/grants`} download>
              导出角色授权
            </Button>
          </Space>
        </Card>
      </Col>
    </Row>
  );
}
