/** BPMN fixtures of parallel gateways and multi-instance user tasks (会签), ADR 0025. */
import { BPMN_HEAD } from './bpmn-xml.ts';

/**
 * pre (initiator) → fork → branch 0: a (YK_ACCEPT candidates, a PT2H boundary timer to the join)
 *                        → branch 1: b (YK_SURVEY candidates, outcomes ok / more) → exclusive gateway: more → c (jl01) → join; else → join
 * → join → final (yk04) → end.
 */
export const PARALLEL_XML = `${BPMN_HEAD}
  <process id="t-par" name="测试并行">
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="pre" />
    <userTask id="pre" name="发起准备" wb:assignee="initiator" />
    <sequenceFlow id="f1" sourceRef="pre" targetRef="fork" />
    <parallelGateway id="fork" name="分头办理" />
    <sequenceFlow id="f2" sourceRef="fork" targetRef="a" />
    <sequenceFlow id="f3" sourceRef="fork" targetRef="b" />
    <userTask id="a" name="受理审核" wb:assignee="post:YK_ACCEPT" />
    <boundaryEvent id="late" attachedToRef="a"><timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f4" sourceRef="a" targetRef="join" />
    <sequenceFlow id="f4t" sourceRef="late" targetRef="join" />
    <userTask id="b" name="现场核查" wb:assignee="post:YK_SURVEY" wb:outcomes="ok:无误,more:需补充" />
    <sequenceFlow id="f5" sourceRef="b" targetRef="check" />
    <exclusiveGateway id="check" name="核查结论" default="f7" />
    <sequenceFlow id="f6" sourceRef="check" targetRef="c"><conditionExpression>=outcome = "more"</conditionExpression></sequenceFlow>
    <sequenceFlow id="f7" sourceRef="check" targetRef="join" />
    <userTask id="c" name="补充资料" wb:assignee="user:jl01" />
    <sequenceFlow id="f8" sourceRef="c" targetRef="join" />
    <parallelGateway id="join" name="汇合" />
    <sequenceFlow id="f9" sourceRef="join" targetRef="final" />
    <userTask id="final" name="审批" wb:assignee="user:yk04" />
    <sequenceFlow id="f10" sourceRef="final" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** start → fork → a (yk01) | b (yk02) → join → after (yk04) → end: the shape of the concurrent-join runs. */
export const TWO_BRANCHES_XML = (key = 't-two'): string => `${BPMN_HEAD}
  <process id="${key}" name="测试双分支">
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="fork" />
    <parallelGateway id="fork" />
    <sequenceFlow id="f1" sourceRef="fork" targetRef="a" />
    <sequenceFlow id="f2" sourceRef="fork" targetRef="b" />
    <userTask id="a" name="甲" wb:assignee="user:yk01" />
    <userTask id="b" name="乙" wb:assignee="user:yk02" />
    <sequenceFlow id="f3" sourceRef="a" targetRef="join" />
    <sequenceFlow id="f4" sourceRef="b" targetRef="join" />
    <parallelGateway id="join" />
    <sequenceFlow id="f5" sourceRef="join" targetRef="after" />
    <userTask id="after" name="汇合后" wb:assignee="user:yk04" />
    <sequenceFlow id="f6" sourceRef="after" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/**
 * start → vote (会签 of yk02, yk03, yk04 with `completion`, outcomes pass / reject) → outcome == 'reject' → redo
 * (the initiator) → end; else → end. `completion` null: no wb:completion (all).
 */
export const MI_XML = (key: string, completion: string | null, assignee = 'user:yk02,user:yk03,user:yk04'): string => `${BPMN_HEAD}
  <process id="${key}" name="测试会签">
    <startEvent id="start" />
    <sequenceFlow id="f0" sourceRef="start" targetRef="vote" />
    <userTask id="vote" name="会签" wb:assignee="${assignee}" wb:outcomes="pass:同意,reject:不同意">
      <multiInstanceLoopCharacteristics isSequential="false"${completion ? ` wb:completion="${completion}"` : ''} />
    </userTask>
    <sequenceFlow id="f1" sourceRef="vote" targetRef="gw" />
    <exclusiveGateway id="gw" default="f3" />
    <sequenceFlow id="f2" sourceRef="gw" targetRef="redo"><conditionExpression>=outcome = "reject"</conditionExpression></sequenceFlow>
    <sequenceFlow id="f3" sourceRef="gw" targetRef="end" />
    <userTask id="redo" name="修改" wb:assignee="initiator" />
    <sequenceFlow id="f4" sourceRef="redo" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;
