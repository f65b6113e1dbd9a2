/**
 * Files attached to a case (photos of the damage, scans of receipts and IOUs, a PDF from the
 * property company): which ones the station keeps and how their names are checked. Pure, so the
 * form can refuse a file before reading it and the core refuses it again (the renderer is not
 * trusted): the core decides by the bytes, never by what the name or the browser claims.
 */

/** Large enough for a phone photo or a multi-page scan; a video or a disk image is not evidence we file here. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_MB = MAX_FILE_BYTES / (1024 * 1024);

/** What a file is to the case file; the station says, the bytes must agree with image or document. */
export const FILE_KINDS = ['photo', 'scan', 'document'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FileType {
  mime: string;
  /** extensions a name of this type may end with, lower case, without the dot */
  extensions: readonly string[];
  /** an image can be shown in the case page; a document is opened */
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

/** The extensions the file chooser offers. */
export const ACCEPTED_EXTENSIONS = [...new Set(Object.values(FILE_TYPES).flatMap((t) => t.extensions))];

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
// here, but a copy saved from the case page must not be refused by the PC it is saved on.
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
export const fileNameProblem = (name: string): string | null => {
  if (name.trim() === '') return 'required';
  if ([...name].length > MAX_FILE_NAME) return 'tooLong';
  if (name.includes('..') || /[/\\]/.test(name) || /^[a-z]:/i.test(name)) return 'mediation.file.pathName';
  if (UNSAFE.test(name) || name.startsWith('.') || name !== name.trim() || name.endsWith('.')) return 'mediation.file.badName';
  if (RESERVED.test(name)) return 'mediation.file.badName';
  if (extensionOf(name) === '') return 'mediation.file.noExtension';
  return null;
};

export const formatBytes = (n: number): string =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / (1024 * 1024)).toFixed(1)} MB`;
