import { Tag } from 'antd';
import type { ReactElement } from 'react';

export default function Lazy(): ReactElement {
  return <Tag color="blue">懒加载</Tag>;
}
