/** The BPMN subset's parallel gateways and multi-instance user tasks (会签): parsing and deploy-time checks (ADR 0025). */
import { describe, expect, it } from 'vitest';
import { BpmnError, parseBpmn, parseCompletion } from './bpmn.ts';
import { MI_XML, PARALLEL_XML } from './testing/parallel-fixtures.ts';
import { bpmnRefusal as refusal, wrapProcess as wrap } from './testing/bpmn-xml.ts';

const flow = (id: string, from: string, to: string, condition?: string): string =>
  `<sequenceFlow id="${id}" sourceRef="${from}" targetRef="${to}">${condition ? `<conditionExpression>${condition}</conditionExpression>` : ''}</sequenceFlow>`;
const task = (id: string, extra = ''): string => `<userTask id="${id}" name="${id}" wb:assignee="initiator"${extra} />`;

/** start → fork → (a | b) → join → end, with `body` replacing or adding elements. */
const balanced = (extra = ''): string =>
  wrap(`<startEvent id="s" />${flow('f0', 's', 'fork')}<parallelGateway id="fork" />${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}
    ${task('a')}${task('b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}<parallelGateway id="join" />${flow('f5', 'join', 'e')}<endEvent id="e" />${extra}`);

describe('parallel gateways at deploy', () => {
  it('pairs a fork with its join, also around an exclusive gateway, a boundary timer and a nested fork', async () => {
    const model = await parseBpmn(PARALLEL_XML);
    expect(model.concurrent).toBe(true);
    expect(model.nodes.fork).toMatchObject({ type: 'parallel', fork: { join: 'join' } });
    expect(model.nodes.join).toMatchObject({ type: 'parallel', join: { fork: 'fork' } });
    const nested = wrap(`<startEvent id="s" />${flow('f0', 's', 'outer')}<parallelGateway id="outer" />${flow('f1', 'outer', 'inner')}${flow('f2', 'outer', 'c')}
      <parallelGateway id="inner" />${flow('f3', 'inner', 'a')}${flow('f4', 'inner', 'b')}${task('a')}${task('b')}${flow('f5', 'a', 'innerJoin')}${flow('f6', 'b', 'innerJoin')}
      <parallelGateway id="innerJoin" />${flow('f7', 'innerJoin', 'outerJoin')}${task('c')}${flow('f8', 'c', 'outerJoin')}<parallelGateway id="outerJoin" />${flow('f9', 'outerJoin', 'e')}<endEvent id="e" />`);
    const pairs = await parseBpmn(nested);
    expect(pairs.nodes.outer?.fork).toEqual({ join: 'outerJoin' });
    expect(pairs.nodes.inner?.fork).toEqual({ join: 'innerJoin' });
    // A fork straight into its join (an empty branch) is allowed.
    expect((await parseBpmn(balanced(flow('f6', 'fork', 'join')))).nodes.fork?.outgoing).toHaveLength(3);
    // Processes without parallel elements stay single-token.
    expect((await parseBpmn(wrap(`<startEvent id="s" />${flow('f0', 's', 'x')}${task('x')}${flow('f1', 'x', 'e')}<endEvent id="e" />`))).concurrent).toBeUndefined();
  });

  it('refuses unbalanced forks and joins, conditions on parallel flows and gateways that neither fork nor join', async () => {
    // A branch that ends the process instead of joining.
    const ending = balanced(`${flow('f6', 'fork', 'c')}${task('c')}${flow('f7', 'c', 'e')}`);
    expect(await refusal(ending)).toContain('分支不能直接结束流程');
    // Branches meeting at different joins.
    const twoJoins = wrap(`<startEvent id="s" />${flow('f0', 's', 'fork')}<parallelGateway id="fork" name="分叉" />${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${flow('f3', 'fork', 'c')}
      ${task('a')}${task('b')}${task('c', ' wb:outcomes="x:甲,y:乙"')}${flow('f4', 'a', 'j1')}${flow('f5', 'b', 'j1')}${flow('f6', 'c', 'gx')}<exclusiveGateway id="gx" default="f8" />
      ${flow('f7', 'gx', 'j2', '=outcome = "x"')}${flow('f8', 'gx', 'j2')}<parallelGateway id="j1" /><parallelGateway id="j2" />${flow('f9', 'j1', 'e')}${flow('f10', 'j2', 'e')}<endEvent id="e" />`);
    expect(await refusal(twoJoins)).toBe('并行网关「分叉」（id=fork）的各条分支必须汇合到同一个并行汇聚网关');
    // A join fed from outside the fork's branches.
    const outside = wrap(`<startEvent id="s" />${flow('f0', 's', 'g')}<exclusiveGateway id="g" default="f0b" />${flow('f0a', 'g', 't', '=outcome = "x"')}${flow('f0b', 'g', 'fork')}${task('t')}${flow('ft', 't', 'join')}
      <parallelGateway id="fork" />${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${task('a')}${task('b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}<parallelGateway id="join" />${flow('f5', 'join', 'e')}<endEvent id="e" />`);
    expect(await refusal(outside)).toContain('的流入连线（ft）不是来自并行网关');
    // A join without a fork.
    const lonely = wrap(`<startEvent id="s" />${flow('f0', 's', 'g')}<exclusiveGateway id="g" default="f2" />${flow('f1', 'g', 'a', '=outcome = "a"')}${flow('f2', 'g', 'b')}
      ${task('a')}${task('b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}<parallelGateway id="join" name="汇合" />${flow('f5', 'join', 'e')}<endEvent id="e" />`);
    expect(await refusal(lonely)).toBe('并行汇聚网关「汇合」（id=join）没有对应的并行分叉网关');
    // A branch flowing back before its fork.
    const loop = balanced()
      .replace(flow('f0', 's', 'fork'), `${flow('f0', 's', 'prep')}${task('prep')}${flow('f0p', 'prep', 'fork')}`)
      .replace(flow('f4', 'b', 'join'), `${flow('f4', 'b', 'gb')}<exclusiveGateway id="gb" default="f4c" />${flow('f4a', 'gb', 'prep', '=outcome = "x"')}${flow('f4c', 'gb', 'join')}`);
    expect(await refusal(loop)).toBe('并行网关「fork」（id=fork）的分支不能流回该网关之前');
    // Straight back into the fork makes it a gateway with two incoming and two outgoing flows.
    expect(await refusal(balanced().replace(flow('f4', 'b', 'join'), `${flow('f4', 'b', 'gb')}<exclusiveGateway id="gb" default="f4c" />${flow('f4a', 'gb', 'fork', '=outcome = "x"')}${flow('f4c', 'gb', 'join')}`))).toContain(
      '必须是分叉（一条流入、多条流出）或汇聚',
    );
    // Entering a branch from outside it.
    const jumpIn = wrap(`<startEvent id="s" />${flow('f0', 's', 'g')}<exclusiveGateway id="g" default="f0b" />${flow('f0a', 'g', 'b', '=outcome = "x"')}${flow('f0b', 'g', 'fork')}
      <parallelGateway id="fork" />${flow('f1', 'fork', 'a')}${flow('f2', 'fork', 'b')}${task('a')}${task('b')}${flow('f3', 'a', 'join')}${flow('f4', 'b', 'join')}<parallelGateway id="join" />${flow('f5', 'join', 'e')}<endEvent id="e" />`);
    expect(await refusal(jumpIn)).toContain('不能从分支外流入');
    // Conditions on parallel flows.
    expect(await refusal(balanced().replace(flow('f1', 'fork', 'a'), flow('f1', 'fork', 'a', '=outcome = "x"')))).toContain('不能带条件');
    // One in, one out: neither a fork nor a join.
    const passThrough = wrap(`<startEvent id="s" />${flow('f0', 's', 'g')}<parallelGateway id="g" name="直通" />${flow('f1', 'g', 'e')}<endEvent id="e" />`);
    expect(await refusal(passThrough)).toBe('并行网关「直通」（id=g）必须是分叉（一条流入、多条流出）或汇聚（多条流入、一条流出）');
  });
});

describe('multi-instance user tasks (会签) at deploy', () => {
  it('parses the standard loop characteristics with wb:completion and a list of assignees', async () => {
    const model = await parseBpmn(MI_XML('t-mi', 'ratio:0.5'));
    expect(model.concurrent).toBe(true);
    expect(model.nodes.vote?.multi).toEqual({
      completion: { kind: 'ratio', ratio: 0.5 },
      assignees: [{ kind: 'user', username: 'yk02' }, { kind: 'user', username: 'yk03' }, { kind: 'user', username: 'yk04' }],
    });
    expect(model.nodes.vote?.assignee).toEqual({ kind: 'user', username: 'yk02' });
    // No wb:completion: every assignee must complete.
    expect((await parseBpmn(MI_XML('t-mi', null))).nodes.vote?.multi?.completion).toEqual({ kind: 'all' });
    expect(parseCompletion('any', 'x')).toEqual({ kind: 'any' });
    expect(parseCompletion('ratio:1', 'x')).toEqual({ kind: 'ratio', ratio: 1 });
    for (const bad of ['ratio:0', 'ratio:1.5', 'half', 'ratio:']) expect(() => parseCompletion(bad, 'x')).toThrow(BpmnError);
  });

  it('refuses sequential multi-instance, completion conditions, several assignees without it, timers on it, loops on other elements', async () => {
    const mi = (loop: string, extra = ''): string =>
      wrap(`<startEvent id="s" />${flow('f0', 's', 'x')}<userTask id="x" name="会签" wb:assignee="user:yk02,user:yk03">${loop}</userTask>${flow('f1', 'x', 'e')}<endEvent id="e" />${extra}`);
    expect(await refusal(mi('<multiInstanceLoopCharacteristics isSequential="true" />'))).toContain('只支持并行多实例');
    expect(await refusal(mi('<multiInstanceLoopCharacteristics isSequential="false"><completionCondition>${x}</completionCondition></multiInstanceLoopCharacteristics>'))).toContain('wb:completion');
    expect(await refusal(mi('<multiInstanceLoopCharacteristics wb:completion="most" />'))).toContain('会签规则「most」格式不正确');
    expect(await refusal(mi('<standardLoopCharacteristics />'))).toContain('不支持的流程元素：standardLoopCharacteristics');
    expect(await refusal(mi(''))).toBe('环节「会签」（id=x）只有会签（多实例）环节才能指定多个办理人');
    const timer = '<boundaryEvent id="t1" attachedToRef="x"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent><sequenceFlow id="f2" sourceRef="t1" targetRef="e" />';
    expect(await refusal(mi('<multiInstanceLoopCharacteristics />', timer))).toContain('不能附着在会签');
    const service = wrap(`<startEvent id="s" />${flow('f0', 's', 'x')}<serviceTask id="x" name="归档" wb:command="test.archive"><multiInstanceLoopCharacteristics /></serviceTask>${flow('f1', 'x', 'e')}<endEvent id="e" />`);
    expect(await refusal(service)).toContain('只有用户任务支持多实例');
  });
});
