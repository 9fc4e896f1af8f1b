import { Descriptions, Timeline } from 'antd';
import { CONNECTION_NODES, type ApplicationDetail } from '@wb/contracts/connection';
import { formatTime } from '@wb/sdk/react';

const ACTION_LABELS: Record<string, string> = {
  START: '发起', COMPLETE: '办理', RETURN: '退回', SUSPEND: '暂停', RESUME: '恢复', CLAIM: '签收', UNCLAIM: '退签',
  TRANSFER: '转办', WITHDRAW: '撤回', TERMINATE: '终止', COPY: '抄送', REMIND: '催办', ESCALATE: '升级', SERVICE: '系统处理', TIMER: '定时', END: '办结',
};

/** Field names of recorded step data, as the forms label them. */
const FIELD_LABELS: Record<string, string> = {
  resultName: '勘查结果', tgName: '台区', lineName: '线路', photoNote: '现场照片说明', scheme: '供电方案', openKva: '可开放容量(kVA)',
  outcomeName: '审批结论', replyMethod: '答复方式', replyDate: '答复日期', checkedOn: '检查日期', contractNo: '合同编号', signedOn: '签订日期',
  meterAssetNo: '电能表资产编号', initialReading: '起始示数', installedOn: '装表日期', consNo: '户号', satisfaction: '满意度', opinion: '意见',
  byName: '办理人', at: '办理时间', reason: '原因',
};

/** The title of a 环节记录 entry: the node's name, or 退回 from a node. */
function entryTitle(node: string): string {
  const name = (key: string): string => CONNECTION_NODES[key as keyof typeof CONNECTION_NODES] ?? key;
  return node.startsWith('return:') ? `退回（${name(node.slice('return:'.length))}）` : name(node);
}

/** 环节记录: every step record in order — every round, a survey before a 退回 and the one after it (issue 10). */
export function StepData({ app }: { app: ApplicationDetail }) {
  const rounds = new Map<string, number>();
  return (
    <>
      {app.stepLog.map(({ node, data }, index) => {
        const round = (rounds.get(node) ?? 0) + 1;
        rounds.set(node, round);
        const entries = Object.entries(data).filter(([k, v]) => FIELD_LABELS[k] && v !== '' && v !== null && v !== undefined);
        const title = `${entryTitle(node)}${round > 1 ? `（第 ${round} 次）` : ''}`;
        return (
          <Descriptions key={`${node}-${index}`} title={title} size="small" column={3} style={{ marginBottom: 12 }}>
            {entries.map(([k, v]) => (
              <Descriptions.Item key={k} label={FIELD_LABELS[k]}>
                {k === 'at' ? formatTime(String(v)) : String(v)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        );
      })}
    </>
  );
}

/** The process history from the engine (办理, 退回, 暂停 …) as a timeline. */
export function HistoryTimeline({ app }: { app: ApplicationDetail }) {
  return (
    <Timeline
      items={app.history.map((h) => ({
        key: h.id,
        color: h.action === 'RETURN' ? 'red' : h.action === 'SUSPEND' ? 'gray' : 'blue',
        children: (
          <div>
            <strong>{formatTime(h.at)}</strong> {h.actorName} {ACTION_LABELS[h.action] ?? h.action}
            {h.fromNodeName ? `「${h.fromNodeName}」` : ''}
            {h.opinion ? `：${h.opinion}` : ''}
          </div>
        ),
      }))}
    />
  );
}
