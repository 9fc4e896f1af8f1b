/**
 * Diagram interchange (DI) for BPMN definitions deployed without it (the workflow engine needs none, and
 * hand-written process files rarely carry coordinates): a left-to-right layout by breadth-first depth from
 * the start events, one column per step, straight or orthogonal edges, boundary events on their host's
 * lower edge. Good enough to show where an instance stands; definitions with their own DI are drawn as is.
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

  // Breadth-first columns; a boundary event's flows leave from its host's column.
  const column = new Map<string, number>();
  const queue: string[] = [];
  for (const node of nodes) {
    if (local(node) === 'startEvent') {
      column.set(node.getAttribute('id') ?? '', 0);
      queue.push(node.getAttribute('id') ?? '');
    }
  }
  const visit = (from: string, depth: number): void => {
    for (const flow of flows) {
      if (flow.source !== from || column.has(flow.target) || hostOf.has(flow.target)) continue;
      column.set(flow.target, depth + 1);
      queue.push(flow.target);
    }
  };
  while (queue.length > 0) {
    const id = queue.shift() as string;
    const depth = column.get(id) ?? 0;
    visit(id, depth);
    for (const [boundary, host] of hostOf) if (host === id) visit(boundary, depth);
  }
  let last = Math.max(0, ...column.values());
  for (const node of nodes) {
    const id = node.getAttribute('id') ?? '';
    if (!column.has(id)) column.set(id, ++last);
  }

  const rowsUsed = new Map<number, number>();
  const boxes = new Map<string, Box>();
  for (const node of nodes) {
    const id = node.getAttribute('id') ?? '';
    const col = column.get(id) ?? 0;
    const row = rowsUsed.get(col) ?? 0;
    rowsUsed.set(col, row + 1);
    const { width, height } = sizeOf(local(node));
    const cx = MARGIN + col * COLUMN + 50;
    const cy = MARGIN + row * ROW + 40;
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
