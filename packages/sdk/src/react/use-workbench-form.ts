// One way to do a form (issue 21 item 4): the contract's zod schema gives antd its rules and checks the whole body
// before anything is sent; the server's field errors land under their inputs; a 412 keeps the input and says why;
// the leave guard follows the user's edits; an Idempotency-Key is kept per attempt of a create.
import { App, Form } from 'antd';
import type { FormInstance, FormProps, FormRule as Rule } from 'antd';
import { ResponseError } from '@wb/contracts';
import { useCallback, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useFormName } from './instance.ts';
import { useLeaveGuard } from './leave-guard.ts';

/** The part of a zod 4 schema this hook reads: parsing, and the definition to find an object's fields. */
export interface FormSchema<TOut> {
  safeParse(value: unknown): { success: true; data: TOut } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

interface SchemaLike {
  safeParse(value: unknown): { success: boolean; error?: { issues: ReadonlyArray<{ message: string }> } };
  def?: { type?: string; shape?: Record<string, SchemaLike>; in?: SchemaLike; innerType?: SchemaLike };
}

/** The fields of an object schema, through pipes (`.transform`), defaults and optionals; `{}` for anything else. */
export function schemaFields(schema: unknown): Record<string, SchemaLike> {
  let node = schema as SchemaLike | undefined;
  for (let depth = 0; node && depth < 8; depth += 1) {
    const def = node.def;
    if (!def) return {};
    if (def.type === 'object' && def.shape) return def.shape;
    node = def.in ?? def.innerType;
  }
  return {};
}

/** `dataScopes.0.orgUnitCodes` → antd's name path. */
function namePath(field: string): (string | number)[] {
  return field.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** zod issues → `{ field: message }`, the first message per field (`_` for the whole body). */
export function issuesToFields(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_';
    fields[key] ??= issue.message;
  }
  return fields;
}

/** Empty inputs (antd leaves `''` and `undefined`) are "not given", so optional fields stay optional. */
export function dropEmpty(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined && v !== '' && v !== null));
}

const newKey = (): string => globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(16).slice(2)}`;

export interface SubmitContext {
  /** Send as `idempotencyKey`: the same for every retry of one attempt, new after a success. */
  idempotencyKey: string;
}

export interface WorkbenchFormOptions<TOut, TResult> {
  /** The contract's schema of the request body. */
  schema: FormSchema<TOut>;
  /** The write, usually a mutation's `mutateAsync` (its `onSettled` invalidates, the TanStack way). */
  submit(body: TOut, context: SubmitContext): Promise<TResult>;
  /** Form values → the body to validate; default: drop empty inputs. */
  prepare?(values: Record<string, unknown>): unknown;
  /** After a success: toast text (or none), then `onSuccess` (navigate, close). */
  successMessage?: string | ((result: TResult, body: TOut) => string);
  onSuccess?(result: TResult, body: TOut): void;
  /** A 412: someone changed the item meanwhile. Refetch it here; the input stays for the user to check. */
  onConflict?(error: ResponseError): void;
  /** Toast when the input does not pass the schema; default 请按提示修改后再提交. */
  invalidMessage?: string;
  /** The form's name (antd derives input ids from it); made unique per app instance. */
  name?: string;
  /** Guard unsaved input against leaving (default true); `message` under the shell's question. */
  guard?: boolean | { message?: string };
  /** Clear the form after a success (default true: a create form starts over; an edit form passes false). */
  resetOnSuccess?: boolean;
  /** An existing antd form instance (e.g. one a parent also reads). */
  form?: FormInstance;
}

export interface WorkbenchForm {
  form: FormInstance;
  /** Spread on `<Form>`: form, name, onFinish, onValuesChange. */
  formProps: Pick<FormProps, 'form' | 'name' | 'onFinish' | 'onFinishFailed' | 'onValuesChange'>;
  /** Spread on a `<Form.Item>`: its name, the schema's rule and the required mark. */
  field(name: string): { name: (string | number)[]; rules: Rule[]; required: boolean };
  /** The schema's rule of one field, for items that need their own `name` handling. */
  rules(name: string): Rule[];
  submitting: boolean;
  /** The last failure that is not about one field (for an Alert), or null. */
  error: string | null;
  /** A 412 was answered: the input is kept, the item reloaded. */
  conflict: boolean;
  dirty: boolean;
  /** Drop the leave guard (e.g. before a navigation the user asked for). */
  release(): void;
  /** Back to the form's initial values (a 重置 button): no input, no error, no conflict, no guard. */
  reset(): void;
  /** Submit from code (the same path as the submit button). */
  submitNow(): Promise<void>;
}

/**
 * The SDK's form hook: every app's forms read the same — contract rules in the inputs, one validation before
 * sending, server errors under their fields, 412 recovery, leave guard, Idempotency-Key.
 */
export function useWorkbenchForm<TOut, TResult>(options: WorkbenchFormOptions<TOut, TResult>): WorkbenchForm {
  const [own] = Form.useForm();
  const form = options.form ?? own;
  const { message } = App.useApp();
  const name = useFormName(options.name ?? 'form');
  const [dirty, setDirty] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const idempotencyKey = useRef(newKey());
  const guard = options.guard ?? true;
  const release = useLeaveGuard(guard !== false && dirty, typeof guard === 'object' ? guard.message : undefined);
  const latest = useRef(options);
  useLayoutEffect(() => {
    latest.current = options;
  });

  const shape = useMemo(() => schemaFields(options.schema), [options.schema]);
  const rules = useCallback(
    (field: string): Rule[] => {
      const fieldSchema = shape[field];
      if (!fieldSchema) return [];
      return [
        {
          validator: async (_rule, value: unknown) => {
            const given = value === '' || value === null ? undefined : value;
            const result = fieldSchema.safeParse(given);
            if (!result.success) throw new Error(result.error?.issues[0]?.message ?? '输入有误');
          },
        },
      ];
    },
    [shape],
  );
  const field = useCallback(
    (fieldName: string) => ({ name: namePath(fieldName), rules: rules(fieldName), required: shape[fieldName] ? !shape[fieldName].safeParse(undefined).success : false }),
    [rules, shape],
  );

  /**
   * The whole body against the schema (refinements across fields included). Errors go under the fields that do
   * not show one yet, the rest into `error`; returns the parsed body or null.
   */
  const check = useCallback((): { body: unknown } | null => {
    const opts = latest.current;
    const values = form.getFieldsValue(true) as Record<string, unknown>;
    const parsed = opts.schema.safeParse(opts.prepare ? opts.prepare(values) : dropEmpty(values));
    if (parsed.success) return { body: parsed.data };
    const fields = issuesToFields(parsed.error.issues);
    const current = new Map(form.getFieldsError().map((entry) => [entry.name.join('.'), entry.errors.length > 0]));
    const placed = Object.entries(fields).filter(([f]) => current.has(f));
    form.setFields(placed.filter(([f]) => !current.get(f)).map(([f, e]) => ({ name: namePath(f), errors: [e] })));
    const rest = Object.entries(fields).filter(([f]) => !current.has(f));
    setError(rest.length > 0 ? rest.map(([, e]) => e).join('；') : null);
    void message.error(opts.invalidMessage ?? '请按提示修改后再提交');
    return null;
  }, [form, message]);

  const submitNow = useCallback(async (): Promise<void> => {
    const opts = latest.current;
    setError(null);
    const checked = check();
    if (!checked) return;
    const parsed = { data: checked.body as TOut };
    setSubmitting(true);
    try {
      const result = await opts.submit(parsed.data, { idempotencyKey: idempotencyKey.current });
      idempotencyKey.current = newKey();
      release();
      setDirty(false);
      setConflict(false);
      if (opts.resetOnSuccess ?? true) form.resetFields();
      const text = typeof opts.successMessage === 'function' ? opts.successMessage(result, parsed.data) : opts.successMessage;
      if (text) void message.success(text);
      opts.onSuccess?.(result, parsed.data);
    } catch (e) {
      if (!(e instanceof ResponseError)) {
        setError('提交失败，请稍后重试');
        void message.error('提交失败，请稍后重试');
        return;
      }
      if (e.status === 412) {
        setConflict(true);
        // The domain's own words when it gave some (该申请已被他人处理…), else the general one.
        setError(e.message || '该记录已被其他人修改，已刷新为最新内容；您填写的内容仍保留，请核对后重新提交。');
        opts.onConflict?.(e);
        return;
      }
      const fields = e.fields ?? {};
      const registered = new Set(form.getFieldsError().map((entry) => entry.name.join('.')));
      form.setFields(Object.entries(fields).filter(([f]) => registered.has(f)).map(([f, m]) => ({ name: namePath(f), errors: [m] })));
      setError(e.message);
      void message.error(e.message);
    } finally {
      setSubmitting(false);
    }
  }, [form, message, release, check]);

  const formProps = useMemo(
    () => ({
      form,
      name,
      onFinish: () => void submitNow(),
      // A field rule failed: still show what the whole body says (e.g. an ID number that does not fit its type).
      onFinishFailed: () => void check(),
      onValuesChange: () => setDirty(true),
    }),
    [form, name, submitNow, check],
  );

  const reset = useCallback((): void => {
    form.resetFields();
    release();
    setDirty(false);
    setError(null);
    setConflict(false);
  }, [form, release]);

  return { form, formProps, field, rules, submitting, error, conflict, dirty, release, reset, submitNow };
}
