import { Alert, Button, Input, Modal, Spin } from 'antd';
import type { InputRef } from 'antd';
import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactElement } from 'react';
import type { FeedApp } from '@wb/contracts';
import type { SearchResult } from '@wb/contracts/search';
import type { SearchFn } from './search-client.ts';
import { DEBOUNCE_MS, KEY_LABELS, MAX_CHARS, MIN_CHARS, moveActive, paletteGroups, type PaletteItem } from './search-model.ts';

export interface SearchPaletteProps {
  open: boolean;
  onClose(): void;
  search: SearchFn;
  /** The user's apps (feed): a hit opens in its owner's first route. */
  apps: readonly Pick<FeedApp, 'id' | 'routes'>[];
  /** Opens a shell path (the shell's navigate: tabs and the leave guard apply). */
  onOpen(path: string, q: string): void;
  recent?: readonly string[];
  debounceMs?: number;
}

/** The server's last answer (or refusal) and what it answered: the state of the palette is derived from it. */
interface Answer {
  q: string;
  attempt: number;
  result?: SearchResult;
  error?: string;
}

const errorText = (error: unknown): string => (error instanceof Error && error.message ? error.message : '搜索失败，请稍后重试');

/**
 * 全局搜索 palette (Ctrl+K, ADR 0066): type-ahead with a pause, hits grouped by kind, ↑↓ to move, Enter to open in
 * the owning micro-app, Esc to close. Loaded on first use only (docs/quality.md P3).
 */
export function SearchPalette({ open, onClose, search, apps, onOpen, recent = [], debounceMs = DEBOUNCE_MS }: SearchPaletteProps): ReactElement {
  const [text, setText] = useState('');
  /** What was typed, once the typing paused ('' when too short). */
  const [query, setQuery] = useState('');
  const [answer, setAnswer] = useState<Answer | null>(null);
  const [active, setActive] = useState(-1);
  const [attempt, setAttempt] = useState(0);
  const input = useRef<InputRef>(null);
  /** Enter pressed before the answer came: the query whose first hit to open when it does. */
  const enterIntent = useRef<string | null>(null);
  const latest = useRef({ apps, onOpen });
  useEffect(() => {
    latest.current = { apps, onOpen };
  });
  const listId = useId();
  const trimmed = text.trim();
  const tooShort = trimmed !== '' && [...trimmed].length < MIN_CHARS;

  // Ask once the typing pauses; a query too short asks nothing.
  useEffect(() => {
    const timer = setTimeout(() => setQuery(tooShort ? '' : trimmed), Math.max(0, debounceMs));
    return () => clearTimeout(timer);
  }, [trimmed, tooShort, debounceMs]);

  useEffect(() => {
    if (!query) return undefined;
    const controller = new AbortController();
    search(query, controller.signal).then(
      (result) => {
        if (controller.signal.aborted) return;
        setAnswer({ q: query, attempt, result });
        setActive(0);
        if (enterIntent.current === query) {
          enterIntent.current = null;
          const first = paletteGroups(result.groups, latest.current.apps).groups.flatMap((g) => g.items).find((item) => item.path);
          if (first?.path) latest.current.onOpen(first.path, query);
        }
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setAnswer({ q: query, attempt, error: errorText(error) });
      },
    );
    return () => controller.abort();
  }, [query, search, attempt]);

  const current = answer && answer.q === query && answer.attempt === attempt ? answer : null;
  const status: 'idle' | 'loading' | 'done' | 'error' = !query ? 'idle' : current?.error !== undefined ? 'error' : current?.result ? 'done' : 'loading';
  /** Typed, not asked yet (the pause has not come). */
  const pending = !tooShort && trimmed !== query;
  // While a new answer is on its way the last hits stay, dimmed.
  const shown = status === 'done' ? (current?.result ?? null) : status === 'loading' || pending ? (answer?.result ?? null) : null;
  const { groups, count } = useMemo(() => paletteGroups(shown?.groups ?? [], apps), [shown, apps]);
  const activeIndex = count === 0 ? -1 : Math.min(active, count - 1);
  const items = useMemo(() => groups.flatMap((g) => g.items), [groups]);
  const optionId = (index: number): string => `${listId}-option-${index}`;

  function openItem(item: PaletteItem | undefined): void {
    if (!item?.path) return;
    onOpen(item.path, trimmed);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>): void {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive(moveActive(activeIndex, event.key === 'ArrowDown' ? 1 : -1, count));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      // Only hits of what is typed now: never a stale row. Typed faster than the answer: its first hit when it comes.
      if (status === 'done' && !pending) openItem(items.find((item) => item.index === activeIndex));
      else if (!tooShort && trimmed !== '' && (pending || status === 'loading')) enterIntent.current = trimmed;
    } else if (event.key === 'Escape') {
      event.preventDefault();
      onClose();
    }
  }

  const loading = !tooShort && trimmed !== '' && (status === 'loading' || pending);
  let body: ReactElement | null = null;
  if (status === 'error' && !pending) {
    body = (
      <Alert
        type="error"
        showIcon
        title={`搜索失败：${current?.error ?? ''}`}
        action={
          <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
            重试
          </Button>
        }
      />
    );
  } else if (trimmed === '') {
    body =
      recent.length > 0 ? (
        <div data-testid="wb-search-recent">
          <div style={{ color: 'rgba(0,0,0,0.65)', marginBottom: 4 }}>最近搜索</div>
          {recent.map((r) => (
            <Button
              key={r}
              size="small"
              type="text"
              onClick={() => {
                enterIntent.current = null;
                setText(r);
              }}
            >
              {r}
            </Button>
          ))}
        </div>
      ) : (
        <div style={{ color: 'rgba(0,0,0,0.65)' }}>可搜索户号、户名、申请编号、工单号、人员</div>
      );
  } else if (tooShort) {
    body = <div style={{ color: 'rgba(0,0,0,0.65)' }}>请至少输入 {MIN_CHARS} 个字符</div>;
  } else if (status === 'done' && !pending && groups.length === 0) {
    body = <div data-testid="wb-search-empty" style={{ color: 'rgba(0,0,0,0.65)' }}>未找到与“{query}”相关的结果</div>;
  }
  const showHits = groups.length > 0 && trimmed !== '' && !tooShort && !(status === 'error' && !pending);

  return (
    <Modal open={open} onCancel={onClose} footer={null} width={640} destroyOnHidden title="全局搜索" afterOpenChange={(visible) => visible && input.current?.focus()}>
      <Input
        ref={input}
        autoFocus
        size="large"
        allowClear
        maxLength={MAX_CHARS}
        value={text}
        onChange={(event) => {
          enterIntent.current = null;
          setText(event.target.value);
        }}
        onKeyDown={onKeyDown}
        placeholder="搜索户号、户名、申请编号、工单号、人员"
        aria-label="全局搜索"
        role="combobox"
        aria-expanded={showHits}
        aria-controls={showHits ? listId : undefined}
        aria-autocomplete="list"
        aria-activedescendant={showHits && activeIndex >= 0 ? optionId(activeIndex) : undefined}
        data-testid="wb-search-input"
      />
      <div style={{ minHeight: 48, maxHeight: '60vh', overflowY: 'auto', marginTop: 12 }} aria-live="polite" aria-busy={loading}>
        {loading ? (
          <div data-testid="wb-search-loading" style={{ color: 'rgba(0,0,0,0.65)', marginBottom: 8 }}>
            <Spin size="small" /> 正在搜索…
          </div>
        ) : null}
        {body}
        {showHits ? (
          <div id={listId} role="listbox" aria-label="搜索结果" style={{ opacity: loading ? 0.6 : 1 }}>
            {groups.map((group) => (
              <div key={group.kind} role="group" aria-labelledby={`${listId}-${group.kind}`} data-testid={`wb-search-group-${group.kind}`}>
                <div id={`${listId}-${group.kind}`} style={{ fontWeight: 600, margin: '8px 0 4px', color: 'rgba(0,0,0,0.65)' }}>
                  <span>{group.label}</span>
                  <span style={{ fontWeight: 400, marginInlineStart: 8, color: 'rgba(0,0,0,0.65)' }}>共 {group.total} 条</span>
                </div>
                {group.items.map((item) => {
                  const selected = item.index >= 0 && item.index === activeIndex;
                  return (
                    <div
                      key={item.hit.key}
                      id={item.index >= 0 ? optionId(item.index) : undefined}
                      role="option"
                      aria-selected={selected}
                      aria-disabled={!item.path}
                      data-testid="wb-search-hit"
                      title={item.path ? undefined : '该应用在当前渠道不可用'}
                      onMouseEnter={() => item.index >= 0 && setActive(item.index)}
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => openItem(item)}
                      style={{
                        padding: '6px 8px',
                        borderRadius: 6,
                        cursor: item.path ? 'pointer' : 'not-allowed',
                        background: selected ? '#e6f4ff' : undefined,
                        color: item.path ? undefined : 'rgba(0,0,0,0.45)',
                      }}
                    >
                      <div>
                        <span style={{ fontWeight: 500 }}>{item.hit.title}</span>
                        <span style={{ marginInlineStart: 8, color: 'rgba(0,0,0,0.65)' }}>
                          {KEY_LABELS[item.hit.kind]} {item.hit.key}
                        </span>
                      </div>
                      {item.hit.detail ? <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>{item.hit.detail}</div> : null}
                    </div>
                  );
                })}
              </div>
            ))}
          </div>
        ) : null}
      </div>
      <div style={{ marginTop: 8, fontSize: 12, color: 'rgba(0,0,0,0.65)' }}>↑↓ 选择 · Enter 打开 · Esc 关闭</div>
    </Modal>
  );
}
