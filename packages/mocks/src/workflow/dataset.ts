import type { HistoryEntry, InboxPage, InstanceDetail, Notification, SlaState, Task } from '@wb/contracts/workflow';

/** The in-memory state of the workflow mocks: tasks, instances (with history), 抄送 and notifications. */
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
  return { username, tasks, instances, candidateOf, ccTo, notifications, diagrams: { [LOW_RESIDENT_PROCESS.key]: LOW_RESIDENT_XML } };
}
