/**
 * The one platform API src/shared uses: the WHATWG URL parser, the same in Node and the browser.
 * Declared for tsconfig.shared.json alone, which compiles src/shared with neither Node's nor the
 * DOM's types so that it can use nothing else of either.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly pathname: string;
  toString(): string;
}
