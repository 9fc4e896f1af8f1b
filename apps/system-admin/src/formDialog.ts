import type { QueryKey } from '@tanstack/react-query';
import { useQueryClient } from '@tanstack/react-query';
import type { ServiceClient } from '@wb/sdk';
import { useDialogClose, useWorkbenchForm } from '@wb/sdk/react';
import type { FormSchema, WorkbenchForm } from '@wb/sdk/react';
import { useIamClient } from './api/queries.ts';

export interface FormDialogOptions<TOut, TResult> {
  /** The contract's request schema: its messages show under the inputs (useWorkbenchForm, ADR 0034). */
  schema: FormSchema<TOut>;
  /** The write, through the iam service's SDK client (401 → login, CSRF, If-Match, ResponseError). */
  submit(body: TOut, client: ServiceClient): Promise<TResult>;
  successMessage: string | ((result: TResult, body: TOut) => string);
  /** Queries the write changes: refetched before the dialog closes. */
  invalidate: QueryKey;
  onClose(): void;
  onSuccess?(result: TResult, body: TOut): void;
}

export interface FormDialog extends WorkbenchForm {
  /** Closes, asking first when the form has unsaved input (docs/quality.md R5). */
  guardedClose(): void;
}

/** What every create/edit drawer or modal of 系统管理 needs: the SDK form hook, the iam client and guarded closing. */
export function useFormDialog<TOut, TResult>(options: FormDialogOptions<TOut, TResult>): FormDialog {
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { onClose } = options;
  const wf = useWorkbenchForm<TOut, TResult>({
    schema: options.schema,
    submit: (body) => options.submit(body, client),
    successMessage: options.successMessage,
    // The dialog's own guarded close registers the leave guard (useGuardedClose).
    guard: false,
    onSuccess: (result, body) => {
      void queryClient.invalidateQueries({ queryKey: options.invalidate });
      onClose();
      options.onSuccess?.(result, body);
    },
  });
  const { guardedClose } = useDialogClose(wf.form, onClose);
  return { ...wf, guardedClose };
}
