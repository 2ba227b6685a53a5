import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../http/app-error';

/** WeCom's envelopes and events are a few hundred bytes; anything near this is not from WeCom. */
export const MAX_CALLBACK_XML_BYTES = 64 * 1024;

const parser = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: false, ignoreDeclaration: true, ignoreAttributes: true });

/** WeCom's documents are two levels deep; the parser's own limit (100 nested tags) throws a plain Error. */
const MAX_DEPTH = 8;

function parseOrRefuse(xml: string): { xml?: unknown } {
  // Counted before parsing so a deeply nested document costs one linear scan, not a parse.
  let depth = 0;
  for (const m of xml.matchAll(/<(\/?)[A-Za-z_][^>]*?(\/?)>/g)) {
    if (m[1]) depth -= 1;
    else if (!m[2]) depth += 1;
    if (depth > MAX_DEPTH) throw new AppError('BAD_REQUEST', 'XML 嵌套过深');
  }
  try {
    return parser.parse(xml) as { xml?: unknown };
  } catch {
    throw new AppError('BAD_REQUEST', 'XML 格式不正确');
  }
}

/**
 * Reads a flat `<xml><Name>value</Name>…</xml>` document into strings. DTDs are refused outright (no entity
 * expansion, no external entities), as are oversized and malformed documents.
 */
export function parseFlatXml(xml: string): Record<string, string> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_CALLBACK_XML_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new AppError('BAD_REQUEST', 'XML 中不允许 DTD 或实体声明');
  if (XMLValidator.validate(xml) !== true) throw new AppError('BAD_REQUEST', 'XML 格式不正确');
  const root = parseOrRefuse(xml).xml;
  if (!root || typeof root !== 'object') throw new AppError('BAD_REQUEST', '不是企业微信的 XML 消息');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    // Nested elements are not part of any event this service handles; keep only scalar fields.
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}
