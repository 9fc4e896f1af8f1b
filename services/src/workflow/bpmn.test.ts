import { describe, expect, it } from 'vitest';
import { BpmnError, parseAssignee, parseBpmn, parseIsoDuration, parseOutcomes, parseSla } from './bpmn.ts';
import { CONNECTION_XML, TIMER_XML } from './testing/fixtures.ts';
import { bpmnRefusal as refusal, wrapProcess as wrap } from './testing/bpmn-xml.ts';

const linear = (middle: string, extraFlows = ''): string =>
  wrap(`<startEvent id="s" /><sequenceFlow id="a" sourceRef="s" targetRef="x" />${middle}<sequenceFlow id="b" sourceRef="x" targetRef="e" /><endEvent id="e" />${extraFlows}`);

describe('BPMN subset', () => {
  it('parses the supported elements with the wb: attributes into a model', async () => {
    const model = await parseBpmn(CONNECTION_XML);
    expect(model).toMatchObject({ key: 't-connection', name: '测试业扩', startId: 'start', sla: { kind: 'wd', days: 5 } });
    expect(model.nodes.survey).toMatchObject({ type: 'userTask', assignee: { kind: 'post', post: 'YK_SURVEY', level: 0 }, sla: { kind: 'wd', days: 2 }, outcomes: [{ key: 'pass', label: '通过' }, { key: 'reject', label: '退回' }] });
    expect(model.nodes.scheme?.assignee).toEqual({ kind: 'post', post: 'YK_SCHEME', level: 1 });
    expect(model.nodes.revisit?.assignee).toEqual({ kind: 'post', post: 'KF_REVISIT', level: 0, orgUnitCode: '3340180' });
    expect(model.nodes.install?.sla).toEqual({ kind: 'ms', ms: 45 * 60_000 });
    expect(model.nodes.archive).toMatchObject({ type: 'serviceTask', command: 'test.archive' });
    expect(model.nodes.gw).toMatchObject({ type: 'gateway', defaultFlow: 'f6' });
    expect(model.flows.f5?.condition).toBe('=capacity > 100');
    const timer = await parseBpmn(TIMER_XML);
    expect(timer.nodes.late).toMatchObject({ type: 'timer', attachedTo: 'wait', delayMs: 2 * 3_600_000 });
    expect(timer.nodes.wait?.timers).toEqual(['late']);
  });

  it.each([
    ['complexGateway', '<complexGateway id="cg1" />'],
    ['subProcess', '<subProcess id="sp1" />'],
    ['scriptTask', '<scriptTask id="st1" />'],
    ['inclusiveGateway', '<inclusiveGateway id="ig1" />'],
    ['intermediateCatchEvent', '<intermediateCatchEvent id="ic1" />'],
    ['callActivity', '<callActivity id="ca1" />'],
    ['manualTask', '<manualTask id="mt1" />'],
  ])('refuses %s naming the element', async (name, element) => {
    const message = await refusal(linear(`<userTask id="x" wb:assignee="initiator" />${element}`));
    expect(message).toBe(`不支持的流程元素：${name}（id=${/id="([^"]+)"/.exec(element)?.[1]}）`);
  });

  it('refuses event definitions other than boundary timers, and non-interrupting timers', async () => {
    expect(await refusal(wrap('<startEvent id="s"><messageEventDefinition id="m1" /></startEvent><sequenceFlow id="a" sourceRef="s" targetRef="e" /><endEvent id="e" />'))).toBe(
      '不支持的流程元素：messageEventDefinition（id=m1）',
    );
    const nonInterrupting = linear(
      '<userTask id="x" wb:assignee="initiator" /><boundaryEvent id="t1" attachedToRef="x" cancelActivity="false"><timerEventDefinition><timeDuration>PT1H</timeDuration></timerEventDefinition></boundaryEvent>',
      '<sequenceFlow id="c" sourceRef="t1" targetRef="e" />',
    );
    expect(await refusal(nonInterrupting)).toContain('必须是中断型');
    const badDuration = nonInterrupting.replace(' cancelActivity="false"', '').replace('PT1H', 'soon');
    expect(await refusal(badDuration)).toContain('定时「soon」格式不正确');
  });

  it('refuses a missing or unreachable end, several starts, dangling flows', async () => {
    expect(await refusal(wrap('<startEvent id="s" /><sequenceFlow id="a" sourceRef="s" targetRef="x" /><userTask id="x" wb:assignee="initiator" /><sequenceFlow id="b" sourceRef="x" targetRef="x" />'))).toBe(
      '从开始事件无法到达任何结束事件',
    );
    expect(await refusal(wrap('<userTask id="x" wb:assignee="initiator" /><sequenceFlow id="b" sourceRef="x" targetRef="e" /><endEvent id="e" />'))).toBe('流程缺少开始事件');
    expect(await refusal(linear('<userTask id="x" wb:assignee="initiator" /><startEvent id="s2" /><sequenceFlow id="c" sourceRef="s2" targetRef="x" />'))).toBe('流程只能有一个开始事件');
    expect(await refusal(linear('<userTask id="x" wb:assignee="initiator" /><userTask id="orphan" wb:assignee="initiator" /><sequenceFlow id="c" sourceRef="orphan" targetRef="e" />'))).toContain(
      '从开始事件无法到达',
    );
    expect(await refusal(linear('<userTask id="x" wb:assignee="initiator" />', '<sequenceFlow id="c" sourceRef="x" targetRef="nowhere" />'))).toContain('缺少起点或终点');
    expect(await refusal('<definitions')).toContain('不是有效的 BPMN XML');
  });

  it('refuses bad gateway conditions and branches without conditions', async () => {
    const gateway = (cond: string, cond2 = '=outcome = "b"'): string =>
      wrap(`<startEvent id="s" /><sequenceFlow id="a" sourceRef="s" targetRef="g" /><exclusiveGateway id="g" />
        <sequenceFlow id="b" sourceRef="g" targetRef="e"><conditionExpression>${cond}</conditionExpression></sequenceFlow>
        <sequenceFlow id="c" sourceRef="g" targetRef="e">${cond2 ? `<conditionExpression>${cond2}</conditionExpression>` : ''}</sequenceFlow><endEvent id="e" />`);
    expect(await parseBpmn(gateway('=outcome = "a"'))).toBeTruthy();
    expect(await refusal(gateway('=capacity &gt;'))).toContain('连线（id=b）的条件「=capacity >」不正确：FEEL 表达式语法错误');
    // One unconditioned flow is the default; two are ambiguous.
    expect((await parseBpmn(gateway('=outcome = "a"', ''))).nodes.g?.defaultFlow).toBe('c');
    const two = wrap(`<startEvent id="s" /><sequenceFlow id="a" sourceRef="s" targetRef="g" /><exclusiveGateway id="g" />
        <sequenceFlow id="b" sourceRef="g" targetRef="e" /><sequenceFlow id="c" sourceRef="g" targetRef="e" /><endEvent id="e" />`);
    expect(await refusal(two)).toContain('缺少条件');
  });

  it('refuses a condition in the old language (not FEEL) at deploy, naming the flow (ADR 0036)', async () => {
    const gateway = (cond: string): string =>
      wrap(`<startEvent id="s" /><sequenceFlow id="a" sourceRef="s" targetRef="g" /><exclusiveGateway id="g" />
        <sequenceFlow id="toEnd" sourceRef="g" targetRef="e"><conditionExpression>${cond}</conditionExpression></sequenceFlow>
        <sequenceFlow id="c" sourceRef="g" targetRef="e" /><endEvent id="e" />`);
    for (const old of ["outcome == 'pass'", 'capacity &gt; 100', 'true', "outcome == 'a"]) {
      expect(await refusal(gateway(old))).toMatch(/^连线（id=toEnd）的条件「.+」不是 FEEL 表达式：条件须以 = 开头/);
    }
    expect((await parseBpmn(gateway('=outcome = "pass"'))).flows.toEnd?.condition).toBe('=outcome = "pass"');
    expect((await parseBpmn(gateway(' =capacity &gt; 100 '))).flows.toEnd?.condition).toBe('=capacity > 100');
  });

  it('refuses user tasks without or with malformed wb: attributes, and tasks with two outgoing flows', async () => {
    expect(await refusal(linear('<userTask id="x" name="勘查" />'))).toBe('环节「勘查」（id=x）缺少办理人（wb:assignee）');
    expect(await refusal(linear('<userTask id="x" wb:assignee="somebody" />'))).toContain('办理人「somebody」格式不正确');
    expect(await refusal(linear('<userTask id="x" wb:assignee="initiator" wb:sla="3 days" />'))).toContain('时限「3 days」格式不正确');
    expect(await refusal(linear('<userTask id="x" wb:assignee="initiator" wb:outcomes="pass" />'))).toContain('处理结果「pass」格式不正确');
    expect(await refusal(linear('<serviceTask id="x" />'))).toContain('wb:command');
    expect(await refusal(linear('<userTask id="x" wb:assignee="initiator" />', '<sequenceFlow id="c" sourceRef="x" targetRef="e" />'))).toContain('只能有一条流出连线');
  });

  it('parses the attribute mini-languages', () => {
    expect(parseSla('3wd', 'x')).toEqual({ kind: 'wd', days: 3 });
    expect(parseSla('8h', 'x')).toEqual({ kind: 'ms', ms: 8 * 3_600_000 });
    expect(parseSla('2d', 'x')).toEqual({ kind: 'ms', ms: 2 * 86_400_000 });
    expect(() => parseSla('0m', 'x')).toThrow(BpmnError);
    expect(parseAssignee('post:YK_SCHEME@2', 'x')).toEqual({ kind: 'post', post: 'YK_SCHEME', level: 2 });
    expect(parseAssignee('role:WF_MONITOR', 'x')).toEqual({ kind: 'role', role: 'WF_MONITOR' });
    expect(parseAssignee('post:TQ_MGR#$unit2', 'x')).toEqual({ kind: 'post', post: 'TQ_MGR', level: 0, orgUnitVar: 'unit2' });
    expect(() => parseAssignee('post:TQ_MGR#$Unit', 'x')).toThrow(BpmnError);
    expect(parseAssignee('user:yk01', 'x')).toEqual({ kind: 'user', username: 'yk01' });
    expect(parseAssignee('leader', 'x')).toEqual({ kind: 'leader' });
    expect(() => parseAssignee('post:yk_lower', 'x')).toThrow(BpmnError);
    expect(parseOutcomes('pass:通过, reject:退回', 'x')).toEqual([{ key: 'pass', label: '通过' }, { key: 'reject', label: '退回' }]);
    expect(() => parseOutcomes('a:1,a:2', 'x')).toThrow('重复');
    expect(parseIsoDuration('P1DT12H', 'x')).toBe(36 * 3_600_000);
    expect(parseIsoDuration('PT30M', 'x')).toBe(30 * 60_000);
  });
});
