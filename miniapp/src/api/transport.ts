/** What the HTTP client needs from the runtime: one request, answered with status, body and headers. */
export interface TransportRequest {
  url: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
}

export interface TransportResponse {
  status: number;
  body: unknown;
  /** Header names as the runtime reports them; read them with `readHeader` (case differs between runtimes). */
  headers: Record<string, string>;
}

/** Rejects with `TransportFailure` when no HTTP answer arrived at all (offline, DNS, TLS, timeout). */
export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export class TransportFailure extends Error {
  constructor(
    readonly timedOut: boolean,
    detail: string,
  ) {
    super(detail);
    this.name = 'TransportFailure';
  }
}

export function readHeader(headers: Record<string, string>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}
