import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOW_RESIDENT_XML } from '@wb/mocks';
import { hasDiagram, withGeneratedDiagram } from './bpmn-layout.ts';

const PLAIN = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:wb="http://wb.example/schema/bpmn" id="d" targetNamespace="x">
  <bpmn:process id="p" name="测试" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:userTask id="a" name="受理" wb:assignee="initiator" />
    <bpmn:exclusiveGateway id="gw" />
    <bpmn:userTask id="b" name="审批" />
    <bpmn:boundaryEvent id="timer" attachedToRef="b"><bpmn:timerEventDefinition><bpmn:timeDuration>PT1H</bpmn:timeDuration></bpmn:timerEventDefinition></bpmn:boundaryEvent>
    <bpmn:userTask id="late" name="催办" />
    <bpmn:endEvent id="end" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="a" />
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="gw" />
    <bpmn:sequenceFlow id="f3" sourceRef="gw" targetRef="b" />
    <bpmn:sequenceFlow id="f4" sourceRef="gw" targetRef="a" />
    <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="end" />
    <bpmn:sequenceFlow id="f6" sourceRef="timer" targetRef="late" />
  </bpmn:process>
</bpmn:definitions>`;

function parse(xml: string) {
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  const bounds = new Map<string, { x: number; y: number }>();
  const all = (root: Document | Element, name: string) => Array.from(root.getElementsByTagName('*')).filter((el) => (el.localName || el.nodeName).split(':').pop() === name);
  for (const shape of all(doc, 'BPMNShape')) {
    const b = all(shape, 'Bounds')[0];
    bounds.set(shape.getAttribute('bpmnElement') ?? '', { x: Number(b?.getAttribute('x')), y: Number(b?.getAttribute('y')) });
  }
  const edges = all(doc, 'BPMNEdge').map((e) => [e.getAttribute('bpmnElement'), all(e, 'waypoint').length]);
  return { bounds, edges: Object.fromEntries(edges) as Record<string, number> };
}

describe('withGeneratedDiagram', () => {
  it('keeps a definition that has its own diagram', () => {
    expect(hasDiagram(LOW_RESIDENT_XML)).toBe(true);
    expect(withGeneratedDiagram(LOW_RESIDENT_XML)).toBe(LOW_RESIDENT_XML);
  });

  it('lays out every node left to right by depth, with an edge per flow', () => {
    const out = withGeneratedDiagram(PLAIN);
    expect(hasDiagram(out)).toBe(true);
    const { bounds, edges } = parse(out);
    expect([...bounds.keys()].sort()).toEqual(['a', 'b', 'end', 'gw', 'late', 'start', 'timer']);
    const x = (id: string) => bounds.get(id)?.x ?? NaN;
    expect(x('start')).toBeLessThan(x('a'));
    expect(x('a')).toBeLessThan(x('gw'));
    expect(x('gw')).toBeLessThan(x('b'));
    expect(x('b')).toBeLessThan(x('end'));
    // The timer sits on its host; the path it starts continues one column on.
    expect(Math.abs(x('timer') - x('b'))).toBeLessThan(100);
    expect(x('late')).toBeGreaterThan(x('b'));
    expect(Object.keys(edges).sort()).toEqual(['f1', 'f2', 'f3', 'f4', 'f5', 'f6']);
    // The return (gw → a) goes round below: four waypoints.
    expect(edges['f4']).toBe(4);
    expect(out).toContain('wb:assignee="initiator"');
  });

  it('puts a parallel join after its longest branch, the branches on rows of their own, and keeps the 会签 marker', () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:wb="http://wb.example/schema/bpmn" id="d" targetNamespace="x">
  <process id="p">
    <startEvent id="start" /><parallelGateway id="fork" /><userTask id="a" /><userTask id="b1" /><userTask id="b2" />
    <userTask id="vote"><multiInstanceLoopCharacteristics isSequential="false" wb:completion="any" /></userTask>
    <parallelGateway id="join" /><endEvent id="end" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="fork" /><sequenceFlow id="f2" sourceRef="fork" targetRef="a" />
    <sequenceFlow id="f3" sourceRef="fork" targetRef="b1" /><sequenceFlow id="f4" sourceRef="b1" targetRef="b2" />
    <sequenceFlow id="f5" sourceRef="a" targetRef="join" /><sequenceFlow id="f6" sourceRef="b2" targetRef="join" />
    <sequenceFlow id="f7" sourceRef="join" targetRef="vote" /><sequenceFlow id="f8" sourceRef="vote" targetRef="end" />
  </process>
</definitions>`;
    const out = withGeneratedDiagram(xml);
    const { bounds, edges } = parse(out);
    const at = (id: string) => bounds.get(id) ?? { x: NaN, y: NaN };
    expect(at('a').x).toBe(at('b1').x);
    expect(at('a').y).not.toBe(at('b1').y);
    expect(at('join').x).toBeGreaterThan(at('b2').x);
    expect(at('join').y).toBe(at('fork').y);
    expect(at('vote').x).toBeGreaterThan(at('join').x);
    // Every flow goes forward (no edge routed round below as a return).
    expect(Object.values(edges).every((n) => n <= 4)).toBe(true);
    expect(edges['f6']).toBe(4);
    expect(out).toContain('<multiInstanceLoopCharacteristics isSequential="false" wb:completion="any" />');
  });

  it('lays out the 业扩 definitions as deployed', () => {
    const xml = readFileSync(resolve(import.meta.dirname, '../../../services/src/connection/processes/yk-lv-resident.bpmn'), 'utf8');
    const { bounds } = parse(withGeneratedDiagram(xml));
    expect(bounds.get('survey')?.x).toBeGreaterThan(bounds.get('accept')?.x ?? Infinity);
  });
});
