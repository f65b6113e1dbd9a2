/**
 * The serial protocol of the second-generation resident ID card reader's security module (SAM,
 * the interface of GA 467), as the desk's readers speak it over RS-232 or USB-serial.
 *
 * Every frame, both ways:
 *
 *   offset  bytes  field
 *   0       5      preamble            AA AA AA 96 69
 *   5       2      LEN, big-endian     number of bytes that follow the length (up to the checksum, included)
 *   7       …      body                command: CMD PARA        answer: SW1 SW2 SW3 data…
 *   7+LEN-1 1      CHK                 XOR of the two LEN bytes and every body byte
 *
 * Commands the desk sends (LEN = 3):
 *   find card    20 01    → SW3 9F found (some modules answer 90), 80 no card
 *   select card  20 02    → SW3 90 selected (8 bytes of card serial follow), 81 select failed
 *   read text    30 01    → SW3 90, then text length (2 B, big-endian, 256) and photo length
 *                           (2 B, big-endian, 1024), the text, the photo
 * Other answers: 10 checksum of the command wrong, 11 length wrong, 21 unknown command,
 * 41 reading the card failed (removed while being read), 31/32/33 card and SAM did not authenticate
 * each other, 60 SAM self-check failed, 66 SAM not authorised.
 *
 * The text block, 256 bytes of UCS-2 little-endian, each field padded with spaces:
 *
 *   offset  bytes  field
 *   0       30     name (姓名), 15 characters
 *   30      2      sex (性别): 1 male, 2 female (GB/T 2261.1 code)
 *   32      4      ethnicity (民族): two-digit GB 3304 code
 *   36      16     birth date (出生): YYYYMMDD
 *   52      70     address (住址), 35 characters
 *   122     36     ID number (公民身份号码), 18 characters
 *   158     30     issuing authority (签发机关), 15 characters
 *   188     16     valid from (有效期起始): YYYYMMDD
 *   204     16     valid until (有效期截止): YYYYMMDD or 长期 (no end)
 *   220     36     reserved
 *
 * The photo block (1024 bytes, the portrait compressed in the module's own wavelet format) is
 * skipped over and never kept: the station stores no portraits.
 */
import type { CardText } from '../../../shared/intake/cardReader.js';

export const PREAMBLE = Buffer.from([0xaa, 0xaa, 0xaa, 0x96, 0x69]);
/** preamble and the two length bytes */
export const HEADER_BYTES = PREAMBLE.length + 2;

export const COMMANDS = {
  findCard: [0x20, 0x01],
  selectCard: [0x20, 0x02],
  readText: [0x30, 0x01],
} as const satisfies Record<string, readonly [number, number]>;
export type CommandName = keyof typeof COMMANDS;

export const SW3 = {
  ok: 0x90,
  found: 0x9f,
  noCard: 0x80,
  selectFailed: 0x81,
  readFailed: 0x41,
} as const;

export const TEXT_BYTES = 256;
export const PHOTO_BYTES = 1024;

const xor = (bytes: Uint8Array, from: number, to: number): number => {
  let sum = 0;
  for (let i = from; i < to; i++) sum ^= bytes[i];
  return sum;
};

/** A whole frame around `body` (a command's CMD PARA, or an answer's SW1 SW2 SW3 data). */
export const frame = (body: Uint8Array | readonly number[]): Buffer => {
  const len = body.length + 1;
  const out = Buffer.alloc(HEADER_BYTES + len);
  PREAMBLE.copy(out, 0);
  out.writeUInt16BE(len, 5);
  Buffer.from(body).copy(out, HEADER_BYTES);
  out[out.length - 1] = xor(out, 5, out.length - 1);
  return out;
};

export const commandFrame = (name: CommandName): Buffer => frame(COMMANDS[name]);

export type FrameScan =
  /** not enough bytes yet for a whole frame */
  | { kind: 'partial' }
  /** bytes that cannot start a frame of this protocol: another device on the port */
  | { kind: 'garbage' }
  | { kind: 'badChecksum'; length: number }
  | { kind: 'frame'; body: Buffer; length: number };

/** Looks for one frame at the start of `buffer` (what the port has sent since the command). */
export const scanFrame = (buffer: Buffer): FrameScan => {
  const head = Math.min(buffer.length, PREAMBLE.length);
  if (!buffer.subarray(0, head).equals(PREAMBLE.subarray(0, head))) return { kind: 'garbage' };
  if (buffer.length < HEADER_BYTES) return { kind: 'partial' };
  const len = buffer.readUInt16BE(5);
  // the longest answer is the text and photo (1288 body bytes); anything far beyond is not this protocol
  if (len < 1 || len > 4096) return { kind: 'garbage' };
  const total = HEADER_BYTES + len;
  if (buffer.length < total) return { kind: 'partial' };
  if (xor(buffer, 5, total - 1) !== buffer[total - 1]) return { kind: 'badChecksum', length: total };
  return { kind: 'frame', body: Buffer.from(buffer.subarray(HEADER_BYTES, total - 1)), length: total };
};

/** The answer's status: SW1 SW2 SW3. */
export const statusOf = (body: Buffer): { sw1: number; sw2: number; sw3: number } | null =>
  body.length >= 3 ? { sw1: body[0], sw2: body[1], sw3: body[2] } : null;

const FIELDS = {
  name: [0, 30],
  sex: [30, 2],
  ethnicity: [32, 4],
  birthDate: [36, 16],
  address: [52, 70],
  idNumber: [122, 36],
  issuedBy: [158, 30],
  validFrom: [188, 16],
  validUntil: [204, 16],
} as const satisfies Record<string, readonly [number, number]>;

/** GB 3304 codes of the 56 ethnic groups, as the card writes them. */
const ETHNICITIES = [
  '汉', '蒙古', '回', '藏', '维吾尔', '苗', '彝', '壮', '布依', '朝鲜', '满', '侗', '瑶', '白', '土家', '哈尼', '哈萨克', '傣', '黎',
  '傈僳', '佤', '畲', '高山', '拉祜', '水', '东乡', '纳西', '景颇', '柯尔克孜', '土', '达斡尔', '仫佬', '羌', '布朗', '撒拉', '毛南',
  '仡佬', '锡伯', '阿昌', '普米', '塔吉克', '怒', '乌孜别克', '俄罗斯', '鄂温克', '德昂', '保安', '裕固', '京', '塔塔尔', '独龙',
  '鄂伦春', '赫哲', '门巴', '珞巴', '基诺',
];
export const ethnicityName = (code: string): string => {
  const n = Number(code);
  if (Number.isInteger(n) && n >= 1 && n <= ETHNICITIES.length) return ETHNICITIES[n - 1];
  if (n === 97) return '其他';
  if (n === 98) return '外国血统中国籍人士';
  return code;
};

const field = (text: Buffer, [offset, bytes]: readonly [number, number]) =>
  text
    .subarray(offset, offset + bytes)
    .toString('utf16le')
    .replace(/\0/g, '')
    .trim();

const isoDate = (yyyymmdd: string): string | null =>
  /^\d{8}$/.test(yyyymmdd) ? `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}` : null;

/** The fields of the 256-byte text block. */
export const decodeText = (text: Buffer): CardText => {
  const sex = field(text, FIELDS.sex);
  const until = field(text, FIELDS.validUntil);
  return {
    name: field(text, FIELDS.name),
    sex: sex === '1' ? 'male' : sex === '2' ? 'female' : null,
    ethnicity: ethnicityName(field(text, FIELDS.ethnicity)),
    birthDate: isoDate(field(text, FIELDS.birthDate)),
    address: field(text, FIELDS.address),
    idNumber: field(text, FIELDS.idNumber).toUpperCase(),
    issuedBy: field(text, FIELDS.issuedBy),
    validFrom: isoDate(field(text, FIELDS.validFrom)),
    validUntil: isoDate(until),
    longTerm: until === '长期',
  };
};

/** A card's text block as the card stores it (the ethnicity by its code, 长期 as written), as the simulated reader and the tests lay it. */
export interface RawCardText {
  name: string;
  sex: 'male' | 'female';
  ethnicityCode: string;
  birthDate: string;
  address: string;
  idNumber: string;
  issuedBy: string;
  validFrom: string;
  /** YYYY-MM-DD or 长期 */
  validUntil: string;
}

/** The inverse of decodeText, for the simulated reader and the tests. */
export const encodeText = (card: RawCardText): Buffer => {
  const text = Buffer.alloc(TEXT_BYTES, 0);
  // padded with spaces as the card is; the reserved tail too
  for (let i = 0; i < TEXT_BYTES; i += 2) text.writeUInt16LE(0x20, i);
  const put = ([offset, bytes]: readonly [number, number], value: string) => {
    const encoded = Buffer.from(value, 'utf16le').subarray(0, bytes);
    encoded.copy(text, offset);
  };
  const digits = (iso: string) => iso.replace(/-/g, '');
  put(FIELDS.name, card.name);
  put(FIELDS.sex, card.sex === 'male' ? '1' : '2');
  put(FIELDS.ethnicity, card.ethnicityCode);
  put(FIELDS.birthDate, digits(card.birthDate));
  put(FIELDS.address, card.address);
  put(FIELDS.idNumber, card.idNumber);
  put(FIELDS.issuedBy, card.issuedBy);
  put(FIELDS.validFrom, digits(card.validFrom));
  put(FIELDS.validUntil, card.validUntil === '长期' ? '长期' : digits(card.validUntil));
  return text;
};

/** Splits the read-text answer's data (after SW1..SW3) into the text; the photo is left behind. */
export const textOfReadAnswer = (body: Buffer): Buffer | null => {
  const data = body.subarray(3);
  if (data.length < 4) return null;
  const textLength = data.readUInt16BE(0);
  const photoLength = data.readUInt16BE(2);
  if (textLength !== TEXT_BYTES || data.length < 4 + textLength + photoLength) return null;
  return Buffer.from(data.subarray(4, 4 + textLength));
};
