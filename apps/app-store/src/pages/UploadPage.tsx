import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Table, Typography, Upload } from 'antd';
import { ResponseError } from '@wb/contracts';
import type { PublishResponse } from '@wb/contracts/appstore';
import { Link } from '@wb/sdk/react';
import { useState } from 'react';
import { usePublish, useSubmitVersion } from '../api/queries.ts';
import { FormatTag, VersionStatusTag } from '../components/StatusTag.tsx';
import { formatSize } from '../labels.ts';
import { useReportDirty } from '../leaveGuard.tsx';

/** The server refuses bundles above its budget anyway; this only spares a pointless upload. */
const MAX_ARCHIVE_BYTES = 20 * 1024 * 1024;

interface Picked {
  name: string;
  size: number;
  bytes: ArrayBuffer;
}

function errorText(error: unknown): string {
  return error instanceof ResponseError ? error.message : '上传失败，请稍后重试';
}

function Layout() {
  return (
    <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
      应用包是构建产物的 zip 压缩包：根目录（或唯一的顶层文件夹，例如 <Typography.Text code>dist/</Typography.Text>）中必须有
      <Typography.Text code>manifest.json</Typography.Text>，以及清单 <Typography.Text code>entry</Typography.Text> 指向的入口文件
      （如 <Typography.Text code>main.js</Typography.Text>）和其余静态资源。上传后生成“草稿”版本，平台会校验清单、共享依赖版本范围、
      声明的服务、体积预算、模块格式（ES 模块或 System.register）、入口导出的 bootstrap/mount/unmount 以及每个 import（只能引用包内文件或平台共享模块，
      见“平台信息”），并为每个文件计算 SHA-384 完整性摘要；同一版本号只能对应一份内容。清单中没有 <Typography.Text code>access</Typography.Text> 的应用只有平台管理员可见。
      确认无误后提交审核，由其他人审核通过后发布。
    </Typography.Paragraph>
  );
}

/** 上传应用: pick a zip, upload it as a new DRAFT version, see what the platform stored, then submit it for review. */
export function UploadPage() {
  const { message } = App.useApp();
  const publish = usePublish();
  const submit = useSubmitVersion();
  const [picked, setPicked] = useState<Picked | null>(null);
  const [pickError, setPickError] = useState<string | null>(null);
  const [result, setResult] = useState<PublishResponse | null>(null);
  const [submitted, setSubmitted] = useState(false);
  // A picked archive not uploaded yet is input the user would lose by leaving (R5); once uploaded it is a
  // stored DRAFT version, nothing is lost.
  useReportDirty('upload', picked !== null && result === null);

  const pick = async (file: File) => {
    publish.reset();
    submit.reset();
    setResult(null);
    setSubmitted(false);
    if (!file.name.toLowerCase().endsWith('.zip')) {
      setPicked(null);
      setPickError('请选择 .zip 格式的应用包');
      return;
    }
    if (file.size > MAX_ARCHIVE_BYTES) {
      setPicked(null);
      setPickError(`应用包 ${formatSize(file.size)}，超过上传上限 ${formatSize(MAX_ARCHIVE_BYTES)}`);
      return;
    }
    setPickError(null);
    setPicked({ name: file.name, size: file.size, bytes: await file.arrayBuffer() });
  };

  const upload = async () => {
    if (!picked) return;
    try {
      setResult(await publish.mutateAsync(picked.bytes));
    } catch {
      // Shown below from publish.error.
    }
  };

  const submitForReview = async () => {
    if (!result) return;
    try {
      await submit.mutateAsync({ appId: result.appId, version: result.version });
      setSubmitted(true);
      void message.success(`已提交审核：${result.appId} ${result.version}`);
    } catch {
      // Shown below from submit.error.
    }
  };

  return (
    <>
      <Layout />
      <Upload.Dragger
        accept=".zip,application/zip"
        multiple={false}
        showUploadList={false}
        beforeUpload={(file) => {
          void pick(file);
          return false;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined aria-hidden />
        </p>
        <p className="ant-upload-text">点击或拖拽应用包（.zip）到此处</p>
        <p className="ant-upload-hint">{picked ? `已选择：${picked.name}（${formatSize(picked.size)}）` : '一次上传一个版本'}</p>
      </Upload.Dragger>
      {pickError && <Alert style={{ marginTop: 16 }} type="error" showIcon title={pickError} />}
      <Space style={{ marginTop: 16 }}>
        <Button type="primary" disabled={!picked} loading={publish.isPending} onClick={() => void upload()}>
          上传
        </Button>
      </Space>
      {publish.isError && (
        <Alert style={{ marginTop: 16 }} type="error" showIcon title="应用包未被接受" description={errorText(publish.error)} />
      )}
      {result && (
        <Card
          style={{ marginTop: 16 }}
          title={result.created ? '上传成功' : '该版本已存在，内容相同，未重复保存'}
          extra={
            <Link to={`/admin/apps/${encodeURIComponent(result.appId)}`}>查看应用详情</Link>
          }
        >
          <Descriptions size="small" column={2} style={{ marginBottom: 16 }}>
            <Descriptions.Item label="应用">{result.appId}</Descriptions.Item>
            <Descriptions.Item label="版本">{result.version}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <VersionStatusTag status={submitted ? 'IN_REVIEW' : result.status} />
            </Descriptions.Item>
            <Descriptions.Item label="模块格式">
              <FormatTag format={result.format} />
            </Descriptions.Item>
            <Descriptions.Item label="总大小">{formatSize(result.files.reduce((n, f) => n + f.size, 0))}</Descriptions.Item>
            <Descriptions.Item label="内容摘要" span={2}>
              <Typography.Text code copyable>
                {result.digest}
              </Typography.Text>
            </Descriptions.Item>
          </Descriptions>
          {result.warnings.map((w) => (
            <Alert key={w.code} data-testid={`upload-warning-${w.code}`} style={{ marginBottom: 16 }} type="warning" showIcon title={w.message} />
          ))}
          <Table
            rowKey="path"
            size="small"
            pagination={false}
            dataSource={result.files}
            columns={[
              { title: '文件', dataIndex: 'path' },
              { title: '大小', dataIndex: 'size', render: (n: number) => formatSize(n) },
              { title: '完整性摘要（SHA-384）', dataIndex: 'integrity', render: (i: string) => <Typography.Text code style={{ fontSize: 12 }}>{i}</Typography.Text> },
            ]}
          />
          {result.status === 'DRAFT' && !submitted && (
            <Button style={{ marginTop: 16 }} type="primary" loading={submit.isPending} onClick={() => void submitForReview()}>
              提交审核
            </Button>
          )}
          {submitted && <Alert style={{ marginTop: 16 }} type="success" showIcon title="已提交审核，等待审核员处理" />}
          {submit.isError && <Alert style={{ marginTop: 16 }} type="error" showIcon title="提交审核失败" description={errorText(submit.error)} />}
        </Card>
      )}
    </>
  );
}
