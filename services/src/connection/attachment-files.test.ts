/** Names and types of 业扩附件 (ADR 0067): safe stored names, RFC 5987 downloads, types from the bytes. */
import { describe, expect, it } from 'vitest';
import { contentDisposition, displayName, safeFileName, sniffAttachmentType } from './attachment-files.ts';

describe('safeFileName', () => {
  it.each([
    ['身份证 正面.png', 'image/png', '身份证 正面.png'],
    ['C:\\Users\\李强\\Desktop\\房产证.PDF', 'application/pdf', '房产证.pdf'],
    ['../../etc/passwd', 'image/jpeg', 'passwd.jpg'],
    ['照片.exe', 'image/png', '照片.exe.png'],
    ['IMG_0001.jpeg', 'image/jpeg', 'IMG_0001.jpeg'],
    ['evil\u202Egnp.exe', 'image/png', 'evilgnp.exe.png'],
    ['a\u0000b<>:"|?*.png', 'image/png', 'ab.png'],
    ['   ...  ', 'image/png', '附件.png'],
    ['\uD800x.png', 'image/png', 'x.png'],
  ] as const)('%j as %s → %j', (raw, type, want) => {
    expect(safeFileName(raw, type)).toBe(want);
  });

  it('keeps at most 100 characters, extension included', () => {
    const name = safeFileName(`${'长'.repeat(300)}.png`, 'image/png');
    expect([...name]).toHaveLength(100);
    expect(name.endsWith('.png')).toBe(true);
  });
});

describe('contentDisposition and displayName', () => {
  it('names the file in ASCII and exactly in RFC 5987 form', () => {
    expect(contentDisposition('attachment', '房产证 (1).pdf')).toBe(`attachment; filename="___ (1).pdf"; filename*=UTF-8''%E6%88%BF%E4%BA%A7%E8%AF%81%20%281%29.pdf`);
    expect(contentDisposition('inline', 'a"b.png')).toBe(`inline; filename="a_b.png"; filename*=UTF-8''a%22b.png`);
  });

  it('shows a sent name without control characters', () => {
    expect(displayName('dir/a\u0000b\u202E.png')).toBe('ab.png');
    expect(displayName('')).toBe('附件');
  });
});

describe('sniffAttachmentType', () => {
  it('knows JPEG, PNG and PDF from their bytes, and nothing else', async () => {
    expect(await sniffAttachmentType(Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082', 'hex'))).toBe('image/png');
    expect(await sniffAttachmentType(Buffer.concat([Buffer.from('ffd8ffe000104a464946000101', 'hex'), Buffer.alloc(32)]))).toBe('image/jpeg');
    expect(await sniffAttachmentType(Buffer.from('%PDF-1.7\n'))).toBe('application/pdf');
    expect(await sniffAttachmentType(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeNull();
    expect(await sniffAttachmentType(Buffer.from('<html><script>alert(1)</script>'))).toBeNull();
    expect(await sniffAttachmentType(Buffer.concat([Buffer.from('4d5a90000300000004000000ffff0000', 'hex'), Buffer.alloc(64)]))).toBeNull();
  });
});
