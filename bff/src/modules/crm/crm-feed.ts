import type { Database } from '../../db/database';
import type { PiiKeys } from '../../lib/pii';
import { CRM_KINDS, crmRecordKey, validateCrmRecord, type CrmKind, type CrmRecordOf, type RawRecord } from './crm-records';
import { CrmStore, type RowOutcome } from './crm-store';

/** One change from the head-office CRM: a record of a kind, in the same shape as a row of that kind's file. */
export interface CrmChange {
  kind: CrmKind;
  record: RawRecord;
}

/**
 * The way into the CRM data for anything that is not a file: a later message-queue consumer hands each message's
 * changes to `applyChanges`. The file import goes through the same door, so rows and messages are validated and
 * written by the same code, idempotently (a redelivered message changes nothing).
 */
export interface CrmFeed {
  /**
   * Applies the changes in order (a holding may follow its customer in the same call) and returns one outcome per
   * change, in the same order. Invalid or dangling records are rejected with a reason; the others are written.
   */
  applyChanges(changes: readonly CrmChange[]): Promise<RowOutcome[]>;
}

export function createCrmFeed(db: Database, keys: PiiKeys): CrmFeed {
  const store = new CrmStore(db, keys);
  return {
    async applyChanges(changes) {
      const out: RowOutcome[] = new Array<RowOutcome>(changes.length);
      // Consecutive changes of one kind become one batch, split where a key repeats: one statement must not write
      // the same row twice, and a later change of a key must land after an earlier one.
      let batch: { kind: CrmKind; indexes: number[]; records: CrmRecordOf[CrmKind][]; keys: Set<string> } | null = null;
      const flush = async (): Promise<void> => {
        if (!batch) return;
        const { kind, indexes, records } = batch;
        batch = null;
        const results = await store.write(kind, records);
        indexes.forEach((index, i) => (out[index] = results[i]!));
      };
      for (let index = 0; index < changes.length; index++) {
        const { kind, record } = changes[index]!;
        if (!CRM_KINDS.includes(kind)) {
          out[index] = { status: 'rejected', reason: `未知的记录类型：${String(kind)}` };
          continue;
        }
        const valid = validateCrmRecord(kind, record);
        if (!valid.ok) {
          out[index] = { status: 'rejected', reason: valid.reason };
          continue;
        }
        const key = crmRecordKey(kind, valid.value);
        if (batch && (batch.kind !== kind || batch.keys.has(key))) await flush();
        batch ??= { kind, indexes: [], records: [], keys: new Set() };
        batch.indexes.push(index);
        batch.records.push(valid.value);
        batch.keys.add(key);
      }
      await flush();
      return out;
    },
  };
}
