import { Result } from 'antd';
import type { ReactElement } from 'react';

/**
 * A part's answer for a 户号 the customer service does not know (or the user may not see): compact, since the part
 * sits in another app's panel (the archive's own page keeps antd's 404 picture).
 */
export function PartNotFound({ consNo }: { consNo: string }): ReactElement {
  return <Result status="info" title="未找到该户号的客户" subTitle={`户号：${consNo}`} />;
}
