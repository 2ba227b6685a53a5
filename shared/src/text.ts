import * as z from 'zod/mini';

/**
 * NUL and the other C0/C1 control characters. PostgreSQL refuses NUL in text columns (a 500 if it got that far),
 * and the others have no business in a name, an id or a search term. Multi-line text keeps tab and line breaks.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- as above
export const CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
export const CONTROL_CHARACTERS_MESSAGE_ZH = '不能包含控制字符';

export interface TextOptions {
  /** Allow tab, line feed and carriage return (free text such as a reason). */
  multiline?: boolean;
  /** The message when the value is missing or not a string. */
  error?: string;
}

/**
 * The string schema every input schema is built from: a string that refuses NUL and control characters. Further
 * checks go after it (`text().check(z.minLength(1))`).
 */
export function text(opts: TextOptions = {}): z.ZodMiniString<string> {
  const forbidden = opts.multiline ? CONTROL_CHARACTERS_EXCEPT_LINE_BREAKS : CONTROL_CHARACTERS;
  const base = opts.error ? z.string({ error: opts.error }) : z.string();
  return base.check(z.refine((v) => !forbidden.test(v), { message: CONTROL_CHARACTERS_MESSAGE_ZH, abort: true }));
}
