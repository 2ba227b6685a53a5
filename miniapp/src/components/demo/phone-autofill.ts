/**
 * Fills inputs of the page in the demo phone (same origin) the way a browser's autofill does: the input's own value
 * setter, then a bubbling `input` event — what Taro's input (and React) listen to. Inputs are found by `name`.
 * Returns the names it filled; none when the page is elsewhere (another origin, or a step without the form).
 */
export function autofill(doc: Document | null | undefined, values: Record<string, string>): string[] {
  if (!doc) return [];
  const filled: string[] = [];
  for (const [name, value] of Object.entries(values)) {
    const input = doc.querySelector<HTMLInputElement>(`input[name="${name}"]`);
    if (!input) continue;
    // The prototype of the frame's own window: a setter from this window would not be the element's.
    const setter = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(input) as object, 'value')?.set;
    if (setter) setter.call(input, value);
    else input.value = value;
    const EventOfFrame = doc.defaultView?.Event ?? Event;
    input.dispatchEvent(new EventOfFrame('input', { bubbles: true }));
    filled.push(name);
  }
  return filled;
}

/** The phone field of the page in the demo phone, as the customer typed it (to know whose SMS inbox to show). */
export function typedPhone(doc: Document | null | undefined): string | undefined {
  const value = doc?.querySelector<HTMLInputElement>('input[name="phone"]')?.value;
  const digits = value?.replace(/[\s-]/g, '').replace(/^\+?86(?=1\d{10}$)/, '');
  return digits && /^1[3-9]\d{9}$/.test(digits) ? digits : undefined;
}

/** The document in the frame when it is of this origin (after the WeChat round trip it is again), else null. */
export function frameDocument(frame: HTMLIFrameElement | null): Document | null {
  try {
    return frame?.contentDocument ?? null;
  } catch {
    return null;
  }
}
