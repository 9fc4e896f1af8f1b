import type { FormInstance } from 'antd';
import { useEffect, useState } from 'react';

/**
 * Keeps a settings form in step with the server without ever replacing the user's input:
 * - while the form has no unsaved input it shows the latest saved values (`saved`, through the form's
 *   `initialValues`) and an edit is based on the latest ETag;
 * - once the user edits, both stay put: a refetch (a colleague's change, a 412) does not reset the form,
 *   and the edit is still checked against the version the user started from.
 * `rebase(etag)` moves the base after a 412: the user has now been shown the latest state, so their retry
 * is checked against that.
 */
export function useEditBase(form: FormInstance, saved: unknown, etag: string | null, dirty: boolean) {
  // The ETag of the last clean render: what the user's input started from once they edit.
  const [frozen, setFrozen] = useState(etag);
  if (!dirty && frozen !== etag) setFrozen(etag);
  const savedKey = JSON.stringify(saved);
  useEffect(() => {
    if (!dirty) form.resetFields();
  }, [form, savedKey, etag, dirty]);
  return { base: dirty ? frozen : etag, rebase: setFrozen };
}
