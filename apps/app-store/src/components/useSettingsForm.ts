import { App } from 'antd';
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { ResponseError } from '@wb/contracts';
import { useServerErrors } from '@wb/sdk/react';
import { useStaleEditRecovery } from '../api/queries.ts';
import { useReportDirty } from '../leaveGuard.tsx';
import { useEditBase } from './useEditBase.ts';

export interface SettingsForm {
  /** The user has unsaved input. */
  dirty: boolean;
  /** A save was refused with 412: the form keeps the input and shows the latest state above it. */
  stale: boolean;
  /** For the form's `onValuesChange`. */
  touched(): void;
  /** Back to the latest saved state (after 重置, or a write that replaced it). */
  settle(): void;
  /**
   * Runs one write with the If-Match the edit is based on: on success settles and says `done`; on a 412 keeps
   * the input, moves the base to what the user is now shown and marks the form stale; other errors go under
   * the fields.
   */
  save(write: (ifMatch: string | null) => Promise<unknown>, done: string): Promise<void>;
  /** Like `save` for actions on the state shown (no form input): a 412 only reloads; other errors are a toast. */
  act(write: () => Promise<unknown>, done: string): Promise<void>;
}

/**
 * The 412 recovery of the app's settings forms (灰度, 可见性), written once (issue 18 item 8): dirty and stale
 * state, the leave guard, the edit base (useEditBase) and what a refused save does.
 */
export function useSettingsForm(form: FormInstance, options: { appId: string; guardKey: string; saved: unknown; etag: string | null }): SettingsForm {
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const recover = useStaleEditRecovery(options.appId);
  const [dirty, setDirty] = useState(false);
  const [stale, setStale] = useState(false);
  useReportDirty(`${options.guardKey}:${options.appId}`, dirty);
  const { base, rebase } = useEditBase(form, options.saved, options.etag, dirty);
  const settle = (): void => {
    setStale(false);
    setDirty(false);
  };
  return {
    dirty,
    stale,
    touched: () => setDirty(true),
    settle,
    async save(write, done) {
      try {
        await write(base);
        settle();
        void message.success(done);
      } catch (error) {
        const recovered = await recover(error);
        if (recovered) {
          // The user's input stays; their retry is checked against the state they are shown now.
          rebase(recovered.etag);
          setStale(true);
          return;
        }
        showErrors(form, error);
      }
    },
    async act(write, done) {
      try {
        await write();
        settle();
        void message.success(done);
      } catch (error) {
        if (await recover(error)) return;
        void message.error(error instanceof ResponseError ? error.message : '操作失败，请稍后重试');
      }
    },
  };
}
