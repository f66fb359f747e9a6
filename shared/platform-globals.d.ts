// shared/ is compiled without DOM or Node types so that it can use neither runtime's APIs by
// accident. The WHATWG URL class exists in both (browsers and Node ≥10), so it alone is declared.
declare class URL {
  constructor(input: string, base?: string);
  readonly hostname: string;
  readonly pathname: string;
  readonly port: string;
  readonly protocol: string;
  readonly search: string;
}
