/**
 * Files the station keeps beside its database (a mediation case's evidence, the photo a task was
 * done with): the types it knows and how their names and bytes are checked. Pure, so a form can
 * refuse a file before reading it and the core refuses it again (the renderer is not trusted):
 * the core decides by the bytes, never by what the name or the browser claims. Each zone says
 * which types and how many bytes it takes; the checks are these.
 */
import { z } from 'zod';
import type { ErrorKey } from './errors.js';

export interface FileType {
  mime: string;
  /** extensions a name of this type may end with, lower case, without the dot */
  extensions: readonly string[];
  /** an image can be shown in the page; a document is opened */
  image: boolean;
}

/** The types kept, each recognised by its first bytes (its "magic number"). */
export const FILE_TYPES = {
  jpeg: { mime: 'image/jpeg', extensions: ['jpg', 'jpeg'], image: true },
  png: { mime: 'image/png', extensions: ['png'], image: true },
  gif: { mime: 'image/gif', extensions: ['gif'], image: true },
  webp: { mime: 'image/webp', extensions: ['webp'], image: true },
  bmp: { mime: 'image/bmp', extensions: ['bmp'], image: true },
  tiff: { mime: 'image/tiff', extensions: ['tif', 'tiff'], image: false },
  pdf: { mime: 'application/pdf', extensions: ['pdf'], image: false },
  // Word and Excel: the Office Open XML formats are zip files, the older ones compound files
  docx: { mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'], image: false },
  xlsx: { mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'], image: false },
  doc: { mime: 'application/msword', extensions: ['doc'], image: false },
  xls: { mime: 'application/vnd.ms-excel', extensions: ['xls'], image: false },
} as const satisfies Record<string, FileType>;
export type FileTypeName = keyof typeof FILE_TYPES;

/** The extensions a file chooser offers for these types. */
export const extensionsOf = (types: readonly FileTypeName[]): string[] => [...new Set(types.flatMap((t) => FILE_TYPES[t].extensions))];

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0) =>
  bytes.length >= at + sig.length && sig.every((b, i) => bytes[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * The type the bytes are, or null. A zip or compound file is only a document when the name's
 * extension says which (a zip of anything else starts the same way).
 */
export const sniffFileType = (bytes: Uint8Array, extension: string): FileTypeName | null => {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('BM')) && bytes.length >= 26) return 'bmp';
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a])) return 'tiff';
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (extension === 'docx') return 'docx';
    if (extension === 'xlsx') return 'xlsx';
    return null;
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    if (extension === 'doc') return 'doc';
    if (extension === 'xls') return 'xls';
    return null;
  }
  return null;
};

/** The extension of a name, lower case, or '' when it has none. */
export const extensionOf = (name: string): string => {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
};

// Windows refuses these as file names whatever the extension; a name is never used as a path
// here, but a copy saved from the page must not be refused by the PC it is saved on.
const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f/\\:*?"<>|]/;

export const MAX_FILE_NAME = 120;

/**
 * Why a file name is refused (an i18n key under `errors.`), or null. The name is only shown and
 * offered when the file is saved again; the file is stored under an id the core makes. Still, a
 * name that tries to climb out of a folder (`../../station.sqlite`, `C:\\…`) says someone is
 * probing, and is refused outright rather than quietly cleaned.
 */
export const fileNameProblem = (name: string): ErrorKey | null => {
  if (name.trim() === '') return 'required';
  if ([...name].length > MAX_FILE_NAME) return 'tooLong';
  if (name.includes('..') || /[/\\]/.test(name) || /^[a-z]:/i.test(name)) return 'file.pathName';
  if (UNSAFE.test(name) || name.startsWith('.') || name !== name.trim() || name.endsWith('.')) return 'file.badName';
  if (RESERVED.test(name)) return 'file.badName';
  if (extensionOf(name) === '') return 'file.noExtension';
  return null;
};

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`;

// ───────────────────────────── in a method's input ─────────────────────────────

/** A file's name in an upload's input: only a name (see `fileNameProblem`). */
export const fileNameInput = z.string({ error: 'required' }).check((ctx) => {
  const problem = fileNameProblem(ctx.value);
  if (problem) ctx.issues.push({ code: 'custom', message: problem, params: { max: MAX_FILE_NAME }, input: ctx.value });
});

/** A file's bytes in an upload's input: not empty, at most `maxBytes` (said in whole MB). */
export const fileContentInput = (maxBytes: number) =>
  z.instanceof(Uint8Array, { message: 'required' }).check((ctx) => {
    if (ctx.value.byteLength === 0) ctx.issues.push({ code: 'custom', message: 'file.empty', input: null });
    else if (ctx.value.byteLength > maxBytes) ctx.issues.push({ code: 'custom', message: 'fileTooLarge', params: { max: Math.round(maxBytes / (1024 * 1024)) }, input: null });
  });

/**
 * The type of an uploaded file, found in its bytes: one of `types`, and named as one. Otherwise
 * null, with the issue on its field: `typeKey` (the zone's own words for what it takes) on the
 * content, or `file.typeMismatch` on the name of, say, a PDF called photo.jpg.
 */
export const checkFileType = (
  file: { fileName: string; content: Uint8Array },
  ctx: { issues: z.core.$ZodRawIssue[] },
  types: readonly FileTypeName[],
  typeKey: ErrorKey,
  path: (string | number)[] = [],
): FileTypeName | null => {
  const extension = extensionOf(file.fileName);
  const found = sniffFileType(file.content, extension);
  if (!found || !types.includes(found)) {
    ctx.issues.push({ code: 'custom', message: typeKey, path: [...path, 'content'], input: null });
    return null;
  }
  if (!(FILE_TYPES[found].extensions as readonly string[]).includes(extension)) {
    ctx.issues.push({ code: 'custom', message: 'file.typeMismatch', path: [...path, 'fileName'], input: file.fileName });
    return null;
  }
  return found;
};

/** A stored file's bytes as the core gives them back, checked against the SHA-256 taken when it came. */
export interface FileContent {
  id: string;
  fileName: string;
  mime: string;
  size: number;
  sha256: string;
  /** the bytes, base64: results are JSON on both transports */
  base64: string;
}
