/** BPMN fixtures and helpers of the workflow tests. */
import type { PostRef } from '@wb/contracts';
import type { Principal, Queryable } from '@wb/server-kit';
import { BPMN_HEAD } from './bpmn-xml.ts';

/** A small 业扩-like process: accept → survey → (reject: back to accept | capacity > 100: scheme | else) install → archive (service) → revisit → end. */
export const CONNECTION_XML = `${BPMN_HEAD}
  <process id="t-connection" name="测试业扩" isExecutable="true" wb:sla="5wd">
    <startEvent id="start" name="申请" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="accept" />
    <userTask id="accept" name="受理" wb:assignee="post:YK_ACCEPT" wb:sla="1wd" />
    <sequenceFlow id="f2" sourceRef="accept" targetRef="survey" />
    <userTask id="survey" name="现场勘查" wb:assignee="post:YK_SURVEY" wb:sla="2wd" wb:outcomes="pass:通过,reject:退回" />
    <sequenceFlow id="f3" sourceRef="survey" targetRef="gw" />
    <exclusiveGateway id="gw" name="勘查结论" default="f6" />
    <sequenceFlow id="f4" sourceRef="gw" targetRef="accept"><conditionExpression>=outcome = "reject"</conditionExpression></sequenceFlow>
    <sequenceFlow id="f5" sourceRef="gw" targetRef="scheme"><conditionExpression>=capacity &gt; 100</conditionExpression></sequenceFlow>
    <sequenceFlow id="f6" sourceRef="gw" targetRef="install" />
    <userTask id="scheme" name="方案编制" wb:assignee="post:YK_SCHEME@1" wb:sla="8h" />
    <sequenceFlow id="f7" sourceRef="scheme" targetRef="install" />
    <userTask id="install" name="装表接电" wb:assignee="post:JL_INSTALL" wb:sla="45m" />
    <sequenceFlow id="f8" sourceRef="install" targetRef="archive" />
    <serviceTask id="archive" name="归档" wb:command="test.archive" />
    <sequenceFlow id="f9" sourceRef="archive" targetRef="revisit" />
    <userTask id="revisit" name="回访" wb:assignee="post:KF_REVISIT#3340180" />
    <sequenceFlow id="f10" sourceRef="revisit" targetRef="end" />
    <endEvent id="end" name="完成" />
  </process>
</definitions>`;

/** A user task with an interrupting boundary timer (PT2H) leading to a leader task. */
export const TIMER_XML = `${BPMN_HEAD}
  <process id="t-timer" name="测试定时">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="wait" />
    <userTask id="wait" name="等待处理" wb:assignee="initiator" />
    <boundaryEvent id="late" attachedToRef="wait"><timerEventDefinition><timeDuration>PT2H</timeDuration></timerEventDefinition></boundaryEvent>
    <sequenceFlow id="f2" sourceRef="wait" targetRef="end" />
    <sequenceFlow id="f3" sourceRef="late" targetRef="boss" />
    <userTask id="boss" name="所长督办" wb:assignee="leader" />
    <sequenceFlow id="f4" sourceRef="boss" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** An end-to-end limit (2 calendar days) on the process only; its one task (candidates YK_ACCEPT) has none. */
export const PROCESS_SLA_XML = `${BPMN_HEAD}
  <process id="t-process-sla" name="测试全流程时限" wb:sla="2d">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <userTask id="task" name="办理" wb:assignee="post:YK_ACCEPT" />
    <sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** One user task then end: the generic shape of the D1/P7 runs. */
export const SIMPLE_XML = (key = 't-simple', assignee = 'user:yk01'): string => `${BPMN_HEAD}
  <process id="${key}" name="测试单环节">
    <startEvent id="start" />
    <sequenceFlow id="f1" sourceRef="start" targetRef="task" />
    <userTask id="task" name="办理" wb:assignee="${assignee}" wb:sla="1wd" />
    <sequenceFlow id="f2" sourceRef="task" targetRef="end" />
    <endEvent id="end" />
  </process>
</definitions>`;

/** The principal of a seeded user, built from the identity tables as the identity plugin would (posts, roles, permissions). */
export async function principalOf(q: Queryable, username: string): Promise<Principal> {
  const [user] = await q.query<{ id: string; username: string; display_name: string; org_unit_code: string; name: string; path: string }>(
    `SELECT u.id, u.username, u.display_name, u.org_unit_code, o.name, o.path FROM sys_user u JOIN org_unit o ON o.code = u.org_unit_code WHERE u.username = $1`,
    [username],
  );
  if (!user) throw new Error(`no user ${username}`);
  const posts = await q.query<{ code: string; name: string; org_unit_code: string; org_name: string }>(
    `SELECT p.code, p.name, up.org_unit_code, o.name AS org_name FROM user_post up JOIN post p ON p.code = up.post_code JOIN org_unit o ON o.code = up.org_unit_code WHERE up.user_id = $1`,
    [user.id],
  );
  const roles = await q.query<{ role_key: string }>(
    `SELECT role_key FROM user_role WHERE user_id = $1 UNION SELECT pr.role_key FROM user_post up JOIN post_role pr ON pr.post_code = up.post_code WHERE up.user_id = $1`,
    [user.id],
  );
  const perms = await q.query<{ permission_key: string }>('SELECT DISTINCT permission_key FROM role_permission WHERE role_key = ANY($1::text[])', [roles.map((r) => r.role_key)]);
  const postRefs: PostRef[] = posts.map((p) => ({ code: p.code, name: p.name, orgUnitCode: p.org_unit_code, orgUnitName: p.org_name }));
  return {
    userId: user.id,
    username: user.username,
    displayName: user.display_name,
    orgUnitCode: user.org_unit_code,
    orgUnitName: user.name,
    orgUnitPath: user.path,
    roles: roles.map((r) => r.role_key),
    posts: postRefs,
    activePost: postRefs[0] ?? null,
    permissions: new Set(perms.map((p) => p.permission_key)),
  };
}
