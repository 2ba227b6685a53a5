import type { DemoCrmIdentity } from '@pfs/shared';

/** What the simulated customer's phone shows: the page open in its WeChat browser, and whose phone it is. */
export interface CustomerPhoneState {
  /** The page in the phone (the invitation link at first, then wherever the page went). */
  url?: string;
  /** The demo identity picked in the panel: its number is the phone's, for the SMS inbox. */
  identity?: DemoCrmIdentity;
}

export interface CustomerPhoneStore {
  get(): CustomerPhoneState;
  set(patch: Partial<CustomerPhoneState>): void;
  close(): void;
  subscribe(listener: () => void): () => void;
  /**
   * Taro keeps hidden pages (each with its own demo panel) in the DOM: only the newest panel draws the phone, so
   * there is one frame. Returns a release for the panel's unmount.
   */
  claim(owner: symbol): () => void;
  owner(): symbol | undefined;
  /** The phone's frame while one is drawn (for 填入), and where its page is now (a redrawn frame resumes there). */
  frame(): HTMLIFrameElement | null;
  setFrame(frame: HTMLIFrameElement | null): void;
  location(): string | undefined;
  setLocation(href: string | undefined): void;
}

function createStore(): CustomerPhoneStore {
  let state: CustomerPhoneState = {};
  let frame: HTMLIFrameElement | null = null;
  let location: string | undefined;
  const owners: symbol[] = [];
  const listeners = new Set<() => void>();
  const emit = () => listeners.forEach((listener) => listener());
  return {
    get: () => state,
    set(patch) {
      if (patch.url !== undefined) location = undefined;
      state = { ...state, ...patch };
      emit();
    },
    close() {
      location = undefined;
      state = { identity: state.identity };
      emit();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    claim(owner) {
      owners.push(owner);
      emit();
      return () => {
        owners.splice(owners.indexOf(owner), 1);
        emit();
      };
    },
    owner: () => owners.at(-1),
    frame: () => frame,
    setFrame(next) {
      frame = next;
    },
    location: () => location,
    setLocation(href) {
      location = href;
    },
  };
}

// One phone per demo bridge (the bridge lives as long as the app; pages and their panels come and go).
const stores = new WeakMap<object, CustomerPhoneStore>();

export function customerPhoneOf(demo: object): CustomerPhoneStore {
  let store = stores.get(demo);
  if (!store) {
    store = createStore();
    stores.set(demo, store);
  }
  return store;
}
