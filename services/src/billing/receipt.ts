/**
 * The 电费缴费收据 of a payment as a PDF (pdfkit, A5), in Chinese with the Noto Sans CJK font that Debian's
 * `fonts-noto-cjk` installs (scripts/test-env.mjs installs it beside Chromium). Without the font a receipt would be
 * unreadable boxes, so the route answers 503 with a clear message instead.
 *
 * The receipt number (`SJ` + China date of payment + payment id, e.g. `SJ20260315-00001234`) is printed and is
 * also the document's Subject, so a stored file can be matched to its payment without reading the glyphs.
 */
import { existsSync, readFileSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import { ErrorCode } from '@wb/contracts';
import { PAY_METHODS, fenToYuan, type Account, type Payment } from '@wb/contracts/billing';
import { AppError } from '@wb/server-kit';

/** Debian / Ubuntu `fonts-noto-cjk`. */
export const DEFAULT_RECEIPT_FONT = '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc';
/** The face inside the TTC collection (Simplified Chinese). */
const FONT_FACE = 'NotoSansCJKsc-Regular';

const METHOD_NAMES: Record<Payment['method'], string> = { ...PAY_METHODS, BANK: '银行代扣', ONLINE: '网上缴费' };

/** The font file's bytes, read once per path (the collection is ~20 MB; pdfkit embeds only the glyphs used). */
const fontCache = new Map<string, Buffer>();
function fontBytes(fontPath: string): Buffer {
  let bytes = fontCache.get(fontPath);
  if (!bytes) {
    bytes = readFileSync(fontPath);
    fontCache.set(fontPath, bytes);
  }
  return bytes;
}

/** China time `YYYY-MM-DD HH:mm:ss` of an ISO instant. */
function cst(isoTime: string): string {
  return new Date(Date.parse(isoTime) + 8 * 3_600_000).toISOString().replace('T', ' ').slice(0, 19);
}

export function receiptNumber(payment: Pick<Payment, 'id' | 'paidAt'>): string {
  return `SJ${cst(payment.paidAt).slice(0, 10).replaceAll('-', '')}-${payment.id.padStart(8, '0')}`;
}

export interface ReceiptInput {
  payment: Payment;
  account: Pick<Account, 'consNo' | 'name' | 'orgUnitCode' | 'prepaidFen' | 'oweFen' | 'penaltyFen'>;
}

/** Renders the receipt; 503 when the CJK font is not installed. */
export async function renderReceipt(input: ReceiptInput, fontPath: string = DEFAULT_RECEIPT_FONT): Promise<Buffer> {
  if (!existsSync(fontPath)) {
    throw new AppError(503, ErrorCode.ServiceUnavailable, '服务器未安装中文字体（fonts-noto-cjk），暂时无法生成收据 PDF，请联系管理员');
  }
  const { payment: p, account: a } = input;
  const number = receiptNumber(p);
  const doc = new PDFDocument({
    size: 'A5',
    margin: 36,
    info: { Title: `电费缴费收据 ${number}`, Subject: number, Author: '电费账务', Creator: 'wb billing', CreationDate: new Date(p.paidAt) },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  doc.registerFont('cjk', fontBytes(fontPath), FONT_FACE);
  doc.font('cjk');

  doc.fontSize(16).text('电费缴费收据', { align: 'center' });
  doc.moveDown(0.3).fontSize(9).fillColor('#555').text(`收据编号：${number}`, { align: 'center' }).fillColor('#000');
  doc.moveDown(0.8).fontSize(10);
  const row = (label: string, value: string): void => {
    doc.text(`${label}：${value}`);
  };
  row('户号', a.consNo);
  row('户名', a.name);
  row('供电单位', a.orgUnitCode);
  row('缴费时间', cst(p.paidAt));
  row('缴费方式', METHOD_NAMES[p.method]);
  row('收费员', p.collector);
  doc.moveDown(0.4).fontSize(12).text(`实收金额：¥${fenToYuan(p.amountFen)} 元`);
  doc.moveDown(0.6).fontSize(10).text('销账明细');
  doc.fontSize(9);
  const x0 = doc.page.margins.left;
  const cols = [x0, x0 + 90, x0 + 190, x0 + 290];
  const line = (cells: string[]): void => {
    const y = doc.y;
    cells.forEach((c, i) => doc.text(c, cols[i]!, y, { width: 95, lineBreak: false }));
    doc.x = x0;
    doc.y = y + 14;
  };
  line(['应收年月', '电费（元）', '违约金（元）', '小计（元）']);
  for (const al of p.allocations) {
    line([al.ym ?? '—', fenToYuan(al.principalFen), fenToYuan(al.penaltyFen), fenToYuan(al.principalFen + al.penaltyFen)]);
  }
  if (p.allocations.length === 0) line(['—', '0.00', '0.00', '0.00']);
  doc.moveDown(0.4).fontSize(10);
  row('转入预存', `¥${fenToYuan(p.prepaidFen)} 元`);
  row('当前预存余额', `¥${fenToYuan(a.prepaidFen)} 元`);
  row('尚欠电费（含违约金）', `¥${fenToYuan(a.oweFen + a.penaltyFen)} 元`);
  if (p.reversed) {
    doc.moveDown(0.4).fillColor('#c00').fontSize(12).text(`本笔缴费已于 ${cst(p.reversedAt ?? p.paidAt)} 冲正，收据作废`).fillColor('#000');
  }
  doc.moveDown(1).fontSize(8).fillColor('#666').text('本收据由电费账务系统生成，金额以系统销账记录为准。');
  doc.end();
  return done;
}
