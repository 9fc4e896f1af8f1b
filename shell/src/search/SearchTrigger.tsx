import { SearchOutlined } from '@ant-design/icons';
import { lazy, Suspense, useEffect, useState, type ReactElement } from 'react';
import { CUSTOMER_VIEW_PERMISSION, IAM_PERMISSION, KF_TICKET_VIEW, YK_VIEW } from '@wb/contracts';
import type { SessionUser } from '@wb/contracts';

// The palette, its client and its antd components are one chunk, loaded on the first Ctrl+K or click (P3).
const SearchDialog = lazy(() => import('./SearchDialog.tsx'));

/** The permissions of the searchable kinds (the server's SEARCH_PERMISSIONS) and `*`; none held: no search. */
const SEARCHABLE = ['*', CUSTOMER_VIEW_PERMISSION, YK_VIEW, KF_TICKET_VIEW, IAM_PERMISSION];

/** The header's 搜索 button and the Ctrl+K / ⌘K shortcut (global search, ADR 0066). Kept small: first paint. */
export function SearchTrigger({ user }: { user: SessionUser }): ReactElement | null {
  const allowed = user.permissions.some((p) => SEARCHABLE.includes(p));
  // undefined until first used: nothing of the palette is loaded before.
  const [open, setOpen] = useState<boolean>();
  useEffect(() => {
    if (!allowed) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setOpen(true);
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [allowed]);
  if (!allowed) return null;
  return (
    <>
      <button
        type="button"
        data-testid="wb-search"
        aria-keyshortcuts="Control+K Meta+K"
        title="全局搜索（Ctrl+K）"
        onClick={() => setOpen(true)}
        style={{ background: 'none', border: 0, color: '#fff', cursor: 'pointer', font: 'inherit', whiteSpace: 'nowrap' }}
      >
        <SearchOutlined aria-hidden /> 搜索
      </button>
      {open === undefined ? null : (
        <Suspense fallback={null}>
          <SearchDialog open={open} onClose={() => setOpen(false)} userId={user.id} />
        </Suspense>
      )}
    </>
  );
}
