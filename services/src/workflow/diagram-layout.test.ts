import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { parseBpmn } from './bpmn.ts';
import { createDiagramCache, withDiagram } from './diagram-layout.ts';
import { CONNECTION_XML, TIMER_XML } from './testing/fixtures.ts';
import { PARALLEL_XML } from './testing/parallel-fixtures.ts';

const ids = (xml: string, element: string): string[] => [...xml.matchAll(new RegExp(`<bpmndi:${element} [^>]*bpmnElement="([^"]+)"`, 'g'))].map((m) => m[1] as string).sort();

describe('server-side BPMN layout (bpmn-auto-layout, ADR 0036)', () => {
  it.each([
    ['a gateway with a cycle back', CONNECTION_XML],
    ['a boundary timer', TIMER_XML],
    ['a parallel fork and join', PARALLEL_XML],
    ['a seeded 95598 process', readFileSync(new URL('../ticket/processes/kf-repair.bpmn', import.meta.url), 'utf8')],
  ])('gives %s a shape for every node and an edge for every flow, and keeps the engine attributes', async (_name, xml) => {
    const model = await parseBpmn(xml);
    const laidOut = await withDiagram(xml);
    expect(ids(laidOut, 'BPMNShape')).toEqual(Object.keys(model.nodes).sort());
    expect(ids(laidOut, 'BPMNEdge')).toEqual(Object.keys(model.flows).sort());
    // The engine reads the same definition from the laid-out XML.
    expect(await parseBpmn(laidOut)).toEqual(model);
  });

  it('answers a definition that carries its own diagram as deployed', async () => {
    const laidOut = await withDiagram(CONNECTION_XML);
    expect(await withDiagram(laidOut)).toBe(laidOut);
  });

  it('lays a version out once and retries after a failure', async () => {
    const laidOut = createDiagramCache(2);
    const first = laidOut('t@1', TIMER_XML);
    expect(laidOut('t@1', 'not read again')).toBe(first);
    await expect(laidOut('bad@1', '<definitions')).rejects.toThrow();
    await expect(laidOut('bad@1', TIMER_XML)).resolves.toContain('BPMNDiagram');
  });
});
