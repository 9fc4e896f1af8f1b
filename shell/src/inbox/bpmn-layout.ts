/**
 * Diagram interchange (DI) for BPMN definitions deployed without it (the workflow engine needs none, and
 * hand-written process files rarely carry coordinates): a left-to-right layout, one column per step — a node
 * stands one column right of its furthest predecessor (returns, i.e. flows back along a cycle, ignored), so a
 * parallel join comes after its longest branch — and the branches of a fork or an exclusive gateway on rows
 * of their own; straight or orthogonal edges, boundary events on their host's lower edge. bpmn-js draws the
 * markers itself (the "+" of a parallel gateway, the three bars of a parallel multi-instance task). Good
 * enough to show where an instance stands; definitions with their own DI are drawn as is.
 */
const BPMNDI = 'http://www.omg.org/spec/BPMN/20100524/DI';
const DC = 'http://www.omg.org/spec/DD/20100524/DC';
const DI = 'http://www.omg.org/spec/DD/20100524/DI';

const COLUMN = 170;
const ROW = 130;
const MARGIN = 40;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function sizeOf(localName: string): { width: number; height: number } {
  if (localName.endsWith('Event')) return { width: 36, height: 36 };
  if (localName.endsWith('Gateway')) return { width: 50, height: 50 };
  return { width: 100, height: 80 };
}

/** True when the XML already has a diagram (a `BPMNDiagram` element). */
export function hasDiagram(xml: string): boolean {
  return /<([\w-]+:)?BPMNDiagram[\s>]/.test(xml);
}

/** An element's name without its prefix (DOM implementations differ on `localName` for prefixed XML). */
const local = (el: Element): string => (el.localName || el.nodeName).split(':').pop() ?? '';

/** The XML with a generated `BPMNDiagram` for its first process; unchanged when it has one or no process. */
export function withGeneratedDiagram(xml: string): string {
  if (hasDiagram(xml)) return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const process = Array.from(doc.getElementsByTagName('*')).find((el) => local(el) === 'process');
  const closing = xml.lastIndexOf('</');
  if (!process || closing === -1) return xml;

  const elements = Array.from(process.children);
  const flows = elements
    .filter((el) => local(el) === 'sequenceFlow')
    .map((el) => ({ id: el.getAttribute('id') ?? '', source: el.getAttribute('sourceRef') ?? '', target: el.getAttribute('targetRef') ?? '' }));
  const nodes = elements.filter((el) => !['sequenceFlow', 'boundaryEvent', 'documentation', 'extensionElements'].includes(local(el)) && el.getAttribute('id'));
  const boundaries = elements.filter((el) => local(el) === 'boundaryEvent');
  const hostOf = new Map(boundaries.map((b) => [b.getAttribute('id') ?? '', b.getAttribute('attachedToRef') ?? '']));

  const ids = nodes.map((n) => n.getAttribute('id') ?? '');
  const { column, row } = layers(ids, nodes.filter((n) => local(n) === 'startEvent').map((n) => n.getAttribute('id') ?? ''), flows, hostOf);

  const boxes = new Map<string, Box>();
  for (const node of nodes) {
    const id = node.getAttribute('id') ?? '';
    const { width, height } = sizeOf(local(node));
    const cx = MARGIN + (column.get(id) ?? 0) * COLUMN + 50;
    const cy = MARGIN + (row.get(id) ?? 0) * ROW + 40;
    boxes.set(id, { x: cx - width / 2, y: cy - height / 2, width, height });
  }
  for (const [id, host] of hostOf) {
    const hostBox = boxes.get(host);
    if (hostBox) boxes.set(id, { x: hostBox.x + hostBox.width - 28, y: hostBox.y + hostBox.height - 18, width: 36, height: 36 });
  }
  const bottom = Math.max(0, ...[...boxes.values()].map((b) => b.y + b.height)) + 30;

  const parts: string[] = [];
  for (const [id, box] of boxes) {
    const [x, y, w, h] = [box.x, box.y, box.width, box.height].map(Math.round);
    parts.push(`<bpmndi:BPMNShape id="${attr(id)}_di" bpmnElement="${attr(id)}"><dc:Bounds x="${x}" y="${y}" width="${w}" height="${h}"/></bpmndi:BPMNShape>`);
  }
  for (const flow of flows) {
    const from = boxes.get(flow.source);
    const to = boxes.get(flow.target);
    if (!from || !to || !flow.id) continue;
    const points = waypoints(from, to, bottom).map(([x, y]) => `<di:waypoint x="${Math.round(x)}" y="${Math.round(y)}"/>`);
    parts.push(`<bpmndi:BPMNEdge id="${attr(flow.id)}_di" bpmnElement="${attr(flow.id)}">${points.join('')}</bpmndi:BPMNEdge>`);
  }
  const diagram =
    `<bpmndi:BPMNDiagram xmlns:bpmndi="${BPMNDI}" xmlns:dc="${DC}" xmlns:di="${DI}" id="wb_generated_diagram">` +
    `<bpmndi:BPMNPlane id="wb_generated_plane" bpmnElement="${attr(process.getAttribute('id') ?? '')}">${parts.join('')}</bpmndi:BPMNPlane></bpmndi:BPMNDiagram>`;
  // Inside the root element, just before its closing tag.
  return `${xml.slice(0, closing)}${diagram}\n${xml.slice(closing)}`;
}

type Flow = { id: string; source: string; target: string };

/**
 * Columns and rows of the nodes. Columns: the longest path from a start event over the forward flows (a
 * depth-first walk marks the flows that close a cycle as returns and leaves them out); a boundary event's
 * flows leave from its host. Rows: a node takes the row of its first placed predecessor plus its position
 * among that predecessor's successors, or the next free row of its column below.
 */
function layers(ids: string[], starts: string[], flows: Flow[], hostOf: Map<string, string>): { column: Map<string, number>; row: Map<string, number> } {
  const from = (id: string): string => hostOf.get(id) ?? id;
  const next = new Map<string, string[]>();
  for (const f of flows) {
    if (hostOf.has(f.target)) continue;
    const source = from(f.source);
    next.set(source, [...(next.get(source) ?? []), f.target]);
  }
  // Depth-first from the starts (then from anything left): an edge into a node still on the stack is a return.
  const forward = new Map<string, string[]>();
  const state = new Map<string, 'open' | 'done'>();
  const order: string[] = [];
  const visit = (id: string): void => {
    state.set(id, 'open');
    for (const target of next.get(id) ?? []) {
      if (state.get(target) === 'open') continue;
      forward.set(id, [...(forward.get(id) ?? []), target]);
      if (!state.has(target)) visit(target);
    }
    state.set(id, 'done');
    order.push(id);
  };
  for (const id of [...starts, ...ids]) if (!state.has(id) && !hostOf.has(id)) visit(id);
  const topo = order.reverse();
  const column = new Map<string, number>(topo.map((id) => [id, 0]));
  for (const id of topo) for (const target of forward.get(id) ?? []) column.set(target, Math.max(column.get(target) ?? 0, (column.get(id) ?? 0) + 1));

  const row = new Map<string, number>();
  const used = new Map<number, Set<number>>();
  const take = (id: string, wanted: number): void => {
    const col = column.get(id) ?? 0;
    const taken = used.get(col) ?? new Set<number>();
    let r = Math.max(0, wanted);
    while (taken.has(r)) r++;
    taken.add(r);
    used.set(col, taken);
    row.set(id, r);
  };
  const byColumn = [...topo].sort((x, y) => (column.get(x) ?? 0) - (column.get(y) ?? 0));
  for (const id of byColumn) {
    if (row.has(id)) continue;
    const preds = byColumn.filter((p) => row.has(p) && (forward.get(p) ?? []).includes(id));
    const wanted = preds.length === 0 ? 0 : Math.min(...preds.map((p) => (row.get(p) ?? 0) + (forward.get(p) ?? []).indexOf(id)));
    take(id, wanted);
  }
  return { column, row };
}

const attr = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Forward: right side to left side (orthogonal when rows differ); backward (a return): under the diagram. */
function waypoints(from: Box, to: Box, bottom: number): Array<[number, number]> {
  const fy = from.y + from.height / 2;
  const ty = to.y + to.height / 2;
  if (to.x > from.x + from.width) {
    const fx = from.x + from.width;
    const tx = to.x;
    if (Math.abs(fy - ty) < 1) return [[fx, fy], [tx, ty]];
    const mid = (fx + tx) / 2;
    return [[fx, fy], [mid, fy], [mid, ty], [tx, ty]];
  }
  const fx = from.x + from.width / 2;
  const tx = to.x + to.width / 2;
  return [[fx, from.y + from.height], [fx, bottom], [tx, bottom], [tx, to.y + to.height]];
}
