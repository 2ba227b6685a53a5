import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { AppError } from '../../http/app-error';

/** WeCom's envelopes and events are a few hundred bytes; anything near this is not from WeCom. */
export const MAX_CALLBACK_XML_BYTES = 64 * 1024;

const parser = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: false, ignoreDeclaration: true, ignoreAttributes: true });

/**
 * Reads a flat `<xml><Name>value</Name>…</xml>` document into strings. DTDs are refused outright (no entity
 * expansion, no external entities), as are oversized and malformed documents.
 */
export function parseFlatXml(xml: string): Record<string, string> {
  if (Buffer.byteLength(xml, 'utf8') > MAX_CALLBACK_XML_BYTES) throw new AppError('PAYLOAD_TOO_LARGE');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw new AppError('BAD_REQUEST', 'XML 中不允许 DTD 或实体声明');
  if (XMLValidator.validate(xml) !== true) throw new AppError('BAD_REQUEST', 'XML 格式不正确');
  const root = (parser.parse(xml) as { xml?: unknown }).xml;
  if (!root || typeof root !== 'object') throw new AppError('BAD_REQUEST', '不是企业微信的 XML 消息');
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    // Nested elements are not part of any event this service handles; keep only scalar fields.
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
  }
  return out;
}
