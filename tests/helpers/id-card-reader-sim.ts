/**
 * A simulated second-generation ID card reader: speaks the SAM serial protocol on one end of a
 * pseudo-terminal pair made by socat, while the station's real `serialport` opens the other end
 * (`reader.path`). The test lays a card, takes it away, or makes the reader misbehave.
 *
 * Run on its own (`npx tsx tests/helpers/id-card-reader-sim.ts`) it prints the port to choose in
 * Settings and takes commands on stdin: lay, remove, expired, badChecksum, halfRead, silent,
 * garbage, removeAtRead, normal, unplug.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { SerialPort } from 'serialport';
import { encodeText, frame, PHOTO_BYTES, scanFrame, TEXT_BYTES, type RawCardText } from '../../src/main/intake/cardReader/protocol.js';

export type SimCard = RawCardText;

/** A valid test number (checksum right) for a woman born 1985-03-12 in 北京市朝阳区. */
export const SAMPLE_CARD: SimCard = {
  name: '王秀英',
  sex: 'female',
  ethnicityCode: '01',
  birthDate: '1985-03-12',
  address: '北京市朝阳区安贞街道安华里二区5号楼3单元401号',
  idNumber: '110105198503121226',
  issuedBy: '北京市公安局朝阳分局',
  validFrom: '2015-06-01',
  validUntil: '2035-06-01',
};

/**
 * How the reader answers: as it should, or one of the failures the station must survive.
 * - silent: answers nothing (a wrong port, a reader that hung)
 * - garbage: answers bytes that are no frame (another device on the port)
 * - badChecksum: the read answer's checksum is wrong (a garbled line)
 * - halfRead: the read answer stops half-way (cable pulled mid-frame)
 * - removeAtRead: the card goes between select and read (SW3 41)
 */
export type SimMode = 'normal' | 'silent' | 'garbage' | 'badChecksum' | 'halfRead' | 'removeAtRead';

const answer = (sw3: number, data: Uint8Array = new Uint8Array()) => frame(Buffer.concat([Buffer.from([0x00, 0x00, sw3]), Buffer.from(data)]));

export class SimulatedReader {
  /** the port the station opens */
  readonly path: string;
  card: SimCard | null = null;
  mode: SimMode = 'normal';
  /** commands received, by name, for tests that count them */
  readonly received: string[] = [];
  private buffer = Buffer.alloc(0);
  private readonly commandWaiters = new Set<() => void>();

  private constructor(
    private readonly socat: ChildProcess,
    private readonly port: SerialPort,
    path: string,
  ) {
    this.path = path;
    port.on('data', (chunk: Buffer) => this.onData(chunk));
    port.on('error', () => undefined);
  }

  static async start(): Promise<SimulatedReader> {
    const socat = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], { stdio: ['ignore', 'ignore', 'pipe'] });
    const paths = await new Promise<string[]>((resolve, reject) => {
      const found: string[] = [];
      let text = '';
      socat.on('error', reject);
      socat.on('exit', (code) => reject(new Error(`socat exited (${code}): ${text}`)));
      socat.stderr!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        for (const m of text.matchAll(/PTY is (\S+)/g)) if (!found.includes(m[1])) found.push(m[1]);
        if (found.length === 2 && /starting data transfer loop/.test(text)) resolve(found);
      });
    });
    socat.removeAllListeners('exit');
    const port = new SerialPort({ path: paths[0], baudRate: 115_200, autoOpen: false, lock: false });
    await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
    return new SimulatedReader(socat, port, paths[1]);
  }

  /** Resolves once `n` more commands have come in (the station has looked again). */
  commands(n: number): Promise<void> {
    const target = this.received.length + n;
    return new Promise((resolve) => {
      const check = () => {
        if (this.received.length < target) return;
        this.commandWaiters.delete(check);
        resolve();
      };
      this.commandWaiters.add(check);
    });
  }

  lay(card: SimCard = SAMPLE_CARD): void {
    this.card = card;
  }

  remove(): void {
    this.card = null;
  }

  /** The reader's cable pulled: the station's end of the pair goes away. */
  async unplug(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.port.isOpen ? this.port.close(() => resolve()) : resolve()));
    if (this.socat.exitCode === null && this.socat.signalCode === null) {
      const exited = new Promise((resolve) => this.socat.once('exit', resolve));
      this.socat.kill('SIGTERM');
      await exited;
    }
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const scan = scanFrame(this.buffer);
      if (scan.kind === 'partial') return;
      if (scan.kind !== 'frame') {
        // a command it cannot parse: answered as the module does (SW3 10, checksum wrong)
        this.buffer = Buffer.alloc(0);
        this.port.write(answer(0x10));
        return;
      }
      this.buffer = this.buffer.subarray(scan.length);
      this.respond(scan.body[0], scan.body[1]);
    }
  }

  private respond(cmd: number, para: number): void {
    const name = cmd === 0x20 && para === 0x01 ? 'find' : cmd === 0x20 && para === 0x02 ? 'select' : cmd === 0x30 && para === 0x01 ? 'read' : 'other';
    this.received.push(name);
    for (const w of [...this.commandWaiters]) w();
    if (this.mode === 'silent') return;
    if (this.mode === 'garbage') {
      this.port.write(Buffer.from('AT+OK\r\nREADY\r\n'));
      return;
    }
    if (name === 'find') return void this.port.write(this.card ? answer(0x9f, new Uint8Array(4)) : answer(0x80));
    if (name === 'select') return void this.port.write(this.card ? answer(0x90, new Uint8Array(8)) : answer(0x81));
    if (name !== 'read') return void this.port.write(answer(0x21));
    if (!this.card || this.mode === 'removeAtRead') {
      this.card = null;
      return void this.port.write(answer(0x41));
    }
    const lengths = Buffer.alloc(4);
    lengths.writeUInt16BE(TEXT_BYTES, 0);
    lengths.writeUInt16BE(PHOTO_BYTES, 2);
    // the photo block: noise standing in for the portrait, which the station must not keep
    const photo = Buffer.alloc(PHOTO_BYTES, 0x5a);
    const whole = answer(0x90, Buffer.concat([lengths, encodeText(this.card), photo]));
    if (this.mode === 'badChecksum') whole[whole.length - 1] ^= 0xff;
    if (this.mode === 'halfRead') return void this.port.write(whole.subarray(0, 600));
    this.port.write(whole);
  }
}

const runAlone = async () => {
  const reader = await SimulatedReader.start();
  console.log(`Simulated ID card reader on ${reader.path} · 模拟身份证阅读器端口 ${reader.path}`);
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const command = line.trim();
    if (command === 'lay') reader.lay();
    else if (command === 'expired') reader.lay({ ...SAMPLE_CARD, validFrom: '2005-06-01', validUntil: '2015-06-01' });
    else if (command === 'remove') reader.remove();
    else if (command === 'unplug') {
      await reader.unplug();
      break;
    } else if (['normal', 'silent', 'garbage', 'badChecksum', 'halfRead', 'removeAtRead'].includes(command)) reader.mode = command as SimMode;
    else console.log('lay | expired | remove | normal | silent | garbage | badChecksum | halfRead | removeAtRead | unplug');
  }
  await reader.stop();
};

if (process.argv[1] && /id-card-reader-sim\.[cm]?[jt]s$/.test(process.argv[1])) void runAlone();
