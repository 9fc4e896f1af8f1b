import { App, Form } from 'antd';
import type { FormInstance } from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { ServiceClient } from '@wb/sdk';
import { useGuardedClose, useServerErrors } from '@wb/sdk/react';
import { useIamClient } from './api/queries.ts';

export interface FormDialog<T> {
  form: FormInstance<T>;
  /** The SDK client of the iam service (401 → login, CSRF, If-Match, `{ error }` bodies as ResponseError). */
  client: ServiceClient;
  queryClient: QueryClient;
  message: ReturnType<typeof App.useApp>['message'];
  showErrors: ReturnType<typeof useServerErrors>;
  /** Resets the form and closes, unconditionally (after a successful write). */
  close(): void;
  /** Closes, asking first when the form has unsaved input (docs/quality.md R5). */
  guardedClose(): void;
}

/** What every create/edit drawer or modal of 系统管理 needs: its form, the iam client, errors and closing. */
export function useFormDialog<T>(onClose: () => void): FormDialog<T> {
  const [form] = Form.useForm<T>();
  const client = useIamClient();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const showErrors = useServerErrors();
  const close = useCallback(() => {
    form.resetFields();
    onClose();
  }, [form, onClose]);
  const guardedClose = useGuardedClose(form, close);
  return { form, client, queryClient, message, showErrors, close, guardedClose };
}
