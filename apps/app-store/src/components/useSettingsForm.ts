import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useLayoutEffect, useRef } from 'react';
import { ResponseError } from '@wb/contracts';
import { useWorkbenchForm } from '@wb/sdk/react';
import type { FormSchema, WorkbenchForm } from '@wb/sdk/react';
import { useStaleEditRecovery } from '../api/queries.ts';
import { useReportDirty } from '../leaveGuard.tsx';
import { useEditBase } from './useEditBase.ts';

export interface SettingsFormOptions<TOut> {
  appId: string;
  /** Names the form (input ids) and its entry in the app's leave guard. */
  guardKey: string;
  /** The latest saved values (the form's `initialValues`) and their ETag. */
  saved: unknown;
  etag: string | null;
  /** The contract's request schema: rules under the inputs and one check before sending. */
  schema: FormSchema<TOut>;
  /** Form values → the body to check; default: drop empty inputs. */
  prepare?(values: Record<string, unknown>): unknown;
  /** The write, with the If-Match the edit is based on. */
  write(body: TOut, ifMatch: string | null): Promise<unknown>;
  /** Toast after a save. */
  done: string;
}

export interface SettingsForm {
  /** The SDK form: spread `formProps` on `<Form>`, `field(name)` on items. */
  workbench: WorkbenchForm;
  /** The user has unsaved input. */
  dirty: boolean;
  /** A save was refused with 412: the form keeps the input and shows the latest state above it. */
  stale: boolean;
  /** Back to the latest saved state (重置). */
  settle(): void;
  /** For actions on the state shown (no form input): a 412 only reloads; other errors are a toast. */
  act(write: () => Promise<unknown>, done: string): Promise<void>;
}

/**
 * The app's settings forms (灰度, 可见性) on the SDK's `useWorkbenchForm` (ADR 0034): contract rules, one check
 * before sending, server field errors, the toast. On top of it, what an edit of a shared setting needs: the edit
 * base (useEditBase — a refetch never replaces the user's input, and the If-Match is the version they started
 * from), and on a 412 the latest state shown above the kept input with the base moved to it. Dirty state goes to
 * the app's own leave guard, which also registers with the shell's (the app's tabs ask in its own words).
 */
export function useSettingsForm<TOut>(form: FormInstance, options: SettingsFormOptions<TOut>): SettingsForm {
  const { message } = App.useApp();
  const recover = useStaleEditRecovery(options.appId);
  const base = useRef<string | null>(options.etag);
  const rebaseTo = useRef<(etag: string | null) => void>(() => undefined);
  const workbench = useWorkbenchForm<TOut, unknown>({
    form,
    schema: options.schema,
    ...(options.prepare ? { prepare: options.prepare } : {}),
    name: options.guardKey,
    // useReportDirty below guards both the app's tabs and the shell.
    guard: false,
    resetOnSuccess: false,
    submit: (body) => options.write(body, base.current),
    successMessage: options.done,
    onConflict: (error) => {
      void recover(error).then((recovered) => {
        // The user's input stays; their retry is checked against the state they are shown now.
        if (recovered) rebaseTo.current(recovered.etag);
      });
    },
  });
  useReportDirty(`${options.guardKey}:${options.appId}`, workbench.dirty);
  const edit = useEditBase(form, options.saved, options.etag, workbench.dirty);
  useLayoutEffect(() => {
    base.current = edit.base;
    rebaseTo.current = edit.rebase;
  });
  return {
    workbench,
    dirty: workbench.dirty,
    stale: workbench.conflict && workbench.dirty,
    settle: workbench.reset,
    async act(write, done) {
      try {
        await write();
        workbench.reset();
        void message.success(done);
      } catch (error) {
        if (await recover(error)) return;
        void message.error(error instanceof ResponseError ? error.message : '操作失败，请稍后重试');
      }
    },
  };
}
