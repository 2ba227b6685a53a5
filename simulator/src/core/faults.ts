/**
 * "The next N calls to API X fail with F": a queue of scripted failures per API name ('*' = any API).
 * Each matching call consumes one unit; calls are counted whether or not they fail.
 */
export class FaultQueue<F> {
  private readonly entries: { api: string; fault: F; remaining: number }[] = [];

  add(api: string, fault: F, count = 1): void {
    if (count > 0) this.entries.push({ api, fault, remaining: count });
  }

  /** Returns the fault for this call (and consumes it), or undefined when the call should run normally. */
  take(api: string): F | undefined {
    const entry = this.entries.find((e) => e.remaining > 0 && (e.api === api || e.api === '*'));
    if (!entry) return undefined;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.entries.splice(this.entries.indexOf(entry), 1);
    return entry.fault;
  }

  pending(): { api: string; fault: F; remaining: number }[] {
    return this.entries.map((e) => ({ ...e }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}

/** Per-API call counter plus an ordered log, so tests can assert "exactly one gettoken". */
export class CallLog<R extends { api: string }> {
  readonly entries: R[] = [];

  record(entry: R): void {
    this.entries.push(entry);
  }

  counts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const e of this.entries) out[e.api] = (out[e.api] ?? 0) + 1;
    return out;
  }

  count(api: string): number {
    return this.entries.filter((e) => e.api === api).length;
  }
}
