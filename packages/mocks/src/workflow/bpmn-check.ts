/**
 * The workflow mock's check of a deployed BPMN document, read with bpmn-moddle as services/src/workflow/bpmn.ts
 * reads it: the refusals that a hand-written definition meets first, in the service's words — not a BPMN
 * `definitions` document, an unsupported element, no or several processes, a bad process key, a user task without
 * 办理人, a service task without 命令, a flow without both ends or to a start event, a condition that is not FEEL,
 * a duplicate id, not exactly one start event. Gateway, 会签 and reachability rules, and whether the posts, roles
 * and users named exist, are the service's alone.
 */
import type { BpmnModdle, ModdleElement } from 'bpmn-moddle';

/** What the check reads of a bpmn-moddle element (types/bpmn-moddle.d.ts declares only the API's shape). */
interface BpmnElement extends ModdleElement {
  $type: string;
  id?: string;
  name?: string;
  /** The body of an expression (a condition, a timer's duration). */
  body?: string;
  rootElements?: BpmnElement[];
  flowElements?: BpmnElement[];
  eventDefinitions?: BpmnElement[];
  loopCharacteristics?: BpmnElement;
  conditionExpression?: BpmnElement;
  timeDuration?: BpmnElement;
  sourceRef?: BpmnElement;
  targetRef?: BpmnElement;
  attachedToRef?: BpmnElement;
  cancelActivity?: boolean;
}

/** A `wb:` attribute of a BPMN type, as the service's `wbDescriptor` declares it. */
const wbAttribute = (type: string, name: string) => ({ name: `${type}Ext`, extends: [`bpmn:${type}`], properties: [{ name, isAttr: true, type: 'String' }] });

/** The moddle extension of the `wb:` attributes the check reads (办理人, 命令), whatever prefix a document binds. */
const WB_PACKAGE = { name: 'Workbench', prefix: 'wb', uri: 'http://wb.example/schema/bpmn', types: [wbAttribute('UserTask', 'assignee'), wbAttribute('ServiceTask', 'command')] };

let moddle: Promise<BpmnModdle> | undefined;

/** bpmn-moddle, loaded when the first definition is deployed. */
function bpmnModdle(): Promise<BpmnModdle> {
  moddle ??= import('bpmn-moddle').then((m) => new m.BpmnModdle({ wb: WB_PACKAGE }));
  return moddle;
}

const SUPPORTED = new Set(['StartEvent', 'UserTask', 'ServiceTask', 'ExclusiveGateway', 'ParallelGateway', 'EndEvent', 'BoundaryEvent', 'SequenceFlow'].map((t) => `bpmn:${t}`));
/** Root elements that may accompany the one process. */
const IGNORED_ROOTS = new Set(['bpmn:Process', 'bpmn:Collaboration', 'bpmn:Category']);

const localName = (type: string): string => type.replace(/^bpmn:/, '').replace(/^./, (c) => c.toLowerCase());
const unsupported = (el: BpmnElement): string => `不支持的流程元素：${localName(el.$type)}（id=${el.id ?? '无'}）`;
const label = (el: BpmnElement): string => `环节「${el.name ?? el.id ?? ''}」（id=${el.id ?? ''}）`;

/** A `wb:` attribute (办理人, 命令); undefined when absent or blank. */
function wbAttr(el: BpmnElement, name: string): string | undefined {
  const value = el.get(`wb:${name}`);
  return typeof value === 'string' && value.trim() ? value : undefined;
}

/** The first refusal of a flow element of the process, or null. */
function refuseElement(el: BpmnElement): string | null {
  const id = el.id ?? '';
  if (!SUPPORTED.has(el.$type)) return unsupported(el);
  if (el.$type === 'bpmn:SequenceFlow') {
    if (!el.sourceRef?.id || !el.targetRef?.id) return `连线（id=${id}）缺少起点或终点`;
    const condition = el.conditionExpression?.body?.trim() ?? '';
    return condition && !condition.startsWith('=') ? `连线（id=${id}）的条件「${condition}」不是 FEEL 表达式：条件须以 = 开头，例如 =outcome = "pass"` : null;
  }
  const defs = el.eventDefinitions ?? [];
  if (el.$type !== 'bpmn:UserTask' && el.loopCharacteristics) return `${label(el)}：只有用户任务支持多实例（会签）`;
  if ((el.$type === 'bpmn:StartEvent' || el.$type === 'bpmn:EndEvent') && defs[0]) return unsupported(defs[0]);
  if (el.$type === 'bpmn:UserTask') {
    const assignee = wbAttr(el, 'assignee');
    if (!assignee) return `${label(el)}缺少办理人（wb:assignee）`;
    if (!el.loopCharacteristics && assignee.includes(',')) return `${label(el)}只有会签（多实例）环节才能指定多个办理人`;
  }
  if (el.$type === 'bpmn:ServiceTask' && !/^[a-z][\w-]*(\.[\w-]+)+$/.test(wbAttr(el, 'command') ?? '')) return `${label(el)}缺少或写错了命令（wb:command，示例：connection.archive）`;
  if (el.$type === 'bpmn:BoundaryEvent') {
    const timer = defs[0];
    if (defs.length !== 1 || timer?.$type !== 'bpmn:TimerEventDefinition') return timer ? unsupported(timer) : `边界事件（id=${id}）必须是定时器`;
    if (typeof timer.timeDuration?.body !== 'string') return `边界定时器（id=${id}）只支持 timeDuration`;
    if (el.cancelActivity === false) return `边界定时器（id=${id}）必须是中断型（cancelActivity 不能为 false）`;
    if (!el.attachedToRef?.id) return `边界定时器（id=${id}）没有附着的环节`;
  }
  return null;
}

/** What the service would deploy (`key`, `name`), or the message of its 400. */
export async function checkBpmn(xml: string): Promise<{ key: string; name: string } | { refused: string }> {
  let parsed;
  try {
    parsed = await (await bpmnModdle()).fromXML(xml);
  } catch (error) {
    return { refused: `流程定义不是有效的 BPMN XML：${(error as Error).message.split('\n')[0] ?? ''}` };
  }
  const unknown = parsed.warnings.map((w) => /unknown type <([^>]+)>/.exec(w.message)?.[1]).find(Boolean);
  if (unknown) return { refused: `不支持的流程元素：${localName(unknown)}` };
  const root = parsed.rootElement as BpmnElement;
  const rootElements = root.rootElements ?? [];
  const other = rootElements.find((el) => !IGNORED_ROOTS.has(el.$type));
  if (other) return { refused: unsupported(other) };
  const processes = rootElements.filter((el) => el.$type === 'bpmn:Process');
  const [proc] = processes;
  if (!proc || processes.length > 1) return { refused: proc ? '一个文件只能定义一个流程（process）' : '流程定义中没有 process' };
  const key = proc.id ?? '';
  if (!/^[A-Za-z][\w-]{0,63}$/.test(key)) return { refused: `流程标识「${key}」不正确：字母开头，仅含字母、数字、_ 和 -，最长 64 位` };

  const elements = proc.flowElements ?? [];
  const nodes = new Map<string, BpmnElement>();
  for (const el of elements) {
    const refused = refuseElement(el);
    if (refused) return { refused };
    if (el.$type === 'bpmn:SequenceFlow') continue;
    const id = el.id ?? '';
    if (nodes.has(id)) return { refused: `元素 id「${id}」重复` };
    nodes.set(id, el);
  }
  for (const flow of elements.filter((el) => el.$type === 'bpmn:SequenceFlow')) {
    const target = nodes.get(flow.targetRef?.id ?? '');
    if (!nodes.has(flow.sourceRef?.id ?? '') || !target) return { refused: `连线（id=${flow.id}）连接了不存在的元素` };
    if (target.$type === 'bpmn:StartEvent' || target.$type === 'bpmn:BoundaryEvent') return { refused: `连线（id=${flow.id}）不能指向开始事件或边界事件` };
  }
  const starts = [...nodes.values()].filter((el) => el.$type === 'bpmn:StartEvent').length;
  if (starts !== 1) return { refused: starts === 0 ? '流程缺少开始事件' : '流程只能有一个开始事件' };
  return { key, name: proc.name ?? key };
}
