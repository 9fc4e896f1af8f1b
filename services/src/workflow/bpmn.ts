/**
 * BPMN 2.0 subset of the workflow engine (docs/workflow.md): parsed with bpmn-moddle, validated, and reduced
 * to a `ProcessModel` (JSON, stored with the definition). Anything outside the subset is refused naming the element.
 */
import { BpmnModdle } from 'bpmn-moddle';
import type { ModdleElement } from 'bpmn-moddle';
import type { Assignment } from '@wb/contracts/workflow';
import { BpmnError } from './bpmn-model.ts';
import type { Completion, ModelFlow, ModelNode, NodeType, ProcessModel, Sla } from './bpmn-model.ts';
import { pairParallelGateways } from './bpmn-parallel.ts';
import { ExprError, parseExpr } from './expr.ts';

export const WB_NAMESPACE = 'http://wb.example/schema/bpmn';

/** The moddle extension descriptor of the `wb:` attributes. */
export const wbDescriptor = {
  name: 'Workbench',
  prefix: 'wb',
  uri: WB_NAMESPACE,
  xml: { tagAlias: 'lowerCase' },
  associations: [],
  types: [
    { name: 'ProcessExt', extends: ['bpmn:Process'], properties: [{ name: 'sla', isAttr: true, type: 'String' }] },
    {
      name: 'UserTaskExt',
      extends: ['bpmn:UserTask'],
      properties: [
        { name: 'assignee', isAttr: true, type: 'String' },
        { name: 'sla', isAttr: true, type: 'String' },
        { name: 'outcomes', isAttr: true, type: 'String' },
      ],
    },
    { name: 'ServiceTaskExt', extends: ['bpmn:ServiceTask'], properties: [{ name: 'command', isAttr: true, type: 'String' }] },
    {
      name: 'MultiInstanceExt',
      extends: ['bpmn:MultiInstanceLoopCharacteristics'],
      properties: [{ name: 'completion', isAttr: true, type: 'String' }],
    },
  ],
};

export { BpmnError } from './bpmn-model.ts';
export type { Completion, ModelFlow, ModelNode, NodeType, ProcessModel, Sla } from './bpmn-model.ts';

const SUPPORTED: Record<string, NodeType | 'flow'> = {
  'bpmn:StartEvent': 'start',
  'bpmn:UserTask': 'userTask',
  'bpmn:ServiceTask': 'serviceTask',
  'bpmn:ExclusiveGateway': 'gateway',
  'bpmn:ParallelGateway': 'parallel',
  'bpmn:EndEvent': 'end',
  'bpmn:BoundaryEvent': 'timer',
  'bpmn:SequenceFlow': 'flow',
};

/** Root elements that may accompany the one process (they do not affect execution). */
const IGNORED_ROOTS = new Set(['bpmn:Collaboration', 'bpmn:Category']);

function localName(type: string): string {
  const name = type.replace(/^bpmn:/, '');
  return name.charAt(0).toLowerCase() + name.slice(1);
}

function unsupported(el: ModdleElement): BpmnError {
  return new BpmnError(`不支持的流程元素：${localName(el.$type)}（id=${el.id ?? '无'}）`);
}

/** `3wd` working days, `2d` calendar days, `8h` hours, `45m` minutes. */
export function parseSla(text: string, where: string): Sla {
  const m = /^(\d{1,4})(wd|d|h|m)$/.exec(text.trim());
  if (!m || Number(m[1]) <= 0) throw new BpmnError(`${where}的时限「${text}」格式不正确（示例：3wd、2d、8h、45m）`);
  const n = Number(m[1]);
  if (m[2] === 'wd') return { kind: 'wd', days: n };
  const unit = m[2] === 'd' ? 86_400_000 : m[2] === 'h' ? 3_600_000 : 60_000;
  return { kind: 'ms', ms: n * unit };
}

/**
 * `post:YK_SURVEY` (the business's org unit), `post:YK_SCHEME@1` (one level up), `post:KF_REVISIT#3340180`
 * (a fixed org unit), `post:TQ_MGR#$unit2` (the org unit in the instance variable `unit2`), `role:X`, `user:yk01`,
 * `initiator`, `leader`.
 */
export function parseAssignee(text: string, where: string): Assignment {
  const t = text.trim();
  if (t === 'initiator') return { kind: 'initiator' };
  if (t === 'leader') return { kind: 'leader' };
  const post = /^post:([A-Z][A-Z0-9_]{0,31})(?:@(\d)|#(\d{5,11})|#\$([a-z][A-Za-z0-9_]{0,31}))?$/.exec(t);
  if (post) {
    const base = { kind: 'post' as const, post: post[1] as string, level: post[2] ? Number(post[2]) : 0 };
    if (post[4]) return { ...base, orgUnitVar: post[4] };
    return post[3] ? { ...base, orgUnitCode: post[3] } : base;
  }
  const role = /^role:([A-Za-z][A-Za-z0-9_]{0,63})$/.exec(t);
  if (role) return { kind: 'role', role: role[1] as string };
  const user = /^user:([A-Za-z0-9_.-]{1,64})$/.exec(t);
  if (user) return { kind: 'user', username: user[1] as string };
  throw new BpmnError(`${where}的办理人「${text}」格式不正确（示例：post:YK_SURVEY、post:YK_SCHEME@1、role:X、user:yk01、initiator、leader）`);
}

/** `pass:通过,reject:退回` */
export function parseOutcomes(text: string, where: string): Array<{ key: string; label: string }> {
  const out = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((pair) => {
      const m = /^([A-Za-z][\w-]{0,31}):(.{1,32})$/.exec(pair);
      if (!m) throw new BpmnError(`${where}的处理结果「${pair}」格式不正确（示例：pass:通过,reject:退回）`);
      return { key: m[1] as string, label: (m[2] as string).trim() };
    });
  if (new Set(out.map((o) => o.key)).size !== out.length) throw new BpmnError(`${where}的处理结果有重复`);
  return out;
}

/** ISO 8601 durations of timers: `PT2H`, `P3D`, `PT30M`, `P1DT12H` (days are 24 h). */
export function parseIsoDuration(text: string, where: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text.trim());
  const ms = m ? Number(m[1] ?? 0) * 86_400_000 + Number(m[2] ?? 0) * 3_600_000 + Number(m[3] ?? 0) * 60_000 + Number(m[4] ?? 0) * 1000 : 0;
  if (!m || ms <= 0) throw new BpmnError(`${where}的定时「${text}」格式不正确（示例：PT2H、P3D）`);
  return ms;
}

/** `all` (default), `any`, `ratio:0.5` (a share in (0, 1]). */
export function parseCompletion(text: string, where: string): Completion {
  const t = text.trim();
  if (t === 'all' || t === 'any') return { kind: t };
  const m = /^ratio:(0?\.\d{1,4}|1(?:\.0{1,4})?)$/.exec(t);
  const ratio = m ? Number(m[1]) : 0;
  if (!m || ratio <= 0 || ratio > 1) throw new BpmnError(`${where}的会签规则「${text}」格式不正确（示例：all、any、ratio:0.5）`);
  return { kind: 'ratio', ratio };
}

function attr(el: ModdleElement, name: string): string | undefined {
  const v = el.get(`wb:${name}`);
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

function label(el: ModdleElement): string {
  return `环节「${el.name ?? el.id ?? ''}」（id=${el.id ?? ''}）`;
}

const moddle = new BpmnModdle({ wb: wbDescriptor });

/** Parses and validates BPMN XML; throws BpmnError (→ 400) naming the first problem. */
export async function parseBpmn(xml: string): Promise<ProcessModel> {
  let parsed;
  try {
    parsed = await moddle.fromXML(xml);
  } catch (error) {
    throw new BpmnError(`流程定义不是有效的 BPMN XML：${(error as Error).message.split('\n')[0] ?? ''}`);
  }
  const unknown = parsed.warnings.find((w) => /unknown type <([^>]+)>/.test(w.message));
  if (unknown) {
    const type = /unknown type <([^>]+)>/.exec(unknown.message)?.[1] ?? '';
    throw new BpmnError(`不支持的流程元素：${localName(type)}`);
  }
  const root = parsed.rootElement;
  if (root.$type !== 'bpmn:Definitions') throw new BpmnError('流程定义的根元素必须是 definitions');
  const rootElements = (root.rootElements as ModdleElement[] | undefined) ?? [];
  const processes = rootElements.filter((e) => e.$type === 'bpmn:Process');
  const other = rootElements.find((e) => e.$type !== 'bpmn:Process' && !IGNORED_ROOTS.has(e.$type));
  if (other) throw unsupported(other);
  if (processes.length !== 1) throw new BpmnError(processes.length === 0 ? '流程定义中没有 process' : '一个文件只能定义一个流程（process）');
  const proc = processes[0] as ModdleElement;
  const key = proc.id ?? '';
  if (!/^[A-Za-z][\w-]{0,63}$/.test(key)) throw new BpmnError(`流程标识「${key}」不正确：字母开头，仅含字母、数字、_ 和 -，最长 64 位`);

  const nodes: Record<string, ModelNode> = {};
  const flows: Record<string, ModelFlow> = {};
  const elements = (proc.flowElements as ModdleElement[] | undefined) ?? [];
  for (const el of elements) {
    const kind = SUPPORTED[el.$type];
    if (!kind) throw unsupported(el);
    const id = el.id ?? '';
    if (kind === 'flow') {
      const source = (el.sourceRef as ModdleElement | undefined)?.id;
      const target = (el.targetRef as ModdleElement | undefined)?.id;
      if (!source || !target) throw new BpmnError(`连线（id=${id}）缺少起点或终点`);
      const body = (el.conditionExpression as ModdleElement | undefined)?.body;
      const flow: ModelFlow = { id, source, target };
      if (typeof body === 'string' && body.trim() !== '') {
        // FEEL only (ADR 0036): the legacy language is still evaluated for versions deployed before, never deployed anew.
        if (!body.trim().startsWith('=')) {
          throw new BpmnError(`连线（id=${id}）的条件「${body.trim()}」不是 FEEL 表达式：条件须以 = 开头，例如 =outcome = "pass"`);
        }
        try {
          parseExpr(body);
        } catch (error) {
          if (error instanceof ExprError) throw new BpmnError(`连线（id=${id}）的条件「${body.trim()}」不正确：${error.message}`);
          throw error;
        }
        flow.condition = body.trim();
      }
      flows[id] = flow;
      continue;
    }
    const defs = (el.eventDefinitions as ModdleElement[] | undefined) ?? [];
    if (kind !== 'userTask' && el.loopCharacteristics) throw new BpmnError(`${label(el)}：只有用户任务支持多实例（会签）`);
    const node: ModelNode = { id, type: kind, name: el.name ?? id, outgoing: [] };
    if (kind === 'start' || kind === 'end') {
      if (defs.length > 0) throw unsupported(defs[0] as ModdleElement);
    } else if (kind === 'userTask') {
      const assignee = attr(el, 'assignee');
      if (!assignee) throw new BpmnError(`${label(el)}缺少办理人（wb:assignee）`);
      const loop = el.loopCharacteristics as ModdleElement | undefined;
      if (loop) {
        node.multi = parseMultiInstance(el, loop, assignee);
        node.assignee = node.multi.assignees[0] as Assignment;
      } else if (assignee.includes(',')) {
        throw new BpmnError(`${label(el)}只有会签（多实例）环节才能指定多个办理人`);
      } else {
        node.assignee = parseAssignee(assignee, label(el));
      }
      node.assigneeText = assignee;
      const sla = attr(el, 'sla');
      if (sla) node.sla = parseSla(sla, label(el));
      const outcomes = attr(el, 'outcomes');
      node.outcomes = outcomes ? parseOutcomes(outcomes, label(el)) : [];
    } else if (kind === 'serviceTask') {
      const command = attr(el, 'command');
      if (!command || !/^[a-z][\w-]*(\.[\w-]+)+$/.test(command)) throw new BpmnError(`${label(el)}缺少或写错了命令（wb:command，示例：connection.archive）`);
      node.command = command;
    } else if (kind === 'gateway') {
      const def = (el.default as ModdleElement | undefined)?.id;
      if (def) node.defaultFlow = def;
    } else if (kind === 'timer') {
      const timer = defs[0];
      if (defs.length !== 1 || timer?.$type !== 'bpmn:TimerEventDefinition') {
        throw defs[0] ? unsupported(defs[0]) : new BpmnError(`边界事件（id=${id}）必须是定时器`);
      }
      const duration = (timer.timeDuration as ModdleElement | undefined)?.body;
      if (typeof duration !== 'string') throw new BpmnError(`边界定时器（id=${id}）只支持 timeDuration`);
      if (el.cancelActivity === false) throw new BpmnError(`边界定时器（id=${id}）必须是中断型（cancelActivity 不能为 false）`);
      node.delayMs = parseIsoDuration(duration, `边界定时器（id=${id}）`);
      const attached = (el.attachedToRef as ModdleElement | undefined)?.id;
      if (!attached) throw new BpmnError(`边界定时器（id=${id}）没有附着的环节`);
      node.attachedTo = attached;
    }
    if (nodes[id]) throw new BpmnError(`元素 id「${id}」重复`);
    nodes[id] = node;
  }

  for (const flow of Object.values(flows)) {
    const source = nodes[flow.source];
    if (!source || !nodes[flow.target]) throw new BpmnError(`连线（id=${flow.id}）连接了不存在的元素`);
    if (nodes[flow.target]?.type === 'start' || nodes[flow.target]?.type === 'timer') throw new BpmnError(`连线（id=${flow.id}）不能指向开始事件或边界事件`);
    source.outgoing.push(flow.id);
  }
  const starts = Object.values(nodes).filter((n) => n.type === 'start');
  if (starts.length !== 1) throw new BpmnError(starts.length === 0 ? '流程缺少开始事件' : '流程只能有一个开始事件');
  const start = starts[0] as ModelNode;

  const incoming = new Map<string, string[]>();
  for (const flow of Object.values(flows)) incoming.set(flow.target, [...(incoming.get(flow.target) ?? []), flow.id]);
  for (const node of Object.values(nodes)) {
    const where = `「${node.name}」（id=${node.id}）`;
    if (node.type === 'parallel') {
      const ins = incoming.get(node.id)?.length ?? 0;
      const conditioned = node.outgoing.find((f) => flows[f]?.condition);
      if (conditioned) throw new BpmnError(`并行网关${where}的流出连线（${conditioned}）不能带条件，条件分支请使用排他网关`);
      if (ins === 1 && node.outgoing.length > 1) node.fork = { join: '' };
      else if (ins > 1 && node.outgoing.length === 1) node.join = { fork: '' };
      else throw new BpmnError(`并行网关${where}必须是分叉（一条流入、多条流出）或汇聚（多条流入、一条流出）`);
      continue;
    }
    if (node.type === 'end') {
      if (node.outgoing.length) throw new BpmnError(`结束事件${where}不能有流出连线`);
      continue;
    }
    if (node.type === 'gateway') {
      if (node.outgoing.length === 0) throw new BpmnError(`网关${where}没有流出连线`);
      const unconditioned = node.outgoing.filter((f) => !flows[f]?.condition && f !== node.defaultFlow);
      if (node.defaultFlow && !node.outgoing.includes(node.defaultFlow)) throw new BpmnError(`网关${where}的默认连线不是它的流出连线`);
      if (node.outgoing.length > 1 && unconditioned.length > (node.defaultFlow ? 0 : 1)) {
        throw new BpmnError(`网关${where}的流出连线（${unconditioned.join('、')}）缺少条件`);
      }
      if (!node.defaultFlow && unconditioned.length === 1) node.defaultFlow = unconditioned[0] as string;
      continue;
    }
    if (node.outgoing.length !== 1) {
      throw new BpmnError(node.outgoing.length === 0 ? `${where}没有流出连线` : `${where}只能有一条流出连线，分支请使用排他网关`);
    }
    const only = flows[node.outgoing[0] as string];
    if (only?.condition) throw new BpmnError(`${where}的流出连线不能带条件，分支请使用排他网关`);
    if (node.type === 'timer') {
      const host = nodes[node.attachedTo ?? ''];
      if (host?.type !== 'userTask') throw new BpmnError(`边界定时器（id=${node.id}）只能附着在用户任务上`);
      if (host.multi) throw new BpmnError(`边界定时器（id=${node.id}）不能附着在会签（多实例）环节上`);
      host.timers = [...(host.timers ?? []), node.id];
    }
  }

  // Reachability: an end event must be reachable from the start (through flows and boundary timers).
  const seen = new Set<string>([start.id]);
  const queue = [start.id];
  while (queue.length) {
    const node = nodes[queue.shift() as string] as ModelNode;
    const next = [...node.outgoing.map((f) => flows[f]?.target as string), ...(node.timers ?? [])];
    for (const n of next) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  if (![...seen].some((id) => nodes[id]?.type === 'end')) throw new BpmnError('从开始事件无法到达任何结束事件');
  const unreachable = Object.values(nodes).find((n) => !seen.has(n.id));
  if (unreachable) throw new BpmnError(`环节「${unreachable.name}」（id=${unreachable.id}）从开始事件无法到达`);

  pairParallelGateways(nodes, flows, incoming);

  const model: ProcessModel = { key, name: proc.name ?? key, startId: start.id, nodes, flows };
  if (Object.values(nodes).some((n) => n.type === 'parallel' || n.multi)) model.concurrent = true;
  const processSla = attr(proc, 'sla');
  if (processSla) model.sla = parseSla(processSla, '流程');
  return model;
}

/**
 * `multiInstanceLoopCharacteristics isSequential="false" wb:completion="…"` on a user task: the people are the
 * task's `wb:assignee` — one expression or several separated by commas — and each gets a task of their own.
 */
function parseMultiInstance(el: ModdleElement, loop: ModdleElement, assignee: string): NonNullable<ModelNode['multi']> {
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') throw unsupported(loop);
  if (loop.isSequential === true) throw new BpmnError(`${label(el)}的会签只支持并行多实例（isSequential="false"）`);
  if (loop.completionCondition || loop.loopCardinality || loop.loopDataInputRef || loop.inputDataItem) {
    throw new BpmnError(`${label(el)}的会签请用 wb:completion（all、any、ratio:0.5）和 wb:assignee 指定规则与办理人`);
  }
  const assignees = assignee.split(',').map((part) => parseAssignee(part, label(el)));
  return { completion: parseCompletion(attr(loop, 'completion') ?? 'all', label(el)), assignees };
}
