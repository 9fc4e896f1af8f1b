/**
 * The customer realm (掌上电力, ADR 0045): customers by phone, their own server-side sessions and cookie, verification
 * codes (login and 户号 binding) rate-limited per phone and per address, sent through the workflow outbox to the
 * SMS adapter, passwords hashed by the process's one password hasher (scrypt, as staff passwords), and the 户号 a
 * customer bound after proving the holder's name and a code sent to the phone on file.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ErrorCode } from '@wb/contracts';
import { CUSTOMER_SESSION_COOKIE, maskPortalPhone, type Binding, type CodeSent, type CustomerMe } from '@wb/contracts/customer-portal';
import { AppError } from '@wb/server-kit';
import type { Db, Queryable } from '@wb/server-kit';
import { customersByConsNos } from '../customer/index.ts';
import type { WorkflowEngine } from '../workflow/index.ts';
import { insertEvents } from '../workflow/index.ts';

export const CUSTOMER_SMS_TOPIC = 'customer-portal.sms.requested';

export interface RealmSettings {
  /** A code is valid this long (default 5 min). */
  codeTtlMs: number;
  /** Wrong entries a code survives (default 5); then it is spent. */
  codeMaxAttempts: number;
  /** Minimum gap between two codes to one phone (default 60 s). */
  phoneIntervalMs: number;
  /** Codes per phone per hour (default 5). */
  phonePerHour: number;
  /** Codes asked from one address per hour (default 20). */
  addressPerHour: number;
  /** Session idle limit (default 7 days) and absolute limit (default 30 days): a phone app stays signed in. */
  sessionIdleMs: number;
  sessionAbsoluteMs: number;
  /** 户号 one customer may bind (default 10). */
  maxBindings: number;
}

export const DEFAULT_REALM_SETTINGS: RealmSettings = {
  codeTtlMs: 5 * 60_000,
  codeMaxAttempts: 5,
  phoneIntervalMs: 60_000,
  phonePerHour: 5,
  addressPerHour: 20,
  sessionIdleMs: 7 * 24 * 3_600_000,
  sessionAbsoluteMs: 30 * 24 * 3_600_000,
  maxBindings: 10,
};

export interface CustomerPrincipal {
  id: string;
  phone: string;
  idHash: string;
}

export interface PasswordHasherPort {
  hash(password: string): Promise<string>;
  verify(password: string, encoded: string): Promise<boolean>;
  verifyAgainstNobody(password: string): Promise<false>;
}

const HOUR = 3_600_000;
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;
const hashOf = (value: string): string => createHash('sha256').update(value).digest('hex');
const codeHash = (phone: string, purpose: string, code: string, consNo: string | null): string => hashOf(`${phone}:${purpose}:${consNo ?? ''}:${code}`);
const unauthenticated = (): AppError => new AppError(401, ErrorCode.Unauthenticated, '请先登录掌上电力');
const badField = (field: string, message: string): AppError => new AppError(400, ErrorCode.BadRequest, message, { [field]: message });

export function customerCookieName(request: FastifyRequest): string {
  return request.protocol === 'https' ? `__Host-${CUSTOMER_SESSION_COOKIE}` : CUSTOMER_SESSION_COOKIE;
}

export function createRealm(deps: { db: Db; engine: WorkflowEngine; now: () => Date; hasher: () => PasswordHasherPort; settings?: Partial<RealmSettings> | undefined }) {
  const { db, engine, now } = deps;
  const settings: RealmSettings = { ...DEFAULT_REALM_SETTINGS, ...deps.settings };

  /** Refuses a code request beyond the limits; runs under the phone's advisory lock so two requests count right. */
  async function checkLimits(tx: Queryable, phone: string, ip: string, at: Date): Promise<void> {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('wb-cp-code:' || $1))", [phone]);
    const [p] = await tx.query<{ n: number; last: Date | string | null }>(
      'SELECT count(*)::int AS n, max(created_at) AS last FROM cp_code WHERE phone = $1 AND created_at > $2',
      [phone, new Date(at.getTime() - HOUR)],
    );
    const last = p?.last ? new Date(p.last).getTime() : 0;
    if (last && at.getTime() - last < settings.phoneIntervalMs) {
      const wait = Math.ceil((settings.phoneIntervalMs - (at.getTime() - last)) / 1000);
      throw new AppError(429, ErrorCode.TooManyRequests, `验证码发送过于频繁，请 ${wait} 秒后再试`, undefined, { headers: { 'retry-after': String(wait) } });
    }
    if ((p?.n ?? 0) >= settings.phonePerHour) throw new AppError(429, ErrorCode.TooManyRequests, '该手机号获取验证码次数过多，请 1 小时后再试', undefined, { headers: { 'retry-after': '3600' } });
    const [a] = await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM cp_code WHERE ip = $1 AND created_at > $2', [ip, new Date(at.getTime() - HOUR)]);
    if ((a?.n ?? 0) >= settings.addressPerHour) throw new AppError(429, ErrorCode.TooManyRequests, '当前网络获取验证码次数过多，请稍后再试', undefined, { headers: { 'retry-after': '3600' } });
  }

  /** Issues a code in one transaction with its outbox message (the SMS adapter sends it after commit). */
  async function issueCode(input: { phone: string; purpose: 'LOGIN' | 'BIND'; consNo: string | null; customerId: string | null; ip: string }): Promise<CodeSent> {
    const at = now();
    await engine.runInTransaction(db, async (tx) => {
      await checkLimits(tx, input.phone, input.ip, at);
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO cp_code (phone, purpose, cons_no, customer_id, code_hash, ip, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id::text AS id`,
        [input.phone, input.purpose, input.consNo, input.customerId, codeHash(input.phone, input.purpose, code, input.consNo), input.ip, at, new Date(at.getTime() + settings.codeTtlMs)],
      );
      const minutes = Math.round(settings.codeTtlMs / 60_000);
      const text =
        input.purpose === 'LOGIN'
          ? `【国网江州供电】您的掌上电力登录验证码为 ${code}，${minutes} 分钟内有效。请勿告诉他人。`
          : `【国网江州供电】您正在将户号 ${input.consNo} 绑定到掌上电力账号，验证码 ${code}，${minutes} 分钟内有效。如非本人操作请忽略。`;
      await insertEvents(tx, [{ topic: CUSTOMER_SMS_TOPIC, payload: { codeId: row!.id, phone: input.phone, text } }], at);
    });
    return { maskedPhone: maskPortalPhone(input.phone), retryAfterSeconds: Math.ceil(settings.phoneIntervalMs / 1000) };
  }

  /**
   * Checks and spends a code in statements of its own (never inside the caller's transaction, so a refusal's
   * rollback cannot undo the attempt it counted); spending is one conditional UPDATE, so a code works once.
   */
  async function useCode(phone: string, purpose: 'LOGIN' | 'BIND', code: string, consNo: string | null, customerId: string | null): Promise<void> {
    const at = now();
    const [row] = await db.query<{ id: string; code_hash: string; attempts: number; expires_at: Date | string; customer_id: string | null }>(
      `SELECT id::text AS id, code_hash, attempts, expires_at, customer_id::text AS customer_id FROM cp_code
        WHERE phone = $1 AND purpose = $2 AND cons_no IS NOT DISTINCT FROM $3 AND used_at IS NULL ORDER BY id DESC LIMIT 1`,
      [phone, purpose, consNo],
    );
    if (!row || new Date(row.expires_at) <= at || row.attempts >= settings.codeMaxAttempts) throw badField('code', '验证码已失效，请重新获取');
    if (purpose === 'BIND' && row.customer_id !== customerId) throw badField('code', '验证码已失效，请重新获取');
    if (row.code_hash !== codeHash(phone, purpose, code, consNo)) {
      await db.query('UPDATE cp_code SET attempts = attempts + 1 WHERE id = $1', [row.id]);
      const left = settings.codeMaxAttempts - row.attempts - 1;
      throw badField('code', left > 0 ? `验证码不正确，还可尝试 ${left} 次` : '验证码错误次数过多，请重新获取');
    }
    const spent = await db.query('UPDATE cp_code SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND attempts < $3 RETURNING id', [row.id, at, settings.codeMaxAttempts]);
    if (spent.length === 0) throw badField('code', '验证码已失效，请重新获取');
  }

  async function createSession(request: FastifyRequest, reply: FastifyReply, customerId: string): Promise<void> {
    const at = now();
    const id = randomBytes(32).toString('base64url');
    await db.query('DELETE FROM cp_session WHERE customer_id = $1 AND (expires_at <= $2 OR last_seen_at <= $3)', [customerId, at, new Date(at.getTime() - settings.sessionIdleMs)]);
    await db.query('INSERT INTO cp_session (id_hash, customer_id, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $3, $4)', [
      hashOf(id), customerId, at, new Date(at.getTime() + settings.sessionAbsoluteMs),
    ]);
    await db.query('UPDATE cp_customer SET last_login_at = $2 WHERE id = $1', [customerId, at]);
    void reply.setCookie(customerCookieName(request), id, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: request.protocol === 'https',
      maxAge: Math.floor(settings.sessionAbsoluteMs / 1000),
    });
  }

  async function bindingsOf(q: Queryable, customerId: string): Promise<Binding[]> {
    const rows = await q.query<{ cons_no: string; created_at: Date | string }>('SELECT cons_no, created_at FROM cp_binding WHERE customer_id = $1 ORDER BY created_at, cons_no', [customerId]);
    const archive = new Map((await customersByConsNos(q, rows.map((r) => r.cons_no))).map((c) => [c.consNo, c]));
    return rows.map((r) => {
      const c = archive.get(r.cons_no);
      return { consNo: r.cons_no, name: c?.name ?? '', address: c?.address ?? '', orgUnitName: c?.orgUnitName ?? '', boundAt: new Date(r.created_at).toISOString() };
    });
  }

  return {
    settings,

    /** The customer of a request's cookie, or null (expired sessions are deleted). */
    async resolve(request: FastifyRequest): Promise<CustomerPrincipal | null> {
      const id = request.cookies[customerCookieName(request)];
      if (!id || !SESSION_ID.test(id)) return null;
      const idHash = hashOf(id);
      const at = now();
      const [row] = await db.query<{ customer_id: string; phone: string; last_seen_at: Date; expires_at: Date }>(
        // A disabled account (staff, ADR 0060) has no session: its rows were deleted, and this refuses a racing one.
        "SELECT s.customer_id::text AS customer_id, c.phone, s.last_seen_at, s.expires_at FROM cp_session s JOIN cp_customer c ON c.id = s.customer_id WHERE s.id_hash = $1 AND c.status = 'ACTIVE'",
        [idHash],
        { prepare: true }, // every customer request (ADR 0097)
      );
      if (!row) return null;
      const idle = at.getTime() - new Date(row.last_seen_at).getTime();
      if (at >= new Date(row.expires_at) || idle >= settings.sessionIdleMs) {
        await db.query('DELETE FROM cp_session WHERE id_hash = $1', [idHash]);
        return null;
      }
      if (idle >= 60_000) await db.query('UPDATE cp_session SET last_seen_at = $2 WHERE id_hash = $1', [idHash, at]);
      return { id: row.customer_id, phone: row.phone, idHash };
    },

    sendLoginCode: (phone: string, ip: string) => issueCode({ phone, purpose: 'LOGIN', consNo: null, customerId: null, ip }),

    /** Code login registers a new phone; password login only for a customer who set one. Same refusal for all failures of a password. */
    async login(request: FastifyRequest, reply: FastifyReply, input: { phone: string; code?: string; password?: string }): Promise<CustomerMe> {
      let customerId: string;
      if (input.code !== undefined) {
        await useCode(input.phone, 'LOGIN', input.code, null, null);
        await db.query('INSERT INTO cp_customer (phone, created_at) VALUES ($1, $2) ON CONFLICT (phone) DO NOTHING', [input.phone, now()]);
        const [c] = await db.query<{ id: string }>('SELECT id::text AS id FROM cp_customer WHERE phone = $1', [input.phone]);
        customerId = c!.id;
      } else {
        const [c] = await db.query<{ id: string; password_hash: string | null }>('SELECT id::text AS id, password_hash FROM cp_customer WHERE phone = $1', [input.phone]);
        const ok = c?.password_hash ? await deps.hasher().verify(input.password ?? '', c.password_hash) : await deps.hasher().verifyAgainstNobody(input.password ?? '');
        if (!ok || !c) throw new AppError(401, ErrorCode.Unauthenticated, '手机号或密码不正确；未设置密码请用验证码登录');
        customerId = c.id;
      }
      const [state] = await db.query<{ status: string }>('SELECT status FROM cp_customer WHERE id = $1', [customerId]);
      if (state?.status === 'DISABLED') throw new AppError(403, ErrorCode.NotAllowed, '该掌上电力账号已停用，请拨打 95598 或到供电营业厅咨询');
      await createSession(request, reply, customerId);
      return this.me(customerId);
    },

    async logout(request: FastifyRequest, reply: FastifyReply, customer: CustomerPrincipal): Promise<void> {
      await db.query('DELETE FROM cp_session WHERE id_hash = $1', [customer.idHash]);
      void reply.clearCookie(customerCookieName(request), { path: '/' });
    },

    async me(customerId: string): Promise<CustomerMe> {
      const [c] = await db.query<{ phone: string; has_password: boolean }>('SELECT phone, password_hash IS NOT NULL AS has_password FROM cp_customer WHERE id = $1', [customerId]);
      if (!c) throw unauthenticated();
      return { id: customerId, phone: maskPortalPhone(c.phone), hasPassword: c.has_password, bindings: await bindingsOf(db, customerId) };
    },

    async setPassword(customer: CustomerPrincipal, password: string): Promise<void> {
      const hash = await deps.hasher().hash(password);
      await db.query('UPDATE cp_customer SET password_hash = $2 WHERE id = $1', [customer.id, hash]);
      // Other sessions of the customer end: a changed password signs out every other device.
      await db.query('DELETE FROM cp_session WHERE customer_id = $1 AND id_hash <> $2', [customer.id, customer.idHash]);
    },

    /** Step 1 of binding: 户号 and the holder's name must match the archive; the code goes to the phone on file. */
    async sendBindingCode(customer: CustomerPrincipal, consNo: string, holderName: string, ip: string): Promise<CodeSent> {
      const [c] = await customersByConsNos(db, [consNo]);
      // One message for an unknown 户号 and a wrong name: the answer does not tell which 户号 exist.
      if (!c || c.name.trim() !== holderName.trim()) throw badField('holderName', '户号与户主姓名不匹配，请核对后重试');
      if (!/^1\d{10}$/.test(c.phone)) throw new AppError(409, ErrorCode.Conflict, '该户号未登记手机号码，请携带身份证件到供电营业厅办理绑定');
      return issueCode({ phone: c.phone, purpose: 'BIND', consNo, customerId: customer.id, ip });
    },

    /** Step 2: the code sent to the phone on file; binding twice is binding once. */
    async bind(customer: CustomerPrincipal, consNo: string, holderName: string, code: string): Promise<Binding[]> {
      const [c] = await customersByConsNos(db, [consNo]);
      if (!c || c.name.trim() !== holderName.trim()) throw badField('holderName', '户号与户主姓名不匹配，请核对后重试');
      const [n] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM cp_binding WHERE customer_id = $1 AND cons_no <> $2', [customer.id, consNo]);
      if ((n?.n ?? 0) >= settings.maxBindings) throw new AppError(409, ErrorCode.Conflict, `最多绑定 ${settings.maxBindings} 个户号`);
      await useCode(c.phone, 'BIND', code, consNo, customer.id);
      await db.query('INSERT INTO cp_binding (customer_id, cons_no, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [customer.id, consNo, now()]);
      return bindingsOf(db, customer.id);
    },

    async unbind(customer: CustomerPrincipal, consNo: string): Promise<Binding[]> {
      await db.query('DELETE FROM cp_binding WHERE customer_id = $1 AND cons_no = $2', [customer.id, consNo]);
      return bindingsOf(db, customer.id);
    },

    /** A 户号 of this customer, or 404 (not bound = not there). */
    async isBound(customer: CustomerPrincipal, consNo: string): Promise<boolean> {
      const rows = await db.query('SELECT 1 FROM cp_binding WHERE customer_id = $1 AND cons_no = $2', [customer.id, consNo], { prepare: true });
      return rows.length > 0;
    },
    async requireBound(customer: CustomerPrincipal, consNo: string): Promise<void> {
      if (!(await this.isBound(customer, consNo))) throw new AppError(404, ErrorCode.NotFound, '未找到该户号，请先绑定');
    },
  };
}

export type Realm = ReturnType<typeof createRealm>;
