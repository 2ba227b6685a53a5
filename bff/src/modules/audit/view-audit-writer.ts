import type { SqlRunner } from '../../db/database';

/** One staff member's view of one record, as written to audit_log. */
export interface ViewAuditEntry {
  actorId: string;
  action: string;
  entity: string;
  entityId: string;
  ip: string | null;
  requestId: string | null;
  at: Date;
}

interface Waiting {
  entry: ViewAuditEntry;
  resolve: () => void;
  reject: (err: unknown) => void;
}

const INSERT = `INSERT INTO audit_log (actor_type, actor_id, action, entity, entity_id, ip, request_id, at)
SELECT 'STAFF', a, act, e, eid, ip, rid, at
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamp(3)[]) AS v(a, act, e, eid, ip, rid, at)`;

/**
 * Audit rows for record views (the sidebar profile: the hottest path), written with group commit. Every caller
 * waits until its row is committed, so no view is answered unaudited; but the rows of concurrent views share one
 * INSERT and one commit. At most two batches are in flight; rows arriving meanwhile gather into the next one, so a
 * row waits about one commit. Per-view transactions (one WAL flush each) cost the database more than the reads.
 */
export class ViewAuditWriter {
  private queue: Waiting[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly sql: SqlRunner,
    private readonly maxBatch = 500,
    private readonly maxInFlight = 2,
  ) {}

  /** Resolves once the row is committed; rejects if it could not be written (the caller must not show the record). */
  write(entry: ViewAuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, resolve, reject });
      if (!this.scheduled && this.inFlight < this.maxInFlight) {
        this.scheduled = true;
        // Let the requests of the same turn of the event loop join the batch.
        setImmediate(() => {
          this.scheduled = false;
          this.flush();
        });
      }
    });
  }

  private flush(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight) this.send(this.queue.splice(0, this.maxBatch));
  }

  private send(batch: Waiting[]): void {
    this.inFlight++;
    const col = <K extends keyof ViewAuditEntry>(k: K): ViewAuditEntry[K][] => batch.map((w) => w.entry[k]);
    const at = batch.map((w) => w.entry.at.toISOString().replace('T', ' ').replace('Z', ''));
    this.sql.query(INSERT, [col('actorId'), col('action'), col('entity'), col('entityId'), col('ip'), col('requestId'), at], true).then(
      () => this.settle(batch, null),
      (err: unknown) => this.settle(batch, err),
    );
  }

  private settle(batch: Waiting[], err: unknown): void {
    this.inFlight--;
    for (const w of batch) {
      if (err) w.reject(err);
      else w.resolve();
    }
    // What gathered while this batch was in flight goes next.
    this.flush();
  }
}
