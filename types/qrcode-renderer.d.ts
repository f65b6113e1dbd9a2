/**
 * What the renderer uses of qrcode: the module matrix of a code (app/QrCode.tsx draws it). Declared
 * for tsconfig.renderer.json, which maps 'qrcode' here: @types/qrcode also declares the package's
 * Node API (files and streams) and with it brings in Node's types, under which the renderer would
 * compile `import 'node:fs'` or `process`. The signatures are @types/qrcode's own.
 */
export type QRCodeErrorCorrectionLevel = 'low' | 'medium' | 'quartile' | 'high' | 'L' | 'M' | 'Q' | 'H';

export interface BitMatrix {
  /** the symbol's size in modules */
  size: number;
  /** the module at a row and column: 1 dark, 0 light */
  get(row: number, col: number): number;
}

export interface QRCode {
  modules: BitMatrix;
  version: number;
}

declare const qrcode: {
  create(text: string, options?: { errorCorrectionLevel?: QRCodeErrorCorrectionLevel; version?: number }): QRCode;
};
export default qrcode;
