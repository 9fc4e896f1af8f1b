import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Alert, Button, Form, Input, InputNumber } from 'antd';
import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ResponseError } from '@wb/contracts';
import { createTestLeaveGuards, renderMicroApp } from '../testing/index.ts';
import type { TestWorkbenchPropsOverrides } from '../testing/index.ts';
import { schemaFields, useWorkbenchForm } from './index.ts';
import type { SubmitContext } from './index.ts';

const bodySchema = z
  .strictObject({
    consName: z.string({ error: '请填写户名' }).trim().min(2, '户名至少 2 个字'),
    applyCap: z.number({ error: '请填写申请容量' }).positive('申请容量须大于 0'),
    remark: z.string().max(20, '备注最多 20 个字').optional(),
  })
  .refine((b) => b.consName !== '测试', { path: ['consName'], message: '户名不能是“测试”' });

type Body = z.output<typeof bodySchema>;

function TestForm({ submit, onConflict }: { submit: (body: Body, context: SubmitContext) => Promise<{ no: string }>; onConflict?: () => void }) {
  const wf = useWorkbenchForm({ schema: bodySchema, submit, name: 'test', successMessage: (r) => `已保存 ${r.no}`, onConflict });
  return (
    <Form {...wf.formProps} layout="vertical">
      {wf.error ? <Alert type="error" title={wf.error} /> : null}
      <Form.Item label="户名" {...wf.field('consName')}>
        <Input />
      </Form.Item>
      <Form.Item label="申请容量" {...wf.field('applyCap')}>
        <InputNumber />
      </Form.Item>
      <Form.Item label="备注" {...wf.field('remark')}>
        <Input />
      </Form.Item>
      <Button htmlType="submit" loading={wf.submitting}>
        保存申请
      </Button>
      <span data-testid="dirty">{String(wf.dirty)}</span>
    </Form>
  );
}

const save = (): Promise<void> => userEvent.click(screen.getByRole('button', { name: '保存申请' }));

const fill = (label: string, value: string): void => {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
};

describe('useWorkbenchForm', () => {
  it('finds the fields of a refined object schema and marks the required ones', () => {
    expect(Object.keys(schemaFields(bodySchema))).toEqual(['consName', 'applyCap', 'remark']);
    renderMicroApp(<TestForm submit={vi.fn()} />);
    const marks = Array.from(document.querySelectorAll('.ant-form-item-required')).map((el) => el.textContent);
    expect(marks).toEqual(['户名', '申请容量']);
  });

  it('shows the contract messages under the inputs and sends nothing while the input is invalid', async () => {
    const submit = vi.fn();
    renderMicroApp(<TestForm submit={submit} />);
    await save();
    expect(await screen.findByText('请填写户名')).toBeTruthy();
    expect(screen.getByText('请填写申请容量')).toBeTruthy();
    // The whole-body check (a refinement) runs too, once each field passes its own rule.
    fill('户名', '测试');
    fill('申请容量', '5');
    await save();
    expect(await screen.findByText('户名不能是“测试”')).toBeTruthy();
    expect(submit).not.toHaveBeenCalled();
  });

  it('sends the parsed body with one idempotency key per attempt, a new one after a success', async () => {
    const keys: string[] = [];
    const submit = vi.fn(async (body: Body, context: SubmitContext) => {
      keys.push(context.idempotencyKey);
      if (keys.length === 1) throw new Error('network');
      return { no: 'YK1' };
    });
    renderMicroApp(<TestForm submit={submit} />);
    fill('户名', '  张三 ');
    fill('申请容量', '8');
    await save();
    await waitFor(() => expect(document.querySelector('.ant-alert')?.textContent).toContain('提交失败，请稍后重试'));
    await save();
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(2));
    expect(submit.mock.calls[1]?.[0]).toEqual({ consName: '张三', applyCap: 8 });
    expect(keys[0]).toBe(keys[1]);
    // A success clears the form (create forms start over) and the next attempt gets a new key.
    await waitFor(() => expect((screen.getByLabelText('户名') as HTMLInputElement).value).toBe(''));
    fill('户名', '李四');
    fill('申请容量', '6');
    await save();
    await waitFor(() => expect(submit).toHaveBeenCalledTimes(3));
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('puts the server field errors under their inputs and the rest in the form error', async () => {
    const submit = vi.fn(async () => {
      throw new ResponseError(400, { code: 'VALIDATION', message: '请求参数有误', fields: { applyCap: '超出台区可开放容量', other: 'x' } });
    });
    renderMicroApp(<TestForm submit={submit} />);
    fill('户名', '张三');
    fill('申请容量', '800');
    await save();
    expect(await screen.findByText('超出台区可开放容量')).toBeTruthy();
    expect(document.querySelector('.ant-alert')?.textContent).toContain('请求参数有误');
  });

  it('keeps the input on a 412 and asks the caller to reload the item', async () => {
    const onConflict = vi.fn();
    const submit = vi.fn(async () => {
      throw new ResponseError(412, { code: 'PRECONDITION_FAILED', message: '该申请已被他人处理，请刷新后重试' });
    });
    renderMicroApp(<TestForm submit={submit} onConflict={onConflict} />);
    fill('户名', '张三');
    fill('申请容量', '8');
    await save();
    expect(await screen.findByText('该申请已被他人处理，请刷新后重试')).toBeTruthy();
    expect(onConflict).toHaveBeenCalledTimes(1);
    expect((screen.getByLabelText('户名') as HTMLInputElement).value).toBe('张三');
  });

  it('guards unsaved input and releases the guard after a success', async () => {
    const guards = createTestLeaveGuards();
    const submit = vi.fn(async () => ({ no: 'YK2' }));
    renderMicroApp(<TestForm submit={submit} />, { props: { leaveGuards: guards.forOwner('test') } as TestWorkbenchPropsOverrides });
    expect(guards.dirty()).toHaveLength(0);
    fill('户名', '张三');
    expect(screen.getByTestId('dirty').textContent).toBe('true');
    expect(guards.dirty()).toHaveLength(1);
    fill('申请容量', '8');
    await save();
    await waitFor(() => expect(submit).toHaveBeenCalled());
    await waitFor(() => expect(guards.dirty()).toHaveLength(0));
    expect(await screen.findByText('已保存 YK2')).toBeTruthy();
  });
});
