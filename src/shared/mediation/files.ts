/**
 * Files attached to a case (photos of the damage, scans of receipts and IOUs, a PDF from the
 * property company): which ones the station keeps for a case, and how large. How a file's type and
 * name are checked is the same for every zone (../files.ts).
 */
import { FILE_TYPES, extensionsOf, type FileTypeName } from '../files.js';

/** Large enough for a phone photo or a multi-page scan; a video or a disk image is not evidence we file here. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
export const MAX_FILE_MB = MAX_FILE_BYTES / (1024 * 1024);

/** What a file is to the case file; the station says, the bytes must agree with image or document. */
export const FILE_KINDS = ['photo', 'scan', 'document'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

/** A case files images and documents of every type the station knows. */
export const CASE_FILE_TYPES = Object.keys(FILE_TYPES) as FileTypeName[];

/** The extensions the file chooser offers. */
export const ACCEPTED_EXTENSIONS = extensionsOf(CASE_FILE_TYPES);
