import { describe, expect, it } from 'vitest';
import { extensionOf, fileNameProblem, sniffFileType } from '../../src/shared/files.js';
import { ACCEPTED_EXTENSIONS } from '../../src/shared/mediation/files.js';
import { monthsBetween, byMonth, rateOf } from '../../src/renderer/mediation/stats.js';
import type { Stats } from '../../src/shared/mediation/contract.js';

const bytes = (...parts: (string | number[])[]) =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)).concat(new Array(32).fill(0)));

describe('what a case file is, by its first bytes', () => {
  it('knows the image and document types a station files', () => {
    expect(sniffFileType(bytes([0xff, 0xd8, 0xff, 0xe0]), 'jpg')).toBe('jpeg');
    expect(sniffFileType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'png')).toBe('png');
    expect(sniffFileType(bytes('GIF89a'), 'gif')).toBe('gif');
    expect(sniffFileType(bytes('RIFF', [0, 0, 0, 0], 'WEBP'), 'webp')).toBe('webp');
    expect(sniffFileType(bytes('BM'), 'bmp')).toBe('bmp');
    expect(sniffFileType(bytes([0x49, 0x49, 0x2a, 0x00]), 'tif')).toBe('tiff');
    expect(sniffFileType(bytes('%PDF-1.7'), 'pdf')).toBe('pdf');
    expect(sniffFileType(bytes([0x50, 0x4b, 0x03, 0x04]), 'docx')).toBe('docx');
    expect(sniffFileType(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), 'xls')).toBe('xls');
  });

  it('refuses programs, archives, text and anything unknown', () => {
    expect(sniffFileType(bytes('MZ'), 'jpg')).toBeNull();
    expect(sniffFileType(bytes([0x7f, 0x45, 0x4c, 0x46]), 'png')).toBeNull(); // ELF
    expect(sniffFileType(bytes([0x50, 0x4b, 0x03, 0x04]), 'zip')).toBeNull();
    expect(sniffFileType(bytes([0x50, 0x4b, 0x03, 0x04]), 'jpg')).toBeNull();
    expect(sniffFileType(bytes('<html><script>'), 'pdf')).toBeNull();
    expect(sniffFileType(new Uint8Array(0), 'png')).toBeNull();
  });

  it('offers the extensions of the types it keeps, and reads an extension in any case', () => {
    expect(ACCEPTED_EXTENSIONS).toEqual(expect.arrayContaining(['jpg', 'png', 'pdf', 'docx']));
    expect(ACCEPTED_EXTENSIONS).not.toContain('exe');
    expect(extensionOf('扫描件.PDF')).toBe('pdf');
    expect(extensionOf('noext')).toBe('');
  });
});

describe('file names', () => {
  it('accepts a plain name, Chinese included', () => {
    expect(fileNameProblem('漏水照片 2026-11-28.jpg')).toBeNull();
  });
  it.each(['../secret.png', '..\\secret.png', 'a/b.png', 'C:\\x.png', 'c:x.png', '/etc/passwd.png', '....png'])('refuses the path in %j', (name) => {
    expect(fileNameProblem(name)).toBe('file.pathName');
  });
  it.each(['con.png', 'NUL', 'a\u0000.png', 'a\nb.png', 'what?.png', 'a|b.png', '.hidden.png', 'dot.', ' lead.png'])('refuses %j', (name) => {
    expect(fileNameProblem(name)).toBe('file.badName');
  });
  it('wants an extension and a sensible length', () => {
    expect(fileNameProblem('无扩展名')).toBe('file.noExtension');
    expect(fileNameProblem('')).toBe('required');
    expect(fileNameProblem(`${'长'.repeat(121)}.png`)).toBe('tooLong');
  });
});

describe('statistics page figures', () => {
  it('lists every month of a range across a year end, empty ones included', () => {
    expect(monthsBetween('2025-11', '2026-02')).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    const stats = {
      rows: [{ month: '2026-01', type: 'debt', registered: 2, accepted: 2, declined: 0, resolved: 1, failed: 1, overdueStart: 0, overdueConclude: 1 }],
    } as unknown as Stats;
    const months = byMonth(stats, monthsBetween('2025-12', '2026-01'));
    expect(months.map((m) => [m.month, m.accepted])).toEqual([
      ['2025-12', 0],
      ['2026-01', 2],
    ]);
    expect(rateOf(months[1])).toBe(0.5);
    expect(rateOf(months[0])).toBeNull();
  });
});
