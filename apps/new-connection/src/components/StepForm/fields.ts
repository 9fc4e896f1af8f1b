import { SATISFACTION, SURVEY_RESULTS, type ConnectionNode } from '@wb/contracts/connection';

/** One input of a step form; `tg`/`line` are the capacity selects of the survey. */
export type FieldSpec =
  | { name: string; label: string; kind: 'text' | 'textarea' | 'date'; placeholder?: string }
  | { name: string; label: string; kind: 'number'; min?: number }
  | { name: string; label: string; kind: 'select' | 'radio'; options: Array<{ value: string; label: string }> }
  | { name: string; label: string; kind: 'tg' | 'line' };

const options = (entries: Record<string, string>): Array<{ value: string; label: string }> =>
  Object.entries(entries).map(([value, label]) => ({ value, label }));
const opinion = (label = '意见'): FieldSpec => ({ name: 'opinion', label, kind: 'textarea' });
const checks: FieldSpec[] = [{ name: 'checkedOn', label: '检查日期', kind: 'date' }, opinion('检查意见')];

/** The inputs of each step, in form order. The zod contract (STEP_SCHEMAS) validates them. */
export function stepFields(node: ConnectionNode, highVoltage: boolean): FieldSpec[] {
  switch (node) {
    case 'accept':
      return [
        { name: 'address', label: '更正用电地址（可不填）', kind: 'text' },
        { name: 'contactMobile', label: '更正联系电话（可不填）', kind: 'text' },
        opinion('受理意见（补正情况）'),
      ];
    case 'survey':
      return [
        { name: 'result', label: '勘查结果', kind: 'select', options: options(SURVEY_RESULTS) },
        highVoltage ? { name: 'lineId', label: '供电线路', kind: 'line' } : { name: 'tgId', label: '供电台区', kind: 'tg' },
        { name: 'photoNote', label: '现场照片说明', kind: 'textarea' },
        opinion('勘查意见'),
      ];
    case 'scheme':
      return [
        { name: 'scheme', label: '供电方案（电源、计量方式、受电设施）', kind: 'textarea' },
        // The survey's choice, which 方案 may change (with the same capacity check) instead of a 退回 (issue 17).
        highVoltage ? { name: 'lineId', label: '供电线路（可更换）', kind: 'line' } : { name: 'tgId', label: '供电台区（可更换）', kind: 'tg' },
        opinion(),
      ];
    case 'approve':
      return [{ name: 'outcome', label: '审批结论', kind: 'radio', options: [{ value: 'pass', label: '通过' }, { value: 'reject', label: '退回方案编制' }] }, opinion('审批意见')];
    case 'reply':
      return [
        { name: 'replyMethod', label: '答复方式', kind: 'select', options: options({ 短信: '短信', 现场: '现场', 网上国网: '网上国网' }) },
        { name: 'replyDate', label: '答复日期', kind: 'date' },
        opinion(),
      ];
    case 'design-review':
    case 'mid-check':
    case 'completion-check':
      return checks;
    case 'contract':
      return [{ name: 'contractNo', label: '合同编号', kind: 'text', placeholder: 'HT 加 8–16 位数字' }, { name: 'signedOn', label: '签订日期', kind: 'date' }, opinion()];
    case 'install':
      return [
        { name: 'meterAssetNo', label: '电能表资产编号', kind: 'text', placeholder: '33 开头的 13 位数字' },
        { name: 'initialReading', label: '起始示数（kWh）', kind: 'number', min: 0 },
        { name: 'installedOn', label: '装表日期', kind: 'date' },
        opinion(),
      ];
    case 'archive':
      return [opinion('归档意见')];
    case 'revisit':
      return [{ name: 'satisfaction', label: '客户满意度', kind: 'select', options: SATISFACTION.map((s) => ({ value: s, label: s })) }, opinion('回访记录')];
  }
}
