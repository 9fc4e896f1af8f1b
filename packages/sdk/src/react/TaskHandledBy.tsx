import { Alert } from 'antd';
import type { Task } from '@wb/contracts/workflow';

/**
 * Who handles a record's open step, for whoever may not act on it (issue 10): the claimant or the candidates, or
 * a request to switch post when the user holds the right post elsewhere.
 */
export function TaskHandledBy({ task }: { task: Task }) {
  const who = task.assigneeName ? `${task.assigneeName}（已签收）` : task.candidates;
  const text = task.switchPost
    ? `「${task.nodeName}」由您的另一岗位「${task.switchPost.name}（${task.switchPost.orgUnitName}）」办理，请先在页眉切换岗位`
    : `「${task.nodeName}」环节由 ${who} 办理`;
  return <Alert type="info" showIcon title={text} />;
}
