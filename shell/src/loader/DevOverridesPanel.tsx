import { BugOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState, type ReactElement } from 'react';
import { useFeed } from '../layout/shell-context.ts';
import { activeDevOverrides, isDevOverrideUrl, readDevOverrides, writeDevOverrides } from './dev-overrides.ts';

export interface DevOverridesPanelProps {
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  reload?: () => void;
}

/**
 * 本地调试 (import-map-overrides, docs/architecture.md §6): shown only when the feed allows overrides (development
 * mode and `store:dev:override`). The developer maps an app to the entry URL of their local dev server; the
 * loader imports that URL instead of the published bundle after the next page load. 「本地调试中」 stays
 * visible while any override is in force.
 */
export function DevOverridesPanel({ storage = window.localStorage, reload = () => window.location.reload() }: DevOverridesPanelProps): ReactElement | null {
  const feed = useFeed();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  if (!feed.devOverrides) return null;
  const active = activeDevOverrides(feed, storage);
  const invalid = Object.entries(draft).filter(([, url]) => url.trim() !== '' && !isDevOverrideUrl(url.trim()));

  function show(): void {
    setDraft(readDevOverrides(storage));
    setSaved(false);
    setOpen(true);
  }

  function save(next: Record<string, string>): void {
    writeDevOverrides(storage, Object.fromEntries(Object.entries(next).map(([appId, url]) => [appId, url.trim()])));
    setDraft(readDevOverrides(storage));
    setSaved(true);
  }

  return (
    <>
      <Space size={4}>
        {Object.keys(active).length > 0 ? (
          <Tag color="orange" data-testid="wb-dev-overrides-active">
            本地调试中
          </Tag>
        ) : null}
        <Button size="small" ghost icon={<BugOutlined aria-hidden />} onClick={show}>
          本地调试
        </Button>
      </Space>
      <Modal
        open={open}
        title="本地调试（import-map-overrides）"
        onCancel={() => setOpen(false)}
        footer={[
          <Button key="clear" onClick={() => save({})}>
            全部清除
          </Button>,
          <Button key="save" type="primary" disabled={invalid.length > 0} onClick={() => save(draft)}>
            保存
          </Button>,
        ]}
      >
        <Typography.Paragraph type="secondary">填写本地开发服务器上应用入口模块的地址（http 或 https），留空则使用已发布版本。</Typography.Paragraph>
        <Space orientation="vertical" style={{ width: '100%' }}>
          {feed.apps.map((app) => (
            <label key={app.id} style={{ display: 'block' }}>
              <Typography.Text>
                {app.name}（{app.id}）
              </Typography.Text>
              <Input
                aria-label={`${app.name}的本地入口地址`}
                placeholder="例如 http://localhost:5173/src/main.ts"
                value={draft[app.id] ?? ''}
                status={invalid.some(([id]) => id === app.id) ? 'error' : undefined}
                onChange={(event) => setDraft({ ...draft, [app.id]: event.target.value })}
              />
            </label>
          ))}
        </Space>
        {invalid.length > 0 ? <Alert type="error" showIcon title="地址应以 http:// 或 https:// 开头" style={{ marginTop: 12 }} /> : null}
        {saved ? (
          <Alert
            type="info"
            showIcon
            title="已保存，刷新页面后生效"
            style={{ marginTop: 12 }}
            action={
              <Button size="small" onClick={reload}>
                刷新
              </Button>
            }
          />
        ) : null}
      </Modal>
    </>
  );
}
