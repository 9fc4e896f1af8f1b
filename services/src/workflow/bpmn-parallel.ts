/** Deploy-time structure checks of parallel gateways (ADR 0025): pairing forks with joins. */
import { BpmnError } from './bpmn-model.ts';
import type { ModelFlow, ModelNode } from './bpmn-model.ts';

/**
 * Pairs every parallel fork with its join and checks that they balance (a structural check, docs/workflow.md):
 * every branch of a fork — walked through its flows and boundary timers, a nested fork jumping to its own
 * join — reaches one and the same join without ending the process or flowing back to the fork; the join's
 * incoming flows all come from those branches; nothing outside flows into a branch; every join has a fork.
 */
export function pairParallelGateways(nodes: Record<string, ModelNode>, flows: Record<string, ModelFlow>, incoming: Map<string, string[]>): void {
  const name = (n: ModelNode): string => `「${n.name}」（id=${n.id}）`;
  const inProgress = new Set<string>();
  const regions = new Map<string, Set<string>>();
  const joinOf = (forkId: string): string => {
    const fork = nodes[forkId] as ModelNode;
    if (fork.fork?.join) return fork.fork.join;
    if (inProgress.has(forkId)) throw new BpmnError(`并行网关${name(fork)}的分支不能流回该网关之前`);
    inProgress.add(forkId);
    const region = new Set<string>();
    let join: string | undefined;
    for (const first of fork.outgoing) {
      const stops = new Set<string>();
      const seen = new Set<string>();
      const queue = [flows[first]?.target as string];
      while (queue.length > 0) {
        const id = queue.shift() as string;
        if (seen.has(id)) continue;
        seen.add(id);
        const node = nodes[id] as ModelNode;
        if (id === forkId) throw new BpmnError(`并行网关${name(fork)}的分支不能流回该网关之前`);
        if (node.join) {
          stops.add(id);
          continue;
        }
        if (node.type === 'end') throw new BpmnError(`并行网关${name(fork)}的分支不能直接结束流程，须先在并行汇聚网关汇合`);
        region.add(id);
        if (node.fork) {
          const inner = joinOf(id);
          for (const n of regions.get(id) ?? []) region.add(n);
          region.add(inner);
          queue.push(...(nodes[inner] as ModelNode).outgoing.map((f) => flows[f]?.target as string));
          continue;
        }
        queue.push(...node.outgoing.map((f) => flows[f]?.target as string), ...(node.timers ?? []));
      }
      const stop = [...stops][0];
      if (stops.size !== 1 || (join && join !== stop)) throw new BpmnError(`并行网关${name(fork)}的各条分支必须汇合到同一个并行汇聚网关`);
      join = stop;
    }
    const joinNode = nodes[join as string] as ModelNode;
    if (joinNode.join?.fork) throw new BpmnError(`并行汇聚网关${name(joinNode)}不能同时汇合两个并行网关的分支`);
    for (const flowId of incoming.get(joinNode.id) ?? []) {
      const source = flows[flowId]?.source as string;
      if (source !== forkId && !region.has(source)) throw new BpmnError(`并行汇聚网关${name(joinNode)}的流入连线（${flowId}）不是来自并行网关${name(fork)}的分支`);
    }
    for (const id of region) {
      for (const flowId of incoming.get(id) ?? []) {
        const source = flows[flowId]?.source as string;
        if (source !== forkId && !region.has(source)) throw new BpmnError(`环节${name(nodes[id] as ModelNode)}位于并行网关${name(fork)}的分支内，不能从分支外流入（连线 ${flowId}）`);
      }
    }
    regions.set(forkId, region);
    fork.fork = { join: joinNode.id };
    joinNode.join = { fork: forkId };
    inProgress.delete(forkId);
    return joinNode.id;
  };
  for (const node of Object.values(nodes)) if (node.fork) joinOf(node.id);
  const lonely = Object.values(nodes).find((n) => n.join && !n.join.fork);
  if (lonely) throw new BpmnError(`并行汇聚网关${name(lonely)}没有对应的并行分叉网关`);
}
