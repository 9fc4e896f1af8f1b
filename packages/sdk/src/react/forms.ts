// Form helpers every micro-app with antd forms shares: server errors under their inputs, guarded close (R5).
import { App, Form } from 'antd';
import type { FormInstance } from 'antd';
import { ResponseError } from '@wb/contracts';
import { useCallback } from 'react';
import { useLeaveGuard } from './leave-guard.ts';

/** `dataScopes.0.orgUnitCodes` → `['dataScopes', 0, 'orgUnitCodes']`, antd's name path. */
function namePath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/**
 * Shows a failed write: the server's per-field messages under their inputs (400/409 `fields`), and the
 * overall message as a toast. Returns the fields it could not place, for callers that show them elsewhere.
 */
export function useServerErrors() {
  const { message } = App.useApp();
  return useCallback(
    (form: FormInstance | null, error: unknown): Record<string, string> => {
      if (!(error instanceof ResponseError)) {
        void message.error('操作失败，请稍后重试');
        return {};
      }
      const fields = error.fields ?? {};
      const known = form ? Object.keys(fields).filter((f) => isRegistered(form, f)) : [];
      form?.setFields(known.map((f) => ({ name: namePath(f), errors: [fields[f]!] })));
      void message.error(error.message);
      return Object.fromEntries(Object.entries(fields).filter(([f]) => !known.includes(f)));
    },
    [message],
  );
}

function isRegistered(form: FormInstance, field: string): boolean {
  return form.getFieldsError().some((entry) => entry.name.join('.') === field);
}

/**
 * Whether the user has changed `form` (antd's "touched"), re-rendering when that flips. `resetFields()` makes it
 * clean again, and so does unmounting the inputs (a drawer with `destroyOnHidden`).
 */
export function useFormDirty(form: FormInstance): boolean {
  // The first call gets `{}` before the form is connected: answer without touching the form (no antd warning).
  const dirty = Form.useWatch(
    (values: unknown) => typeof values === 'object' && values !== null && Object.keys(values).length > 0 && form.isFieldsTouched(),
    { form, preserve: true },
  );
  return dirty === true;
}

export interface FormLeaveGuardOptions {
  /** Only guard while this is true (e.g. while the modal holding the form is open). Default true. */
  enabled?: boolean;
  /** Shown under the shell's question. */
  message?: string;
}

/**
 * The shell-level leave guard ({@link useLeaveGuard}) for an antd form: active while the user has changed it.
 * Returns `release()` for a navigation right after a successful save.
 */
export function useFormLeaveGuard(form: FormInstance, options: FormLeaveGuardOptions = {}): () => void {
  const dirty = useFormDirty(form);
  return useLeaveGuard((options.enabled ?? true) && dirty, options.message);
}

/**
 * A close handler that asks "放弃未保存的修改？" when the form has unsaved input (docs/quality.md R5). While the form
 * has unsaved input, navigating away through the shell asks too (the form registers a leave guard).
 */
export function useGuardedClose(form: FormInstance, close: () => void) {
  const { modal } = App.useApp();
  useFormLeaveGuard(form);
  return useCallback(() => {
    if (!form.isFieldsTouched()) {
      close();
      return;
    }
    modal.confirm({
      title: '放弃未保存的修改？',
      content: '关闭后，已填写的内容不会保存。',
      okText: '放弃',
      cancelText: '继续编辑',
      onOk: close,
    });
  }, [form, close, modal]);
}

/**
 * The two ways a form's modal or drawer closes: `close` (after a save: the form reset, then `onClose`) and
 * `guardedClose` (取消, ×, the mask: asks first when there is unsaved input, {@link useGuardedClose}).
 */
export function useDialogClose(form: FormInstance, onClose: () => void): { close: () => void; guardedClose: () => void } {
  const close = useCallback(() => {
    form.resetFields();
    onClose();
  }, [form, onClose]);
  return { close, guardedClose: useGuardedClose(form, close) };
}
