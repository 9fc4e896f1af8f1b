// Fixture micro-app of the shared-deps tests: exercises every rewrite and externalization path of the factory.
import { SmileTwoTone, UserOutlined } from '@ant-design/icons';
import { Button, ConfigProvider, DatePicker as Picker, theme, type ButtonProps } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { Suspense, lazy, useState, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import reactVersion from './legacy.cjs';

export { Tag as FixtureTag } from 'antd';

const Lazy = lazy(() => import('./Lazy.tsx'));

function App(): ReactElement {
  const [count, setCount] = useState(0);
  const props: ButtonProps = { type: 'primary', icon: <UserOutlined />, onClick: () => setCount((n) => n + 1) };
  const { token } = theme.useToken();
  return (
    <div data-testid="fixture" data-primary={token.colorPrimary} data-react={reactVersion()}>
      <Button {...props}>点击 {count}</Button>
      <SmileTwoTone />
      <Picker defaultValue={dayjs('2026-01-15')} />
      <Suspense fallback={null}>
        <Lazy />
      </Suspense>
    </div>
  );
}

const roots = new WeakMap<HTMLElement, Root>();

export async function bootstrap(): Promise<void> {
  dayjs.locale('zh-cn');
}

export async function mount(props: { domElement: HTMLElement }): Promise<void> {
  const root = createRoot(props.domElement);
  roots.set(props.domElement, root);
  root.render(
    <ConfigProvider locale={zhCN}>
      <App />
    </ConfigProvider>,
  );
}

export async function unmount(props: { domElement: HTMLElement }): Promise<void> {
  roots.get(props.domElement)?.unmount();
  roots.delete(props.domElement);
}
