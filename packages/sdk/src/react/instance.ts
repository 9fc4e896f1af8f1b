import { useWorkbench } from './context.ts';

/** Valid in an HTML id and distinct per instance: React's `useId` prefix and antd form names derive from it. */
export function idPrefixOf(instanceId: string): string {
  return instanceId.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** This mounted instance's id (`WorkbenchProps.instanceId`, ADR 0027). */
export function useInstanceId(): string {
  return useWorkbench().instanceId;
}

/**
 * An antd `<Form name>` unique on the page (ADR 0027): antd derives every field's DOM id from the form name
 * (`<name>_<field>`, or the bare field name without one), so two instances of one app would share ids and
 * their labels would point at each other's inputs. `useFormName('accept')` → `<instance>_accept`.
 */
export function useFormName(base: string): string {
  return `${idPrefixOf(useInstanceId())}_${base}`;
}
