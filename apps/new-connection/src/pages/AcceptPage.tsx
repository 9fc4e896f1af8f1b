import { useMemo, useRef, useState } from 'react';
import { App, Button, Card, Col, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { CAPACITY_RANGES, CATEGORY_ELEC_TYPES, CATEGORY_VOLTAGES, CERT_TYPES, CONNECTION_CATEGORIES, createApplicationRequestSchema, type ConnectionCategory, type CreateApplicationRequest } from '@wb/contracts/connection';
import { ELEC_TYPES, ResponseError, VOLTAGE_LEVELS } from '@wb/contracts';
import { useFormName, useLeaveGuard, useNavigate, useSession, useWorkbench } from '@wb/sdk/react';
import { useCreateApplication } from '../api/connection.ts';
import { issuesToFields } from '../format.ts';
import { detailPath } from '../routes.ts';

type FormValues = Partial<CreateApplicationRequest>;

const newKey = (): string => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;

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

/** 受理登记 (一证受理): one certificate, the address, capacity, category and a contact are enough to start. */
export function AcceptPage() {
  const [form] = Form.useForm<FormValues>();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { basePath } = useWorkbench();
  // Unique per instance: antd derives the inputs' ids (and the labels' `for`) from it.
  const formName = useFormName('accept');
  const stations = useStations();
  const create = useCreateApplication();
  const [dirty, setDirty] = useState(false);
  const idempotencyKey = useRef(newKey());
  const release = useLeaveGuard(dirty);
  const category = Form.useWatch('category', form) as ConnectionCategory | undefined;
  const range = category ? CAPACITY_RANGES[category] : undefined;

  const submit = async (): Promise<void> => {
    const values = form.getFieldsValue(true) as FormValues;
    const parsed = createApplicationRequestSchema.safeParse({ dualSource: false, ...values });
    form.setFields(Object.keys(values).map((name) => ({ name, errors: [] })));
    if (!parsed.success) {
      const fields = issuesToFields(parsed.error.issues);
      form.setFields(Object.entries(fields).map(([name, error]) => ({ name, errors: [error] })));
      void message.error('请按提示修改受理信息');
      return;
    }
    try {
      const detail = await create.mutateAsync({ body: parsed.data, idempotencyKey: idempotencyKey.current });
      release();
      setDirty(false);
      idempotencyKey.current = newKey();
      form.resetFields();
      void message.success(`受理成功，申请编号 ${detail.appNo}`);
      navigate(detailPath(basePath, detail.appNo));
    } catch (error) {
      if (error instanceof ResponseError) {
        const fields = error.fields ?? {};
        form.setFields(Object.entries(fields).map(([name, e]) => ({ name, errors: [e] })));
        void message.error(error.message);
      } else {
        void message.error('受理失败，请稍后重试');
      }
    }
  };

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
        form={form}
        layout="vertical"
        name={formName}
        initialValues={{ category: '低压居民', certType: 'ID_CARD', elecType: '100', voltageCode: 'AC00022', dualSource: false, orgUnitCode: stations[0]?.value }}
        onValuesChange={() => setDirty(true)}
        onFinish={() => void submit()}
      >
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item label="用电类别" name="category" required>
              <Select options={CONNECTION_CATEGORIES.map((c) => ({ value: c, label: c }))} onChange={onCategory} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="用电性质" name="elecType" required>
              <Select options={(category ? CATEGORY_ELEC_TYPES[category] : []).map((c) => ({ value: c, label: ELEC_TYPES[c as keyof typeof ELEC_TYPES] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="电压等级" name="voltageCode" required>
              <Select options={(category ? CATEGORY_VOLTAGES[category] : []).map((c) => ({ value: c, label: VOLTAGE_LEVELS[c as keyof typeof VOLTAGE_LEVELS] }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="证件类型" name="certType" required>
              <Select options={Object.entries(CERT_TYPES).map(([value, label]) => ({ value, label }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="证件号码" name="certNo" required>
              <Input maxLength={18} placeholder="18 位证件号码" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="户名" name="consName" required>
              <Input maxLength={64} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item label="用电地址" name="address" required>
              <Input maxLength={128} placeholder="县（区）乡镇街道门牌号" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="供电单位" name="orgUnitCode" required>
              <Select options={stations} placeholder="请选择供电所" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label={`申请容量${range ? `（${range.min}–${range.max} ${range.unit}）` : ''}`} htmlFor={`${formName}_applyCap`} required>
              <Space.Compact block>
                <Form.Item name="applyCap" noStyle>
                  <InputNumber id={`${formName}_applyCap`} style={{ width: '100%' }} min={0} />
                </Form.Item>
                <Space.Addon>{range?.unit ?? 'kW'}</Space.Addon>
              </Space.Compact>
            </Form.Item>
          </Col>
          {category === '高压' && (
            <Col span={8}>
              <Form.Item label="双电源" name="dualSource" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          )}
          <Col span={8}>
            <Form.Item label="联系人" name="contactName" required>
              <Input maxLength={32} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item label="联系电话" name="contactMobile" required>
              <Input maxLength={11} placeholder="11 位手机号码" />
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={create.isPending}>
          提交受理
        </Button>
      </Form>
    </Card>
  );
}
