/**
 * 业扩附件 through HTTP (issue 17, ADR 0067): upload at 受理 and 勘查, list and download under the application's
 * permission and data scope, the type sniffed from the bytes (a renamed .exe refused), the size and count limits,
 * deletion by the uploader while the step is open, audit, and nothing half-written (a failed row removes the file).
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTACHMENT_MAX_BYTES, ATTACHMENT_MAX_PER_APPLICATION, attachmentListSchema, attachmentSchema } from '@wb/contracts/attachments';
import { applicationDetailSchema, type ApplicationDetail } from '@wb/contracts/connection';
import { testDbKinds } from '@wb/server-kit/testing';
import { createFsAttachmentStore } from '../attachments/index.ts';
import { BASE, createConnectionTestApp, residentApplication, type ConnectionTestApp } from './testing.ts';

/** A 1×1 PNG, a JPEG header, a PDF header, and a Windows executable (MZ … PE). */
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex');
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), Buffer.alloc(64, 0), Buffer.from('ffd9', 'hex')]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000b800000000000000400000000000000000000000000000000000000000000000000000000000000000000000800000000e1fba0e00b409cd21b8014ccd21', 'hex'), Buffer.alloc(200, 0)]);

/** One multipart part named `file`, as a browser's FormData sends it (the name as raw UTF-8). */
function multipart(fileName: string, bytes: Buffer, type = 'application/octet-stream'): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----wb${randomUUID()}`;
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: ${type}\r\n\r\n`, 'utf8');
  return { payload: Buffer.concat([head, bytes, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe.each(testDbKinds())('业扩附件 on %s', (kind) => {
  let t: ConnectionTestApp;
  let dir: string;
  let n = 0;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'wb-attachments-test-'));
    t = await createConnectionTestApp(kind, { customers: 200, attachments: createFsAttachmentStore(dir) });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Every file in the store's folder (relative paths). */
  const stored = async (): Promise<string[]> => (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();

  async function accept(): Promise<ApplicationDetail> {
    n += 1;
    const res = await t.post('yk01', '/applications', residentApplication(900 + n));
    expect(res.statusCode, res.body).toBe(201);
    return applicationDetailSchema.parse(res.json());
  }

  const upload = (user: string, appNo: string, fileName: string, bytes: Buffer, kindOf = 'ID_DOC', type?: string) => {
    const { payload, headers } = multipart(fileName, bytes, type);
    return t.request({ method: 'POST', url: `${BASE}/applications/${appNo}/attachments?kind=${kindOf}`, payload, headers, cookie: t.cookies[user] ?? '' });
  };
  const list = async (user: string, appNo: string) => {
    const res = await t.get(user, `/applications/${appNo}/attachments`);
    expect(res.statusCode, res.body).toBe(200);
    return attachmentListSchema.parse(res.json());
  };
  const remove = (user: string, appNo: string, id: string) =>
    t.request({ method: 'DELETE', url: `${BASE}/applications/${appNo}/attachments/${id}`, cookie: t.cookies[user] ?? '' });

  async function survey(app: ApplicationDetail): Promise<ApplicationDetail> {
    const tgs = (await t.get('yk02', '/tgs?orgUnitCode=334010101')).json() as Array<{ id: string; openKva: number }>;
    const best = [...tgs].sort((a, b) => b.openKva - a.openKva)[0]!;
    const res = await t.post('yk02', `/applications/${app.appNo}/survey:complete`, { result: 'READY', tgId: best.id, photoNote: '表箱', opinion: '具备供电条件' }, { 'if-match': String(app.version) });
    expect(res.statusCode, res.body).toBe(200);
    return applicationDetailSchema.parse(res.json());
  }

  it('takes 受理 documents from the clerk, stores the bytes by key and serves them back to readers of the application', async () => {
    const app = await accept();
    expect((await list('yk01', app.appNo)).uploadStep).toBe('accept');
    const res = await upload('yk01', app.appNo, '身份证 正面.png', PNG, 'ID_DOC', 'image/png');
    expect(res.statusCode, res.body).toBe(201);
    const attachment = attachmentSchema.parse(res.json());
    expect(attachment).toMatchObject({ appNo: app.appNo, kind: 'ID_DOC', kindName: '证件', fileName: '身份证 正面.png', contentType: 'image/png', size: PNG.length, step: 'accept', stepName: '受理登记', uploadedBy: 'yk01', mayDelete: true });
    // The bytes sit in the store under the row's key, unchanged.
    const [row] = await t.db.query<{ storage_key: string; sha256: string }>('SELECT storage_key, sha256 FROM yk_attachment WHERE id = $1', [attachment.id]);
    expect(row!.storage_key).toBe(`connection/${app.appNo}/${attachment.id}`);
    expect((await readFile(path.join(dir, ...row!.storage_key.split('/')))).equals(PNG)).toBe(true);

    // A manager of the city reads it (no delete for them); the download names the file in RFC 5987 form.
    const seen = await list('mgr01', app.appNo);
    expect(seen.items).toHaveLength(1);
    expect(seen.items[0]).toMatchObject({ id: attachment.id, mayDelete: false });
    expect(seen.uploadStep).toBeNull();
    const content = await t.get('mgr01', `/applications/${app.appNo}/attachments/${attachment.id}/content`);
    expect(content.statusCode).toBe(200);
    expect(content.rawPayload.equals(PNG)).toBe(true);
    expect(content.headers['content-type']).toBe('image/png');
    expect(content.headers['x-content-type-options']).toBe('nosniff');
    expect(content.headers['content-disposition']).toBe(`inline; filename="___ __.png"; filename*=UTF-8''${encodeURIComponent('身份证 正面.png')}`);
    expect(content.headers['content-security-policy']).toContain('sandbox');
    const saved = await t.get('mgr01', `/applications/${app.appNo}/attachments/${attachment.id}/content?download=1`);
    expect(saved.headers['content-disposition']).toMatch(/^attachment; /);

    const audit = await t.db.query<{ actor: string; target: string; detail: { sha256: string } }>(`SELECT actor, target, detail FROM audit_log WHERE action = 'connection.attachment.upload' AND target = $1`, [`application ${app.appNo}`]);
    expect(audit).toEqual([{ actor: 'yk01', target: `application ${app.appNo}`, detail: expect.objectContaining({ sha256: row!.sha256 }) }]);
  });

  it('refuses a renamed executable from its bytes, in Chinese, stores nothing and audits the refusal', async () => {
    const app = await accept();
    const before = await stored();
    const res = await upload('yk01', app.appNo, '身份证.png', EXE, 'ID_DOC', 'image/png');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'WB_ERR_BAD_REQUEST', message: '文件「身份证.png」不是 JPG、PNG 图片或 PDF 文件，不能上传' } });
    expect(await stored()).toEqual(before);
    expect((await list('yk01', app.appNo)).items).toEqual([]);
    const audit = await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'connection.attachment.refused' AND target = $1`, [`application ${app.appNo}`]);
    expect(audit).toHaveLength(1);
    // The same bytes' real types pass, whatever the declared type; the stored name ends as the bytes are.
    const pdf = await upload('yk01', app.appNo, '房产证.exe', PDF, 'PROPERTY_PROOF', 'application/x-msdownload');
    expect(pdf.statusCode, pdf.body).toBe(201);
    expect(pdf.json()).toMatchObject({ contentType: 'application/pdf', fileName: '房产证.exe.pdf', kindName: '产权证明' });
    const id = (pdf.json() as { id: string }).id;
    // A PDF is never shown on the product's origin: always a download.
    const content = await t.get('yk01', `/applications/${app.appNo}/attachments/${id}/content`);
    expect(content.headers['content-disposition']).toMatch(/^attachment; /);
  });

  it('refuses a file over 10 MiB with 413 and a Chinese message, and a request without a file', async () => {
    const app = await accept();
    const before = await stored();
    const big = Buffer.concat([JPEG.subarray(0, 20), Buffer.alloc(ATTACHMENT_MAX_BYTES - 19, 0)]);
    const res = await upload('yk01', app.appNo, 'big.jpg', big, 'ID_DOC', 'image/jpeg');
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: 'WB_ERR_PAYLOAD_TOO_LARGE', message: '文件「big.jpg」超过 10 MB，请压缩后再上传' } });
    expect(await stored()).toEqual(before);
    const json = await t.post('yk01', `/applications/${app.appNo}/attachments?kind=ID_DOC`, { file: 'x' });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toMatchObject({ error: { message: '请以 multipart/form-data 方式上传文件' } });
    const empty = await upload('yk01', app.appNo, 'empty.png', Buffer.alloc(0));
    expect(empty.statusCode).toBe(400);
    expect((await list('yk01', app.appNo)).items).toEqual([]);
  });

  it('lets only the handler of the open step add files; reading follows the application’s permission and scope', async () => {
    const app = await accept();
    // 勘查 is open for yk02: its photos go to the survey step.
    const photo = await upload('yk02', app.appNo, 'IMG_0001.jpg', JPEG, 'SITE_PHOTO', 'image/jpeg');
    expect(photo.statusCode, photo.body).toBe(201);
    expect(photo.json()).toMatchObject({ step: 'survey', stepName: '现场勘查', uploadedBy: 'yk02' });
    // Not the open step's handler (方案编制), no permission, a viewer only: refused.
    expect((await upload('yk03', app.appNo, 'a.png', PNG, 'OTHER')).statusCode).toBe(403);
    expect((await upload('mgr01', app.appNo, 'a.png', PNG, 'OTHER')).statusCode).toBe(403);
    expect((await upload('guest01', app.appNo, 'a.png', PNG, 'OTHER')).statusCode).toBe(403);
    expect((await t.get('guest01', `/applications/${app.appNo}/attachments`)).statusCode).toBe(403);
    // Out of the caller's data scope: as missing (404), for the list, the bytes and an upload alike.
    const id = (photo.json() as { id: string }).id;
    await t.db.query(`UPDATE yk_application SET org_path = '/33401/3340102/334010201' WHERE app_no = $1`, [app.appNo]);
    try {
      expect((await t.get('yk02', `/applications/${app.appNo}/attachments`)).statusCode).toBe(404);
      expect((await t.get('yk02', `/applications/${app.appNo}/attachments/${id}/content`)).statusCode).toBe(404);
      expect((await upload('yk02', app.appNo, 'b.jpg', JPEG, 'SITE_PHOTO')).statusCode).toBe(404);
      expect((await t.get('mgr01', `/applications/${app.appNo}/attachments/${id}/content`)).statusCode).toBe(200);
    } finally {
      await t.db.query(`UPDATE yk_application SET org_path = '/33401/3340101/334010101' WHERE app_no = $1`, [app.appNo]);
    }
    // Another application's id under this one: 404.
    const other = await accept();
    expect((await t.get('yk01', `/applications/${other.appNo}/attachments/${id}/content`)).statusCode).toBe(404);
  });

  it('deletes only by the uploader while the step is open; after the step is submitted the files stay', async () => {
    let app = await accept();
    const doc = attachmentSchema.parse((await upload('yk01', app.appNo, 'id.png', PNG, 'ID_DOC')).json());
    const first = attachmentSchema.parse((await upload('yk02', app.appNo, 'p1.jpg', JPEG, 'SITE_PHOTO')).json());
    const second = attachmentSchema.parse((await upload('yk02', app.appNo, 'p2.jpg', JPEG, 'SITE_PHOTO')).json());
    expect((await remove('yk01', app.appNo, first.id)).statusCode).toBe(403);
    const key = `connection/${app.appNo}/${first.id}`;
    expect(await stored()).toContain(path.join(...key.split('/')));
    const gone = await remove('yk02', app.appNo, first.id);
    expect(gone.statusCode, gone.body).toBe(204);
    expect(await stored()).not.toContain(path.join(...key.split('/')));
    expect((await list('yk02', app.appNo)).items.map((a) => a.id)).toEqual([doc.id, second.id]);
    expect(await t.db.query(`SELECT 1 FROM audit_log WHERE action = 'connection.attachment.delete' AND detail->>'id' = $1`, [first.id])).toHaveLength(1);

    app = await survey(app);
    const refused = await remove('yk02', app.appNo, second.id);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: { message: '「现场勘查」环节已提交，不能再删除该环节的附件' } });
    expect((await remove('yk01', app.appNo, doc.id)).statusCode).toBe(409);
    // 受理's window closed with the survey: the clerk adds nothing more now.
    expect((await upload('yk01', app.appNo, 'late.png', PNG, 'ID_DOC')).statusCode).toBe(403);
    expect((await list('yk01', app.appNo)).items.every((a) => !a.mayDelete)).toBe(true);
  });

  it('keeps at most 30 files per application', async () => {
    const app = await accept();
    for (let i = 0; i < ATTACHMENT_MAX_PER_APPLICATION; i += 1) {
      const res = await upload('yk01', app.appNo, `p${i}.png`, PNG, 'ID_DOC');
      expect(res.statusCode, res.body).toBe(201);
    }
    const before = await stored();
    const res = await upload('yk01', app.appNo, 'one-more.png', PNG, 'ID_DOC');
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ error: { message: '每笔申请最多上传 30 个附件' } });
    expect(await stored()).toEqual(before);
  });

  it('removes the stored bytes when the row cannot be written (nothing half-written)', async () => {
    const app = await accept();
    const before = await stored();
    await t.db.query(`CREATE FUNCTION wb_test_refuse_attachment() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused by test'; END $$ LANGUAGE plpgsql`);
    await t.db.query(`CREATE TRIGGER wb_test_refuse BEFORE INSERT ON yk_attachment FOR EACH ROW EXECUTE FUNCTION wb_test_refuse_attachment()`);
    try {
      const res = await upload('yk01', app.appNo, 'id.png', PNG, 'ID_DOC');
      expect(res.statusCode).toBe(500);
    } finally {
      await t.db.query('DROP TRIGGER wb_test_refuse ON yk_attachment');
      await t.db.query('DROP FUNCTION wb_test_refuse_attachment()');
    }
    expect(await stored()).toEqual(before);
    expect(await t.db.query('SELECT 1 FROM yk_attachment WHERE app_no = $1', [app.appNo])).toHaveLength(0);
  });
});
