/**
 * Turning a finding into text, in Vietnamese or English, when output is written (design §3).
 * Placeholders `{{name}}` come from `finding.data`; in English `{{name}}` prefers `data.nameEn`
 * when present (code-list labels, field labels and places carry both). `{{value}}` falls back to
 * the finding's value, `{{field}}` to its field key.
 */
import type { Finding } from './finding.js';
import type { Locale } from '../errors.js';
import { metaByCode } from './catalogue.js';

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Dates are stored as yyyy-mm-dd but shown as dd/mm/yyyy, the official form (QCVN 102:2016). */
function show(v: string | number): string {
  if (typeof v !== 'string') return String(v);
  const m = ISO_DATE.exec(v);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : v;
}

export function interpolate(template: string, data: Record<string, string | number>, locale: Locale, extra?: Record<string, string | undefined>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (locale === 'en') {
      const en = data[`${name}En`];
      if (en !== undefined) return show(en);
    }
    const v = data[name] ?? extra?.[name];
    return v === undefined ? whole : show(v);
  });
}

export function renderFinding(f: Finding, locale: Locale): string {
  const message = metaByCode(f.code)?.messages[f.messageId];
  if (!message) {
    return `${f.code} ${f.messageId}`;
  }
  return interpolate(message[locale], f.data, locale, { value: f.value, field: f.field });
}
