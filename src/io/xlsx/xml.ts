/** Tiny helpers for scanning SpreadsheetML text without a DOM. Entities are never expanded beyond the XML built-ins. */
import { InputError } from '../../errors.js';

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY_RE = /&(#x[0-9a-fA-F]+|#[0-9]+|amp|lt|gt|quot|apos);/g;
const ESCAPE_RE = /_x([0-9a-fA-F]{4})_/g;

function entity(_m: string, body: string): string {
  if (body.charCodeAt(0) === 35) {
    const cp = body.charCodeAt(1) === 120 ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
  }
  return NAMED[body] ?? '';
}

/** XML text → string: the five built-in entities, character references, then Excel's `_xHHHH_` escapes. */
export function decodeXmlText(raw: string): string {
  let s = raw.indexOf('&') >= 0 ? raw.replace(ENTITY_RE, entity) : raw;
  if (s.indexOf('_x') >= 0) s = s.replace(ESCAPE_RE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return s;
}

/** Value of attribute `name` (exact, or any `prefix:name`) in a start tag's text, decoded; undefined when absent. */
export function attr(tag: string, name: string, anyPrefix = false): string | undefined {
  let i = 0;
  const n = tag.length;
  while (i < n) {
    const eq = tag.indexOf('=', i);
    if (eq < 0) return undefined;
    let k = eq - 1;
    while (k >= i && tag.charCodeAt(k) <= 32) k--;
    let ks = k;
    while (ks >= i && tag.charCodeAt(ks) > 32 && tag.charCodeAt(ks) !== 60) ks--;
    const key = tag.slice(ks + 1, k + 1);
    let q = eq + 1;
    while (q < n && tag.charCodeAt(q) <= 32) q++;
    const quote = tag[q];
    if (quote !== '"' && quote !== "'") return undefined;
    const close = tag.indexOf(quote, q + 1);
    if (close < 0) return undefined;
    if (key === name || (anyPrefix && key.endsWith(':' + name))) return decodeXmlText(tag.slice(q + 1, close));
    i = close + 1;
  }
  return undefined;
}

/** All start tags `<name …>` (or `<name …/>`) in `text`, as their text between `<` and `>`. */
export function* tags(text: string, name: string): Generator<string> {
  const open = '<' + name;
  let i = text.indexOf(open);
  while (i >= 0) {
    const c = text.charCodeAt(i + open.length);
    const gt = text.indexOf('>', i);
    if (gt < 0) return;
    if (c === 32 || c === 62 || c === 47 || c === 9 || c === 10 || c === 13) yield text.slice(i + 1, gt);
    i = text.indexOf(open, gt);
  }
}

/** Refuse DTDs: entity declarations are how billion-laughs and external-entity attacks start. */
export function refuseDtd(text: string, file: string, part: string): void {
  if (text.indexOf('<!DOCTYPE') >= 0 || text.indexOf('<!ENTITY') >= 0) throw xmlEntities(file, part);
}

export function xmlEntities(file: string, part: string): InputError {
  return new InputError({ file }, 'xml-entities', {
    vi: `phần ${part} của tệp chứa khai báo DOCTYPE/ENTITY, Excel không bao giờ tạo ra; tệp có thể độc hại nên không được đọc`,
    en: `part ${part} contains a DOCTYPE/ENTITY declaration, which Excel never writes; the file may be malicious and is not read`,
  });
}
