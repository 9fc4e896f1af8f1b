import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import type { FormInstance } from 'antd';
import { CAPACITY_RANGES, CATEGORY_ELEC_TYPES, CATEGORY_VOLTAGES, CERT_TYPES, CONNECTION_CATEGORIES, createApplicationRequestSchema, type ConnectionCategory, type CreateApplicationRequest } from '@wb/contracts/connection';
import { ELEC_TYPES, VOLTAGE_LEVELS } from '@wb/contracts';
import { Link, dropEmpty, useNavigate, useSession, useWorkbench, useWorkbenchForm } from '@wb/sdk/react';
import { useApplications, useCreateApplication, useDuplicateCheck } from '../api/connection.ts';
import { uploadAttachment, useConnectionClient } from '../api/attachments.ts';
import { AttachmentPicker } from '../components/Attachments/AttachmentPicker.tsx';
import { detailPath, detailRoute } from '../routes.ts';

type FormValues = Partial<CreateApplicationRequest>;

/** 供电所 the user can accept for: the 9-digit org units of their posts, the active post's first. */
function useStations(): Array<{ value: string; label: string }> {
  const session = useSession();
  return useMemo(() => {
    const posts = [...(session.activePost ? [session.activePost] : []), ...session.posts];
    const seen = new Map<string, string>();
    for (const p of posts) if (/^\d{9}$/.test(p.orgUnitCode) && !seen.has(p.orgUnitCode)) seen.set(p.orgUnitCode, p.orgUnitName);
    return [...seen].map(([value, label]) => ({ value, label }));
  }, [session]);
}

const CERT_NO = /^[0-9A-Z]{15,18}$/;
const sameAddress = (a: string, b: string): boolean => a.replace(/\s+/g, '') === b.replace(/\s+/g, '');

/**
 * A customer already on file at the typed address (same 证件 archived there, or the same 户名): linked to 客户档案
 * (issue 17). A warning, not a block: a second meter at one address is legitimate.
 */
function CustomerOnFileWarning({ certNo, consName, address }: { certNo: string; consName: string; address: string }) {
  const check = useDuplicateCheck({ certNo, consName, address });
  const { navigate, basePath } = useWorkbench();
  // 客户档案 is another app: an absolute path below the same channel prefix as this app's.
  const channel = basePath.replace(/\/app\/[^/]+$/, '');
  const customers = check.data?.customers ?? [];
  if (customers.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="customer-on-file-warning"
      title="此用电地址已有该客户的档案，请核实是否为新装（增户）还是应办理增容、过户等业务"
      description={
        <Space orientation="vertical" size={0}>
          {customers.map((c) => {
            const href = `${channel}/app/customer-archive/customers/${c.consNo}`;
            return (
              <span key={c.consNo}>
                <a
                  href={href}
                  onClick={(event) => {
                    event.preventDefault();
                    navigate(href);
                  }}
                >
                  {c.consNo}
                </a>{' '}
                {c.name} · {c.address}
              </span>
            );
          })}
        </Space>
      }
    />
  );
}

/**
 * The same 证件 already has applications in flight (in the user's data scope): listed with a link, those at the
 * typed address first. A warning, not a block: one customer may apply for a second address.
 */
function DuplicateWarning({ certNo, address }: { certNo: string; address: string }) {
  const enabled = CERT_NO.test(certNo);
  const list = useApplications({ certNo: enabled ? certNo : undefined, openOnly: 'true', page: 1, pageSize: 5 });
  if (!enabled || !list.data || list.isPlaceholderData || list.data.items.length === 0) return null;
  const items = [...list.data.items].sort((a, b) => Number(sameAddress(b.address, address)) - Number(sameAddress(a.address, address)));
  const atAddress = address.trim().length > 0 && items.some((a) => sameAddress(a.address, address));
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="duplicate-warning"
      title={atAddress ? '该证件在此用电地址已有在途申请，请核实是否重复受理' : '该证件已有在途申请，请核实是否重复受理'}
      description={
        <Space orientation="vertical" size={0}>
          {items.map((a) => (
            <span key={a.appNo}>
              <Link to={detailRoute(a.appNo)}>{a.appNo}</Link> {a.consName} · {a.address} · {a.nodeName}
            </span>
          ))}
        </Space>
      }
    />
  );
}

/** 证件 and 产权证明 chosen on the form (issue 17): sent once the application is registered. */
type Documents = { ID_DOC: File[]; PROPERTY_PROOF: File[] };

/**
 * Sends the chosen documents to the new application, one by one. A refusal does not undo the registration: the
 * clerk is told which files did not go, and adds them on the application's page (受理 stays open for them there).
 */
function useSendDocuments(): (appNo: string, documents: Documents) => Promise<void> {
  const client = useConnectionClient();
  const { message } = App.useApp();
  return async (appNo, documents) => {
    const failed: string[] = [];
    for (const kind of ['ID_DOC', 'PROPERTY_PROOF'] as const) {
      for (const file of documents[kind]) {
        try {
          await uploadAttachment(client, appNo, kind, file);
        } catch (error) {
          failed.push(`「${file.name}」${error instanceof Error ? `：${error.message}` : ''}`);
        }
      }
    }
    if (failed.length > 0) void message.warning(`申请已受理，以下附件未能上传，请在申请详情中补传：${failed.join('；')}`, 8);
  };
}

/** 受理登记 (一证受理): one certificate, the address, capacity, category and a contact are enough to start. */
export function AcceptPage() {
  const navigate = useNavigate();
  const { basePath } = useWorkbench();
  const { message } = App.useApp();
  const stations = useStations();
  const create = useCreateApplication();
  const [documents, setDocuments] = useState<Documents>({ ID_DOC: [], PROPERTY_PROOF: [] });
  const sendDocuments = useSendDocuments();
  const wf = useWorkbenchForm({
    name: 'accept',
    schema: createApplicationRequestSchema,
    prepare: (values) => ({ dualSource: false, ...dropEmpty(values) }),
    submit: async (body, { idempotencyKey }) => {
      const detail = await create.mutateAsync({ body, idempotencyKey });
      await sendDocuments(detail.appNo, documents);
      return detail;
    },
    invalidMessage: '请按提示修改受理信息',
    successMessage: (detail) => `受理成功，申请编号 ${detail.appNo}`,
    onSuccess: (detail) => navigate(detailPath(basePath, detail.appNo)),
  });
  const form = wf.form as FormInstance<FormValues>;
  // Unique per instance: antd derives the inputs' ids (and the labels' `for`) from it.
  const formName = wf.formProps.name;
  const category = Form.useWatch('category', form) as ConnectionCategory | undefined;
  const range = category ? CAPACITY_RANGES[category] : undefined;
  const certNo = ((Form.useWatch('certNo', form) as string | undefined) ?? '').trim().toUpperCase();
  const address = (Form.useWatch('address', form) as string | undefined) ?? '';
  const consName = ((Form.useWatch('consName', form) as string | undefined) ?? '').trim();

  const onCategory = (value: ConnectionCategory): void => {
    form.setFieldsValue({
      elecType: CATEGORY_ELEC_TYPES[value][0],
      voltageCode: CATEGORY_VOLTAGES[value][0],
      certType: value === '低压居民' ? 'ID_CARD' : 'USCC',
      dualSource: false,
    });
  };

  return (
    <Card title="受理登记（一证受理）">
      <Form
        {...wf.formProps}
        layout="vertical"
        initialValues={{ category: '低压居民', certType: 'ID_CARD', elecType: '100', voltageCode: 'AC00022', dualSource: false, orgUnitCode: stations[0]?.value }}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label="用电类别" {...wf.field('category')}>
              <Select options={CONNECTION_CATEGORIES.map((c) => ({ value: c, label: c }))} onChange={onCategory} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="用电性质" {...wf.field('elecType')}>
              <Select options={(category ? CATEGORY_ELEC_TYPES[category] : []).map((c) => ({ value: c, label: ELEC_TYPES[c as keyof typeof ELEC_TYPES] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="电压等级" {...wf.field('voltageCode')}>
              <Select options={(category ? CATEGORY_VOLTAGES[category] : []).map((c) => ({ value: c, label: VOLTAGE_LEVELS[c as keyof typeof VOLTAGE_LEVELS] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="证件类型" {...wf.field('certType')}>
              <Select options={Object.entries(CERT_TYPES).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="证件号码" {...wf.field('certNo')}>
              <Input maxLength={18} placeholder="18 位证件号码" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="户名" {...wf.field('consName')}>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="用电地址" {...wf.field('address')}>
              <Input maxLength={128} placeholder="县（区）乡镇街道门牌号" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="供电单位" {...wf.field('orgUnitCode')}>
              <Select options={stations} placeholder="请选择供电所" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={`申请容量${range ? `（${range.min}–${range.max} ${range.unit}）` : ''}`} htmlFor={`${formName}_applyCap`} required>
              <Space.Compact block>
                <Form.Item noStyle {...wf.field('applyCap')}>
                  <InputNumber id={`${formName}_applyCap`} style={{ width: '100%' }} min={0} />
                </Form.Item>
                <Space.Addon>{range?.unit ?? 'kW'}</Space.Addon>
              </Space.Compact>
            </Form.Item>
          </Col>
          {category === '高压' && (
            <Col span={8}>
              <Form.Item label="双电源" {...wf.field('dualSource')} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item label="联系人" {...wf.field('contactName')}>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="联系电话" {...wf.field('contactMobile')}>
              <Input maxLength={11} placeholder="11 位手机号码" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="证件（JPG、PNG 或 PDF，每个不超过 10 MB）" htmlFor={`${formName}_idDocs`}>
              <AttachmentPicker id={`${formName}_idDocs`} label="选择证件" value={documents.ID_DOC} onChange={(files) => setDocuments((d) => ({ ...d, ID_DOC: files }))} onProblem={(p) => void message.error(p)} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item label="产权证明（房产证、租赁合同等）" htmlFor={`${formName}_propertyDocs`}>
              <AttachmentPicker id={`${formName}_propertyDocs`} label="选择产权证明" value={documents.PROPERTY_PROOF} onChange={(files) => setDocuments((d) => ({ ...d, PROPERTY_PROOF: files }))} onProblem={(p) => void message.error(p)} />
            </Form.Item>
          </Col>
        </Row>
        <DuplicateWarning certNo={certNo} address={address} />
        <CustomerOnFileWarning certNo={certNo} consName={consName} address={address} />
        <Button type="primary" htmlType="submit" loading={wf.submitting}>
          提交受理
        </Button>
      </Form>
    </Card>
  );
}
