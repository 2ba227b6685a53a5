import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database';
import type { JobQueue } from '../../queue/job-queue';
import { dedupKeyOf, type WecomEventFields } from './wecom-event';

export const WECOM_EVENT_QUEUE = 'wecom-event';

export interface WecomEventJob {
  eventId: string;
  /** Events about the same contact (or group, or the tag catalogue) are applied in order; others in parallel. */
  orderKey: string;
}

export interface RecordResult {
  eventId: string;
  duplicate: boolean;
}

/**
 * Writes the event and its processing job in one transaction. When this returns, the event survives a crash and
 * will be processed; a retried delivery of the same event finds its row and adds nothing.
 */
export async function recordWecomEvent(db: Database, queue: JobQueue, fields: WecomEventFields, receivedAt: Date): Promise<RecordResult> {
  const dedupKey = dedupKeyOf(fields);
  return db.sql.transaction(async (tx) => {
    const inserted = await tx.query<{ id: string }>(
      `INSERT INTO wecom_event (id, dedup_key, event, change_type, payload, received_at) VALUES ($1, $2, $3, $4, $5::jsonb, $6)
       ON CONFLICT (dedup_key) DO NOTHING RETURNING id`,
      [randomUUID(), dedupKey, fields.Event, fields.ChangeType ?? null, JSON.stringify(fields), receivedAt],
    );
    const row = inserted.rows[0];
    if (!row) {
      const existing = await tx.query<{ id: string }>('SELECT id FROM wecom_event WHERE dedup_key = $1', [dedupKey]);
      return { eventId: existing.rows[0]!.id, duplicate: true };
    }
    const job: WecomEventJob = { eventId: row.id, orderKey: fields.ExternalUserID ?? fields.ChatId ?? fields.Event };
    await queue.sendWithin(tx, WECOM_EVENT_QUEUE, job);
    return { eventId: row.id, duplicate: false };
  });
}
