import { Alert, Spin } from 'antd';
import { useEffect, useRef, useState, type ReactElement } from 'react';
import { fetchDiagramXml } from './inbox-api.ts';

interface Canvas {
  addMarker(id: string, marker: string): void;
  zoom(level: string): void;
}
interface ElementRegistry {
  get(id: string): unknown;
  getGraphics(id: string): SVGElement | undefined;
}

const DONE_STYLE = { fill: '#f6ffed', stroke: '#52c41a', strokeWidth: '2px' };
const CURRENT_STYLE = { fill: '#e6f4ff', stroke: '#1677ff', strokeWidth: '3px' };

/**
 * Marks nodes: a canvas marker class (for tests and tooling) and the shape's fill and stroke as inline styles,
 * so that no stylesheet has to be shipped with the lazy chunk.
 */
function mark(canvas: Canvas, registry: ElementRegistry, ids: string, marker: string, style: typeof DONE_STYLE): void {
  for (const id of ids ? ids.split(',') : []) {
    if (!registry.get(id)) continue;
    canvas.addMarker(id, marker);
    const shape = registry.getGraphics(id)?.querySelector<SVGElement>('.djs-visual > :first-child');
    if (shape) Object.assign(shape.style, style);
  }
}

/**
 * The instance's process diagram in the bpmn-js NavigatedViewer (pan and zoom), with done nodes and current
 * nodes marked. bpmn-js (~300 KB) is imported only when this component mounts, i.e. when a drawer opens.
 * Mount it with `key={instanceId}` so that another instance starts from the loading state.
 * It draws SVG with inline styles only, which the CSP allows (style-src 'unsafe-inline', no eval).
 */
export function BpmnDiagram({ instanceId, doneNodes, currentNodes }: { instanceId: string; doneNodes: readonly string[]; currentNodes: readonly string[] }): ReactElement {
  const hostRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<'loading' | 'ready' | 'error'>('loading');
  const done = doneNodes.join(',');
  const current = currentNodes.join(',');

  useEffect(() => {
    const controller = new AbortController();
    let viewer: { destroy(): void } | undefined;
    let cancelled = false;
    (async () => {
      const [{ default: NavigatedViewer }, xml] = await Promise.all([
        import('bpmn-js/lib/NavigatedViewer'),
        fetchDiagramXml(instanceId, controller.signal),
      ]);
      // The workflow service lays out definitions deployed without diagram interchange (ADR 0036): draw as is.
      if (cancelled || !hostRef.current) return;
      const created = new NavigatedViewer({ container: hostRef.current });
      viewer = created;
      await created.importXML(xml);
      if (cancelled) return;
      const canvas = created.get<Canvas>('canvas');
      const registry = created.get<ElementRegistry>('elementRegistry');
      mark(canvas, registry, done, 'wb-node-done', DONE_STYLE);
      mark(canvas, registry, current, 'wb-node-current', CURRENT_STYLE);
      canvas.zoom('fit-viewport');
      setState('ready');
    })().catch(() => {
      if (!cancelled) setState('error');
    });
    return () => {
      cancelled = true;
      controller.abort();
      viewer?.destroy();
    };
  }, [instanceId, done, current]);

  return (
    <div data-testid="wb-bpmn" data-state={state}>
      {state === 'error' ? <Alert type="warning" showIcon title="流程图加载失败" /> : null}
      {state === 'loading' ? <Spin size="small" /> : null}
      <div ref={hostRef} style={{ height: 260, border: '1px solid #f0f0f0', display: state === 'error' ? 'none' : 'block' }} />
    </div>
  );
}
