import type { DeadLetter, Holiday, HistoryEntry, InboxPage, InstanceDetail, Notification, SlaState, Task } from '@wb/contracts/workflow';

/** A deployed version of a process definition (`wf_definition`); its running instances are counted from `instances`. */
export interface MockDefinition {
  key: string;
  name: string;
  version: number;
  xml: string;
  deployedAt: string;
  deployedBy: string;
}

/** A delivery of an outbox event to a consumer (`wf_outbox_delivery`): waiting (PENDING) or dead (a dead letter). */
export type MockDelivery = DeadLetter & { status: 'PENDING' | 'DEAD' };

/**
 * The in-memory state of the workflow mocks: tasks, instances (with history), 抄送 and notifications; for 系统管理 the
 * deployed definitions, the holiday calendar and the outbox.
 */
export interface WorkflowDataset {
  /** The user the mocks act for (their 待办 are tasks they are assignee or candidate of). */
  username: string;
  tasks: Task[];
  instances: InstanceDetail[];
  /** Task ids the user may act on as a candidate (besides those assigned to them). */
  candidateOf: Set<string>;
  /** Instance ids copied to the user (抄送). */
  ccTo: Set<string>;
  notifications: Notification[];
  /** Process key → BPMN XML served by `GET /instances/:id/diagram`. */
  diagrams: Record<string, string>;
  /** 待办 waiting in the user's other posts (the inbox's `otherPosts`); none by default. */
  otherPosts?: InboxPage['otherPosts'];
  definitions: MockDefinition[];
  /** Holidays and make-up workdays (调休上班) by date. */
  holidays: Holiday[];
  outbox: {
    /** Consumers registered in code (listed in the counts even without deliveries). */
    consumers: string[];
    deliveries: MockDelivery[];
  };
}

export const LOW_RESIDENT_PROCESS = { key: 'yk_low_resident', name: '低压居民新装' } as const;

/** A small BPMN diagram (with DI, so bpmn-js can draw it) of the 低压居民 path. */
export const LOW_RESIDENT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:bpmndi="http://www.omg.org/spec/BPMN/20100524/DI" xmlns:dc="http://www.omg.org/spec/DD/20100524/DC" xmlns:di="http://www.omg.org/spec/DD/20100524/DI" id="defs" targetNamespace="http://wb.example/bpmn">
  <bpmn:process id="yk_low_resident" name="低压居民新装" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="accept" name="受理登记" />
    <bpmn:userTask id="survey" name="现场勘查" />
    <bpmn:userTask id="install" name="装表接电" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
    <bpmn:sequenceFlow id="f2" sourceRef="accept" targetRef="survey" />
    <bpmn:sequenceFlow id="f3" sourceRef="survey" targetRef="install" />
    <bpmn:sequenceFlow id="f4" sourceRef="install" targetRef="end" />
  </bpmn:process>
  <bpmndi:BPMNDiagram id="d"><bpmndi:BPMNPlane id="p" bpmnElement="yk_low_resident">
    <bpmndi:BPMNShape id="start_di" bpmnElement="start"><dc:Bounds x="20" y="42" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="accept_di" bpmnElement="accept"><dc:Bounds x="100" y="20" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="survey_di" bpmnElement="survey"><dc:Bounds x="250" y="20" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="install_di" bpmnElement="install"><dc:Bounds x="400" y="20" width="100" height="80" /></bpmndi:BPMNShape>
    <bpmndi:BPMNShape id="end_di" bpmnElement="end"><dc:Bounds x="550" y="42" width="36" height="36" /></bpmndi:BPMNShape>
    <bpmndi:BPMNEdge id="f1_di" bpmnElement="f1"><di:waypoint x="56" y="60" /><di:waypoint x="100" y="60" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f2_di" bpmnElement="f2"><di:waypoint x="200" y="60" /><di:waypoint x="250" y="60" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f3_di" bpmnElement="f3"><di:waypoint x="350" y="60" /><di:waypoint x="400" y="60" /></bpmndi:BPMNEdge>
    <bpmndi:BPMNEdge id="f4_di" bpmnElement="f4"><di:waypoint x="500" y="60" /><di:waypoint x="550" y="60" /></bpmndi:BPMNEdge>
  </bpmndi:BPMNPlane></bpmndi:BPMNDiagram>
</bpmn:definitions>`;

const NODE_NAMES: Record<string, string> = { accept: '受理登记', survey: '现场勘查', install: '装表接电' };

export interface WorkflowDatasetOptions {
  username?: string;
  /** Reference time for created/due dates; default now. */
  now?: Date;
}

const SLA_SEQUENCE: SlaState[] = ['NORMAL', 'WARNING', 'OVERDUE', 'PAUSED', 'NORMAL', 'NORMAL'];

function historyEntry(id: string, at: string, action: HistoryEntry['action'], actor: string, fromNode: string | null, toNodes: string[], opinion = ''): HistoryEntry {
  return {
    id, at, action, actor, actorName: actor, fromNode, fromNodeName: fromNode ? (NODE_NAMES[fromNode] ?? fromNode) : null,
    toNodes, outcome: action === 'COMPLETE' ? 'pass' : null, opinion, form: {},
  };
}

/**
 * Six 低压居民 applications at 现场勘查 (one per SLA state, the PAUSED one suspended), the first two
 * claimed by the user, one instance the user started and one copied to them, and three notifications.
 */
export function createWorkflowDataset(options: WorkflowDatasetOptions = {}): WorkflowDataset {
  const username = options.username ?? 'yk02';
  const now = options.now ?? new Date();
  const hoursAgo = (h: number): string => new Date(now.getTime() - h * 3_600_000).toISOString();
  const tasks: Task[] = [];
  const instances: InstanceDetail[] = [];
  const candidateOf = new Set<string>();
  SLA_SEQUENCE.forEach((slaState, index) => {
    const n = index + 1;
    const businessKey = `YK20261127${String(n).padStart(5, '0')}`;
    const instanceId = `i-${n}`;
    const claimed = index < 2;
    const task: Task = {
      id: `t-${n}`, instanceId, processKey: LOW_RESIDENT_PROCESS.key, processName: LOW_RESIDENT_PROCESS.name, processVersion: 1,
      nodeKey: 'survey', nodeName: '现场勘查', businessKey, businessTitle: `居民${n} 低压居民新装`,
      orgUnitCode: '334010101', orgUnitName: '城关供电所', state: claimed ? 'CLAIMED' : 'OPEN',
      assignee: claimed ? username : null, assigneeName: claimed ? username : null, candidates: '勘查员（城关供电所）',
      outcomes: [], createdAt: hoursAgo(24 + n), claimedAt: claimed ? hoursAgo(20) : null, completedAt: null,
      dueAt: new Date(now.getTime() + (slaState === 'OVERDUE' ? -5 : slaState === 'WARNING' ? 3 : 48) * 3_600_000).toISOString(),
      slaState, variables: { capacity: 8 + n, address: `江州市城关镇${n}号` }, version: 1,
      // The user is the claimant or a candidate of each (the server says so per caller); no domain binds this process.
      mayAct: true, switchPost: null, bound: null,
    };
    tasks.push(task);
    if (!claimed) candidateOf.add(task.id);
    instances.push({
      id: instanceId, processKey: task.processKey, processName: task.processName, processVersion: 1,
      status: slaState === 'PAUSED' ? 'SUSPENDED' : 'RUNNING', businessKey, businessTitle: task.businessTitle,
      orgUnitCode: task.orgUnitCode, orgUnitName: task.orgUnitName, initiator: 'yk01', initiatorName: '受理员',
      startedAt: hoursAgo(30 + n), endedAt: null, dueAt: task.dueAt, slaState,
      suspendedReason: slaState === 'PAUSED' ? '客户申请暂缓' : null, variables: task.variables, openTasks: [task],
      doneNodes: ['start', 'accept'], currentNodes: ['survey'],
      history: [
        historyEntry(`h-${n}-1`, hoursAgo(30 + n), 'START', 'yk01', null, ['accept']),
        historyEntry(`h-${n}-2`, task.createdAt, 'COMPLETE', 'yk01', 'accept', ['survey'], '资料齐全，同意受理'),
      ],
      fieldLabels: { capacity: '申请容量', address: '用电地址' },
      valueLabels: { outcome: { pass: '通过', reject: '退回' } },
    });
  });
  // A started instance of the user's own and a copied one (我发起, 抄送).
  const started = { ...structuredClone(instances[5]!), id: 'i-started', initiator: username, initiatorName: username, businessKey: 'YK2026112700099' };
  started.openTasks = [];
  instances.push(started);
  const ccTo = new Set(['i-3']);
  const notifications: Notification[] = [
    { id: 'n-1', kind: 'OVERDUE', title: '待办已超期', body: '居民3 低压居民新装 · 现场勘查', link: '/inbox?task=t-3', createdAt: hoursAgo(1), readAt: null },
    { id: 'n-2', kind: 'WARNING', title: '待办即将超期', body: '居民2 低压居民新装 · 现场勘查', link: '/inbox?task=t-2', createdAt: hoursAgo(2), readAt: null },
    { id: 'n-3', kind: 'ASSIGNED', title: '新的待办', body: '居民1 低压居民新装 · 现场勘查', link: '/inbox?task=t-1', createdAt: hoursAgo(20), readAt: hoursAgo(19) },
  ];
  return {
    username, tasks, instances, candidateOf, ccTo, notifications, diagrams: { [LOW_RESIDENT_PROCESS.key]: LOW_RESIDENT_XML },
    definitions: buildDefinitions(now), holidays: buildHolidays(), outbox: buildOutbox(now),
  };
}

/** The 低压居民 process as deployed twice (the instances run on version 1), and the 客户回访 process. */
function buildDefinitions(now: Date): MockDefinition[] {
  const daysAgo = (d: number): string => new Date(now.getTime() - d * 86_400_000).toISOString();
  return [
    { ...LOW_RESIDENT_PROCESS, version: 1, xml: LOW_RESIDENT_XML, deployedAt: daysAgo(90), deployedBy: 'admin' },
    { ...LOW_RESIDENT_PROCESS, version: 2, xml: LOW_RESIDENT_XML, deployedAt: daysAgo(3), deployedBy: 'admin' },
    { key: 'kf_revisit', name: '客户回访', version: 1, xml: REVISIT_XML, deployedAt: daysAgo(60), deployedBy: 'admin' },
  ];
}

/** 客户回访: one user task of the 回访员 of the service center. */
const REVISIT_XML = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:wb="http://wb.example/schema/bpmn" id="defs" targetNamespace="http://wb.example/bpmn">
  <process id="kf_revisit" name="客户回访" isExecutable="true">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="revisit" />
    <userTask id="revisit" name="电话回访" wb:assignee="post:KF_REVISIT#3340180" wb:sla="2wd" />
    <sequenceFlow id="f2" sourceRef="revisit" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** Part of the 2026 calendar (元旦, 劳动节, 国庆节) with their 调休上班 days, as the service seeds it. */
function buildHolidays(): Holiday[] {
  const off = (date: string, name: string): Holiday => ({ date, name, workday: false });
  return [
    off('2026-01-01', '元旦'), off('2026-01-02', '元旦'), off('2026-01-03', '元旦'), { date: '2026-01-04', name: '元旦调休上班', workday: true },
    off('2026-05-01', '劳动节'), off('2026-05-02', '劳动节'), off('2026-05-03', '劳动节'), { date: '2026-05-09', name: '劳动节调休上班', workday: true },
    off('2026-10-01', '国庆节'), off('2026-10-02', '国庆节'), off('2026-10-03', '国庆节'), { date: '2026-10-10', name: '国庆节调休上班', workday: true },
  ];
}

/** The platform's consumers, two dead letters (the push channel and the SMS gateway were down) and a few waiting deliveries. */
function buildOutbox(now: Date): WorkflowDataset['outbox'] {
  const minutesAgo = (m: number): string => new Date(now.getTime() - m * 60_000).toISOString();
  const delivery = (id: string, consumer: string, topic: string, payload: Record<string, unknown>, status: MockDelivery['status'], lastError: string | null, age: number): MockDelivery => ({
    id, consumer, eventId: String(Number(id) + 8_000), topic, payload, attempts: status === 'DEAD' ? 8 : lastError ? 3 : 0, lastError, createdAt: minutesAgo(age + 40), failedAt: minutesAgo(age), status,
  });
  return {
    consumers: ['billing.restore-tasks', 'billing.sms-gateway', 'customer-portal.sms-gateway', 'indicators.facts', 'workflow.push'],
    deliveries: [
      delivery('1041', 'workflow.push', 'notice.created', { username: 'yk02', title: '新的待办', body: '居民3 低压居民新装 · 现场勘查' }, 'DEAD', 'connect ECONNREFUSED 10.20.1.30:6379', 95),
      delivery('1057', 'billing.sms-gateway', 'billing.sms.requested', { consNo: '3340101000123', template: '欠费催缴' }, 'DEAD', '短信网关返回 503 Service Unavailable', 30),
      delivery('1063', 'billing.sms-gateway', 'billing.sms.requested', { consNo: '3340101000456', template: '欠费催缴' }, 'PENDING', '短信网关返回 503 Service Unavailable', 5),
      delivery('1064', 'indicators.facts', 'task.completed', { taskId: 't-9', processKey: LOW_RESIDENT_PROCESS.key }, 'PENDING', null, 2),
    ],
  };
}
