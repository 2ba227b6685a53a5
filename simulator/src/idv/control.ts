import type { Sim } from '../core/sim';
import type { IdvOutcome, IdvSession } from '../core/world';
import { completeSession } from './router';

export interface IdvScript {
  /** Applies to this ID number; omitted = every ID number without its own script. */
  idNumber?: string;
  outcome: IdvOutcome;
  /** For 'mismatch': which elements did not match (default ['phone']). */
  mismatchFields?: ('name' | 'idNumber' | 'phone')[];
}

export interface IdvControl {
  script(script: IdvScript): void;
  clearScripts(): void;
  sessions(): IdvSession[];
  /** The person completes the hosted page without a browser (same verdict as visiting `url`). */
  complete(bizToken: string): IdvSession;
}

export function createIdvControl(sim: Sim): IdvControl {
  return {
    script: (s) => {
      const entry = { outcome: s.outcome, mismatchFields: s.mismatchFields ?? [] };
      if (s.idNumber) sim.world.idv.scripts.set(s.idNumber, entry);
      else sim.world.idv.globalScript = entry;
    },
    clearScripts: () => {
      sim.world.idv.scripts.clear();
      sim.world.idv.globalScript = undefined;
    },
    sessions: () => [...sim.world.idv.sessions.values()],
    complete: (bizToken) => {
      const s = sim.world.idv.sessions.get(bizToken);
      if (!s) throw new Error(`unknown bizToken ${bizToken}`);
      return completeSession(sim, s);
    },
  };
}
