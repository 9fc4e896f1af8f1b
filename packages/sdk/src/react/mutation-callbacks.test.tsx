/**
 * Why the apps await `mutateAsync` (ADR 0069): TanStack Query calls `mutate`'s per-call callbacks only while the
 * component that called it is mounted. A dialog closed (or a row gone, a tab switched) before the answer loses
 * them: the success message or the navigation silently never happens. An awaited `mutateAsync` — in a handler or
 * through useWorkbenchForm's `submit` — goes on after the unmount. The hook's own callbacks run either way.
 */
import { act, fireEvent, screen } from '@testing-library/react';
import { useMutation } from '@tanstack/react-query';
import { Button, Form, Input } from 'antd';
import type { ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { renderMicroApp } from '../testing/index.ts';
import { useWorkbenchForm } from './index.ts';

/** A write whose answer the test releases. */
function deferred() {
  let resolve!: (value: { no: string }) => void;
  const promise = new Promise<{ no: string }>((r) => (resolve = r));
  return { promise, resolve };
}

type Pattern = 'mutate-callbacks' | 'await-mutateAsync';

function Dialog({ pattern, write, told }: { pattern: Pattern; write: () => Promise<{ no: string }>; told: string[] }) {
  const mutation = useMutation({ mutationFn: write, onSuccess: () => void told.push('hook onSuccess') });
  const save = async (): Promise<void> => {
    if (pattern === 'mutate-callbacks') {
      // eslint-disable-next-line no-restricted-syntax -- the pattern the apps left, shown losing its callback
      mutation.mutate(undefined, { onSuccess: (r) => void told.push(`saved ${r.no}`) });
      return;
    }
    const r = await mutation.mutateAsync();
    told.push(`saved ${r.no}`);
  };
  return <Button onClick={() => void save()}>保存申请</Button>;
}

const bodySchema = z.strictObject({ name: z.string().min(1, '请填写名称') });

function FormDialog({ write, told }: { write: () => Promise<{ no: string }>; told: string[] }) {
  const mutation = useMutation({ mutationFn: write });
  const wf = useWorkbenchForm({ schema: bodySchema, name: 'dialog', submit: () => mutation.mutateAsync(), onSuccess: (r) => void told.push(`saved ${r.no}`) });
  return (
    <Form {...wf.formProps}>
      <Form.Item label="名称" {...wf.field('name')}>
        <Input />
      </Form.Item>
      <Button htmlType="submit">保存申请</Button>
    </Form>
  );
}

/** Opens the dialog, saves, closes the dialog while the write is pending, then lets the write answer. */
async function closeBeforeTheAnswer(dialog: (write: () => Promise<{ no: string }>, told: string[]) => ReactElement, fillIn = false): Promise<string[]> {
  const told: string[] = [];
  const pending = deferred();
  let started = false;
  const write = (): Promise<{ no: string }> => {
    started = true;
    return pending.promise;
  };
  const Host = ({ open }: { open: boolean }) => (open ? dialog(write, told) : <span>已关闭</span>);
  const view = renderMicroApp(<Host open />);
  if (fillIn) fireEvent.change(screen.getByLabelText('名称'), { target: { value: '甲' } });
  fireEvent.click(screen.getByRole('button', { name: '保存申请' }));
  await expect.poll(() => started).toBe(true);
  view.rerender(<Host open={false} />);
  expect(screen.getByText('已关闭')).toBeTruthy();
  await act(async () => {
    pending.resolve({ no: 'A1' });
    await pending.promise;
  });
  // The mutation has its answer: per-call callbacks run in the same step as this state change, or never.
  await expect.poll(() => view.queryClient.getMutationCache().getAll()[0]?.state.status).toBe('success');
  return told;
}

describe('a write answered after its dialog closed', () => {
  it('loses mutate’s per-call onSuccess (the old pattern); the hook’s own onSuccess still runs', async () => {
    const told = await closeBeforeTheAnswer((write, t) => <Dialog pattern="mutate-callbacks" write={write} told={t} />);
    expect(told).toEqual(['hook onSuccess']);
  });

  it('goes on after an awaited mutateAsync (the pattern of the apps)', async () => {
    const told = await closeBeforeTheAnswer((write, t) => <Dialog pattern="await-mutateAsync" write={write} told={t} />);
    await expect.poll(() => told).toEqual(['hook onSuccess', 'saved A1']);
  });

  it('goes on through useWorkbenchForm, whose submit awaits mutateAsync', async () => {
    const told = await closeBeforeTheAnswer((write, t) => <FormDialog write={write} told={t} />, true);
    await expect.poll(() => told).toEqual(['saved A1']);
  });
});
