/**
 * The iam mock's workbooks through exceljs, the library the service's bulk import (services/src/iam/bulk-import.ts)
 * reads them with, so that the mock reads what the server reads: each sheet's non-empty lines, each cell as the
 * contract's `importCellText` reads it. exceljs is loaded when a workbook is first read or written (the dev harness's
 * first import), not with the mock.
 */
import { importCellText } from '@wb/contracts/iam-admin';

/** A line of a sheet: its 1-based row number and the text of its cells from column A on ('' when empty). */
export interface SheetRow {
  row: number;
  cells: string[];
}

async function excel() {
  return (await import('exceljs')).default;
}

/** The sheets of a workbook by name, their non-empty lines in order. Throws when the bytes are no xlsx. */
export async function readXlsx(bytes: Uint8Array): Promise<Map<string, SheetRow[]>> {
  const ExcelJS = await excel();
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes.slice().buffer);
  const sheets = new Map<string, SheetRow[]>();
  book.eachSheet((sheet) => {
    const rows: SheetRow[] = [];
    sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      const cells = Array.from({ length: sheet.columnCount }, (_, i) => importCellText(row.getCell(i + 1).value));
      if (cells.some((c) => c !== '')) rows.push({ row: rowNumber, cells });
    });
    sheets.set(sheet.name, rows);
  });
  return sheets;
}

/** A workbook of the given sheets (first row the header), every cell text: what `readXlsx` reads back. */
export async function writeXlsx(sheets: Record<string, ReadonlyArray<readonly string[]>>): Promise<Uint8Array> {
  const ExcelJS = await excel();
  const book = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) book.addWorksheet(name).addRows(rows.map((cells) => [...cells]));
  return new Uint8Array(await book.xlsx.writeBuffer());
}
