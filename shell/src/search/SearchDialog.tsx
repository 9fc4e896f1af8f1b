import { useMemo, useState, type ReactElement } from 'react';
import { useFeed, useShellEnv } from '../layout/shell-context.ts';
import { createSearchFn } from './search-client.ts';
import { readRecent, rememberRecent } from './search-model.ts';
import { SearchPalette } from './SearchPalette.tsx';

/** The palette wired to the shell: the feed's apps, the shell's navigate, `/api/search`, recent searches. */
export default function SearchDialog({ open, onClose, userId }: { open: boolean; onClose(): void; userId: string }): ReactElement {
  const { navigate } = useShellEnv();
  const feed = useFeed();
  const search = useMemo(() => createSearchFn(), []);
  const [recent, setRecent] = useState(() => readRecent(userId));
  return (
    <SearchPalette
      open={open}
      onClose={onClose}
      search={search}
      apps={feed.apps}
      recent={recent}
      onOpen={(path, q) => {
        setRecent(rememberRecent(userId, q));
        onClose();
        navigate(path);
      }}
    />
  );
}
