import { describe, expect, it } from 'vitest';
import { commandFrame, decodeText, encodeText, frame, scanFrame, textOfReadAnswer } from '../../src/main/intake/cardReader/protocol.js';
import { SAMPLE_CARD } from '../helpers/id-card-reader-sim.js';

describe('SAM serial protocol frames', () => {
  it('frames the three commands as the module expects: preamble, length 3, command, parameter, XOR', () => {
    expect(commandFrame('findCard').toString('hex')).toBe('aaaaaa96690003200122');
    expect(commandFrame('selectCard').toString('hex')).toBe('aaaaaa96690003200221');
    expect(commandFrame('readText').toString('hex')).toBe('aaaaaa96690003300132');
  });

  it('finds a whole frame, waits for a partial one, and tells a bad checksum and foreign bytes apart', () => {
    const answer = frame([0x00, 0x00, 0x9f, 0, 0, 0, 0]);
    expect(scanFrame(answer)).toMatchObject({ kind: 'frame', length: answer.length });
    expect(scanFrame(answer.subarray(0, 3))).toEqual({ kind: 'partial' });
    expect(scanFrame(answer.subarray(0, answer.length - 1))).toEqual({ kind: 'partial' });
    const garbled = Buffer.from(answer);
    garbled[8] ^= 0x01;
    expect(scanFrame(garbled)).toMatchObject({ kind: 'badChecksum' });
    expect(scanFrame(Buffer.from('AT+OK\r\n'))).toEqual({ kind: 'garbage' });
  });

  it('decodes the 256-byte UCS-2 text at its offsets, 长期 included', () => {
    const text = encodeText({ ...SAMPLE_CARD, validUntil: '长期' });
    expect(text.length).toBe(256);
    // the ID number's first digit at byte 122, little-endian
    expect(text.readUInt16LE(122)).toBe('1'.charCodeAt(0));
    expect(decodeText(text)).toEqual({
      name: '王秀英',
      sex: 'female',
      ethnicity: '汉',
      birthDate: '1985-03-12',
      address: SAMPLE_CARD.address,
      idNumber: SAMPLE_CARD.idNumber,
      issuedBy: '北京市公安局朝阳分局',
      validFrom: '2015-06-01',
      validUntil: null,
      longTerm: true,
    });
  });

  it('takes the text out of the read answer and leaves the photo; lengths that do not add up give nothing', () => {
    const lengths = Buffer.from([0x01, 0x00, 0x04, 0x00]);
    const text = encodeText(SAMPLE_CARD);
    const body = Buffer.concat([Buffer.from([0, 0, 0x90]), lengths, text, Buffer.alloc(1024, 7)]);
    expect(textOfReadAnswer(body)).toEqual(text);
    expect(textOfReadAnswer(body.subarray(0, 700))).toBeNull();
  });
});
