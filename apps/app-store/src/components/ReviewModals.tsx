import { Alert, Button, Checkbox, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { ResponseError } from '@wb/contracts';
import type { ModuleFormat } from '@wb/contracts';
import { approveRequestSchema, rejectRequestSchema } from '@wb/contracts/appstore';
import type { ApproveRelease, ApproveRequest, RolloutScope } from '@wb/contracts/appstore';
import { useDialogClose, useServiceClient, useWorkbenchForm } from '@wb/sdk/react';
import { useState, type ReactNode } from 'react';
import { SERVICE, useApproveVersion, useRejectVersion } from '../api/queries.ts';
import { POSTS } from '../labels.ts';
import { partQueries } from '../pages/PartsPage.tsx';
import { orgCodesRule } from './orgCodes.ts';

export interface ReviewTarget {
  appId: string;
  appName: string;
  version: string;
  /** Whether the app already has a current version (decides the safe default and what may be chosen). */
  hasCurrent: boolean;
  format: ModuleFormat;
}

interface RejectValues {
  reason: string;
}

/**
 * 驳回: the reason is required (2–500 characters) and goes back to the publisher with the version. On the SDK's
 * form hook (ADR 0034): the contract's rule under the input, one check before sending, server errors in place.
 */
export function RejectModal({ target, onClose }: { target: ReviewTarget | null; onClose(): void }) {
  const [form] = Form.useForm<RejectValues>();
  const reject = useRejectVersion();
  // Asks before closing with input, and guards leaving through the shell while the reason is typed.
  const { close, guardedClose } = useDialogClose(form, onClose);
  const workbench = useWorkbenchForm({
    form,
    schema: rejectRequestSchema,
    name: 'reject-version',
    guard: false,
    submit: (body) => reject.mutateAsync({ appId: target?.appId ?? '', version: target?.version ?? '', reason: body.reason }),
    successMessage: target ? `已驳回 ${target.appName} ${target.version}` : undefined,
    onSuccess: close,
  });
  return (
    <Modal
      open={target !== null}
      title={target ? `驳回 ${target.appName} ${target.version}` : '驳回'}
      okText="驳回"
      okButtonProps={{ danger: true }}
      cancelText="取消"
      confirmLoading={workbench.submitting}
      onOk={() => form.submit()}
      onCancel={guardedClose}
      destroyOnHidden
    >
      <Form {...workbench.formProps} layout="vertical" preserve={false}>
        <Form.Item
          name="reason"
          label="驳回原因"
          required
          validateFirst
          rules={[
            { required: true, whitespace: true, message: '请填写驳回原因' },
            { min: 2, message: '驳回原因至少 2 个字' },
            { max: 500, message: '驳回原因最多 500 个字' },
            ...workbench.rules('reason'),
          ]}
        >
          <Input.TextArea rows={4} placeholder="说明需要发布者修改的内容" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

interface ApproveValues {
  release: ApproveRelease;
  orgUnitCodes?: string[];
  postCodes?: string[];
  percent?: number;
  opinion?: string;
  /** 界面部件 (ADR 0037): approve although the version breaks parts that current consumers use. */
  overrideParts?: boolean;
  overrideReason?: string;
}

const RELEASE_TEXT: Record<ApproveRelease, { label: string; help: string }> = {
  published: { label: '仅发布，不设为当前版本', help: '用户仍使用当前版本；之后可在“灰度”中试点，或在版本列表中设为当前。' },
  pilot: { label: '灰度试点', help: '只有下面选中的单位、岗位或比例的用户使用该版本，其余用户仍使用当前版本。' },
  current: { label: '设为当前版本（所有可访问的用户）', help: '用户下次加载工作台即使用该版本。' },
};

/** The safe choice (server rule, ADR 0023): nothing changes for users when the app already has a current version. */
export function defaultRelease(target: Pick<ReviewTarget, 'hasCurrent'>): ApproveRelease {
  return target.hasCurrent ? 'published' : 'current';
}

function releaseOptions(target: ReviewTarget) {
  return (['published', 'pilot', 'current'] as const).map((value) => ({
    value,
    label: RELEASE_TEXT[value].label,
    // An app's first version has no current version to fall back on: only "current" serves it to anyone.
    disabled: !target.hasCurrent && value !== 'current',
  }));
}

/** Who the pilot reaches; the contract's rules (at least one of them) are checked before sending and by the server. */
function PilotFields() {
  return (
    <>
      <Form.Item name="orgUnitCodes" label="单位编码" extra="该单位及其下级单位的用户；编码见“平台信息”。" rules={[orgCodesRule]}>
        <Select mode="tags" placeholder="例如 3340101" tokenSeparators={[',', '，', ' ']} open={false} suffixIcon={null} />
      </Form.Item>
      <Form.Item name="postCodes" label="岗位">
        <Select mode="multiple" allowClear placeholder="选择岗位" options={POSTS.map((p) => ({ value: p.code, label: `${p.name}（${p.code}）` }))} />
      </Form.Item>
      <Form.Item name="percent" label="其余用户中的比例（%）">
        <InputNumber min={0} max={100} precision={0} />
      </Form.Item>
    </>
  );
}

function pilotOf(values: ApproveValues): RolloutScope | undefined {
  if (values.release !== 'pilot') return undefined;
  return { orgUnitCodes: values.orgUnitCodes ?? [], postCodes: values.postCodes ?? [], percent: values.percent ?? 0 };
}

/** Form values → the approve body the contract checks (the override travels as the call's query, not the body). */
function approveBody(values: Record<string, unknown>): ApproveRequest {
  const v = values as unknown as ApproveValues;
  const pilot = pilotOf(v);
  return { release: v.release, ...(pilot ? { pilot } : {}), opinion: typeof v.opinion === 'string' ? v.opinion : '' };
}

/**
 * 界面部件 at approval (ADR 0037): serving the version (current or pilot) re-checks its exposed parts against the
 * consumers served now. The consumers it would break are shown before the reviewer decides (from 组件管理's impact),
 * and after a refusal (409) the server's own words; the reviewer may then approve anyway with a reason, which the
 * server records as a `parts-override` event and in the platform audit.
 */
function PartsOverride({ target, serves, refusal, overriding }: { target: ReviewTarget; serves: boolean; refusal: string | null; overriding: boolean }) {
  const client = useServiceClient(SERVICE);
  const impact = useQuery({ ...partQueries.impact(client, target.appId, target.version), enabled: serves });
  const breaks = serves ? (impact.data?.breaks ?? []) : [];
  if (!serves || (breaks.length === 0 && refusal === null)) return null;
  const listed = breaks.map((b) => `「${b.consumerName}」使用的部件 ${b.part}（主版本 ${b.major}）：${b.reason}`).join('；');
  return (
    <>
      <Alert
        style={{ marginBottom: 16 }}
        type={refusal ? 'error' : 'warning'}
        showIcon
        role="alert"
        title={refusal ? '审核未通过：该版本会破坏正在使用其部件的应用' : '通过后会影响正在使用其部件的应用'}
        description={refusal ?? listed}
      />
      <Form.Item name="overrideParts" valuePropName="checked">
        <Checkbox>仍然通过：覆盖部件兼容性检查（原因和受影响的应用记入审计）</Checkbox>
      </Form.Item>
      <Form.Item
        name="overrideReason"
        label="覆盖原因"
        dependencies={['overrideParts']}
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, value: unknown) => {
              // Checked at submit whatever was rendered when: the reason is required exactly when overriding.
              const reason = typeof value === 'string' ? value.trim() : '';
              if (getFieldValue('overrideParts') === true && reason === '') throw new Error('覆盖部件兼容性检查时须填写原因');
              if (reason.length > 500) throw new Error('覆盖原因最多 500 个字');
            },
          }),
        ]}
      >
        <Input.TextArea rows={2} disabled={!overriding} placeholder="例如：已与使用方约定同日发布兼容版本" />
      </Form.Item>
    </>
  );
}

/**
 * 通过: publishes the version and applies the reviewer's explicit choice — published only, a pilot (rollout)
 * or current for everyone (issue 11 item 6). Preselected is the safe choice; nothing is ticked for the reviewer.
 * On the SDK's form hook (ADR 0034) with the contract's approve schema; the parts override per ADR 0037.
 */
export function ApproveModal({ target, onClose }: { target: ReviewTarget | null; onClose(): void }) {
  const [form] = Form.useForm<ApproveValues>();
  const approve = useApproveVersion();
  const [refusal, setRefusal] = useState<string | null>(null);
  const release = Form.useWatch('release', form);
  const overriding = Form.useWatch('overrideParts', form) === true;
  const { close, guardedClose } = useDialogClose(form, () => {
    setRefusal(null);
    onClose();
  });
  const workbench = useWorkbenchForm({
    form,
    schema: approveRequestSchema,
    prepare: approveBody,
    name: 'approve-version',
    guard: false,
    submit: async (body) => {
      const reason = form.getFieldValue('overrideParts') === true ? String(form.getFieldValue('overrideReason') ?? '').trim() : '';
      try {
        return await approve.mutateAsync({
          appId: target?.appId ?? '',
          version: target?.version ?? '',
          release: body.release ?? 'published',
          pilot: body.pilot,
          opinion: body.opinion?.trim(),
          ...(reason ? { partsOverride: reason } : {}),
        });
      } catch (error) {
        // 409 naming the consumers a served version would break: offer the override (ADR 0037).
        if (error instanceof ResponseError && error.status === 409 && error.fields?.exposes) setRefusal(error.message);
        throw error;
      }
    },
    successMessage: (_result, body) => (target ? `已通过 ${target.appName} ${target.version}：${RELEASE_TEXT[body.release ?? 'published'].label}` : ''),
    onSuccess: close,
  });
  return (
    <Modal
      open={target !== null}
      title={target ? `审核通过 ${target.appName} ${target.version}` : '审核通过'}
      okText="通过"
      cancelText="取消"
      confirmLoading={workbench.submitting}
      onOk={() => form.submit()}
      onCancel={guardedClose}
      destroyOnHidden
    >
      {target && (
        <Form
          {...workbench.formProps}
          layout="vertical"
          preserve={false}
          initialValues={{ release: defaultRelease(target), orgUnitCodes: [], postCodes: [], percent: 0, overrideParts: false }}
        >
          <Typography.Paragraph type="secondary">通过后版本状态变为“已发布”，其声明的权限登记到权限目录，管理员即可授权。请选择通过后的发布方式：</Typography.Paragraph>
          <Form.Item {...workbench.field('release')} label="发布方式" extra={release ? RELEASE_TEXT[release].help : undefined}>
            <Radio.Group options={releaseOptions(target)} style={{ display: 'flex', flexDirection: 'column', gap: 8 }} />
          </Form.Item>
          {!target.hasCurrent && <Typography.Paragraph type="secondary">这是该应用的第一个版本，只能设为当前版本。</Typography.Paragraph>}
          {release === 'pilot' && <PilotFields />}
          <PartsOverride target={target} serves={release === 'current' || release === 'pilot'} refusal={refusal} overriding={overriding} />
          <Form.Item {...workbench.field('opinion')} label="审核意见">
            <Input.TextArea rows={2} placeholder="选填" />
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}

/**
 * 通过 / 驳回 of a version in review, wherever a table lists one: `buttons(target)` for its row, and `modals`
 * (render once beside the table) for the dialogs they open.
 */
export function useReviewActions(): { buttons(target: ReviewTarget): ReactNode; modals: ReactNode } {
  const [approving, setApproving] = useState<ReviewTarget | null>(null);
  const [rejecting, setRejecting] = useState<ReviewTarget | null>(null);
  return {
    buttons: (target) => (
      <Space>
        <Button size="small" type="primary" onClick={() => setApproving(target)}>
          通过
        </Button>
        <Button size="small" danger onClick={() => setRejecting(target)}>
          驳回
        </Button>
      </Space>
    ),
    modals: (
      <>
        <ApproveModal target={approving} onClose={() => setApproving(null)} />
        <RejectModal target={rejecting} onClose={() => setRejecting(null)} />
      </>
    ),
  };
}
