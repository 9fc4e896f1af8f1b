import { Button, Dropdown, Tabs, type MenuProps } from 'antd';
import { useEffect, useState, type CSSProperties, type ReactElement } from 'react';
import { useStore } from 'zustand';
import { useShellEnv, useShellState } from '../layout/shell-context.ts';
import { HOME_TAB, type Tab } from './tab-model.ts';
import { createTabsController, type TabsController } from './tabs-controller.ts';

/** Height the workbench layout reserves before this chunk arrives (no layout shift when the strip appears). */
export const TAB_STRIP_HEIGHT = 40;

const STRIP_STYLE: CSSProperties = { height: TAB_STRIP_HEIGHT, overflow: 'hidden', display: 'flex' };

type TabAction = 'refresh' | 'duplicate' | 'close' | 'close-others';

function actionItems(tab: Tab, count: number): MenuProps['items'] {
  return [
    { key: 'refresh', label: '刷新', disabled: !tab.appId },
    // Another instance of the app at the same page (ADR 0063): two applications side by side.
    { key: 'duplicate', label: '复制页签', disabled: !tab.appId },
    { key: 'close', label: '关闭', disabled: tab.key === HOME_TAB.key },
    { key: 'close-others', label: '关闭其他', disabled: count <= 2 && tab.key !== HOME_TAB.key },
  ];
}

function run(controller: TabsController, tab: Tab, action: TabAction): void {
  if (action === 'refresh') void controller.refresh(tab.key);
  else if (action === 'duplicate') controller.duplicate(tab.key);
  else if (action === 'close') void controller.close(new Set([tab.key]));
  else void controller.closeOthers(tab.key);
}

const CLOSE_STYLE: CSSProperties = { marginInlineStart: 8, fontSize: 12, color: 'rgba(0, 0, 0, 0.6)', cursor: 'pointer' };

function TabLabel({ tab, controller, count }: { tab: Tab; controller: TabsController; count: number }): ReactElement {
  const mounted = useShellState((state) => (tab.appId ? state.apps[tab.key]?.kind === 'mounted' : true));
  return (
    <Dropdown trigger={['contextMenu']} menu={{ items: actionItems(tab, count), onClick: ({ key }) => run(controller, tab, key as TabAction) }}>
      <span>
        <span data-wb-tab={tab.key} data-wb-mounted={String(mounted)}>
          {tab.title}
        </span>
        {tab.key === HOME_TAB.key ? null : (
          // Mouse only and hidden from the accessibility tree: inside role="tab" a button would be nested-interactive
          // (axe, issue 17). The keyboard closes the focused tab with Delete (below) or through 页签操作 → 关闭.
          <span
            aria-hidden="true"
            data-wb-tab-close={tab.key}
            style={CLOSE_STYLE}
            onClick={(event) => {
              event.stopPropagation();
              void controller.close(new Set([tab.key]));
            }}
          >
            ×
          </span>
        )}
      </span>
    </Dropdown>
  );
}

/** The key of the tab that has keyboard focus (rc-tabs puts `data-node-key` on each tab's wrapper). */
function focusedTabKey(target: EventTarget | null): string | null {
  if (!(target instanceof HTMLElement) || target.getAttribute('role') !== 'tab') return null;
  return target.closest('[data-node-key]')?.getAttribute('data-node-key') ?? null;
}

/**
 * The workbench's tab strip (多页签, ADR 0053), loaded after the first page has mounted (P3): a tab per page kind,
 * right-click or the ⋯ button for 刷新 / 关闭 / 关闭其他.
 */
export default function TabStrip(): ReactElement {
  const env = useShellEnv();
  const [controller] = useState(() => createTabsController({ env, storage: sessionStorageOrUndefined() }));
  useEffect(() => () => controller.dispose(), [controller]);
  const { tabs, active } = useStore(controller.tabs);
  const activeTab = tabs.find((tab) => tab.key === active);

  return (
    // The tab list holds tabs only (axe aria-required-children, issue 17): no close buttons inside it, and the
    // 页签操作 button beside it instead of antd's tabBarExtraContent (which renders inside role="tablist").
    <div
      style={STRIP_STYLE}
      data-testid="wb-tabs"
      onKeyDown={(event) => {
        if (event.key !== 'Delete' && event.key !== 'Backspace') return;
        const key = focusedTabKey(event.target);
        if (!key || key === HOME_TAB.key) return;
        event.preventDefault();
        void controller.close(new Set([key]));
      }}
    >
      <div style={{ flex: 1, minWidth: 0 }}>
        <Tabs
          type="card"
          size="small"
          activeKey={active || '-'}
          tabBarStyle={{ margin: 0, paddingInline: 16, paddingTop: 4, height: TAB_STRIP_HEIGHT }}
          onChange={(key) => controller.select(key)}
          items={tabs.map((tab) => ({
            key: tab.key,
            label: <TabLabel tab={tab} controller={controller} count={tabs.length} />,
          }))}
        />
      </div>
      {activeTab ? (
        <Dropdown menu={{ items: actionItems(activeTab, tabs.length), onClick: ({ key }) => run(controller, activeTab, key as TabAction) }}>
          <Button type="text" size="small" aria-label="页签操作" style={{ margin: '8px 8px 0' }}>
            ⋯
          </Button>
        </Dropdown>
      ) : null}
    </div>
  );
}

function sessionStorageOrUndefined(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    return undefined;
  }
}
