/**
 * Diagram interchange (DI) for definitions deployed without it (ADR 0036). The engine needs no coordinates, and
 * hand-written process files rarely carry them, but a viewer (the shell's bpmn-js) can draw nothing without.
 * The workflow service lays such a definition out with **bpmn-auto-layout** (bpmn.io) when its diagram is asked
 * for, so every client gets a drawable diagram and none lays out by hand. A definition with its own DI is
 * answered as deployed.
 *
 * bpmn-auto-layout walks `incoming` / `outgoing` of the flow nodes, which BPMN tools write but hand-written files
 * usually leave out (only the flows' `sourceRef` / `targetRef` are required): they are filled in from the flows
 * first. The engine's `wb:` attributes survive the round trip through bpmn-moddle.
 */
import { BpmnModdle } from 'bpmn-moddle';
import type { ModdleElement } from 'bpmn-moddle';
import { layoutProcess } from 'bpmn-auto-layout';

const moddle = new BpmnModdle();

function hasDiagram(definitions: ModdleElement): boolean {
  const diagrams = (definitions.diagrams as ModdleElement[] | undefined) ?? [];
  return diagrams.some((d) => (((d.plane as ModdleElement | undefined)?.planeElement as unknown[] | undefined) ?? []).length > 0);
}

/** Adds each sequence flow to its source's `outgoing` and its target's `incoming`, where the file left them out. */
function wireFlowNodes(definitions: ModdleElement): void {
  const processes = ((definitions.rootElements as ModdleElement[] | undefined) ?? []).filter((e) => e.$type === 'bpmn:Process');
  for (const process of processes) {
    for (const flow of (process.flowElements as ModdleElement[] | undefined) ?? []) {
      if (flow.$type !== 'bpmn:SequenceFlow') continue;
      const source = flow.sourceRef as ModdleElement | undefined;
      const target = flow.targetRef as ModdleElement | undefined;
      const outgoing = source?.get('outgoing') as ModdleElement[] | undefined;
      const incoming = target?.get('incoming') as ModdleElement[] | undefined;
      if (outgoing && !outgoing.includes(flow)) outgoing.push(flow);
      if (incoming && !incoming.includes(flow)) incoming.push(flow);
    }
  }
}

/** The definition's XML, with a generated left-to-right DI when it has none; throws when the XML does not parse. */
export async function withDiagram(xml: string): Promise<string> {
  const { rootElement } = await moddle.fromXML(xml);
  if (hasDiagram(rootElement)) return xml;
  wireFlowNodes(rootElement);
  const { xml: wired } = await moddle.toXML(rootElement);
  return layoutProcess(wired);
}

/**
 * Laid-out diagrams by definition version (`key@version`: deployed versions never change). Bounded, oldest
 * first out; one per route registration (docs/architecture.md §12 habit 8), not module state.
 */
export function createDiagramCache(limit = 100): (id: string, xml: string) => Promise<string> {
  const entries = new Map<string, Promise<string>>();
  return (id, xml) => {
    const hit = entries.get(id);
    if (hit) return hit;
    const laidOut = withDiagram(xml);
    entries.set(id, laidOut);
    // A failed layout is not kept: the next request tries again.
    laidOut.catch(() => entries.delete(id));
    if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    return laidOut;
  };
}
