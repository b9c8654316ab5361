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

export function interpolate(template: string, data: Record<string, string | number>, locale: Locale, extra?: Record<string, string | undefined>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) => {
    if (locale === 'en') {
      const en = data[`${name}En`];
      if (en !== undefined) return String(en);
    }
    const v = data[name] ?? extra?.[name];
    return v === undefined ? whole : String(v);
  });
}

export function renderFinding(f: Finding, locale: Locale): string {
  const message = metaByCode(f.code)?.messages[f.messageId];
  if (!message) {
    return `${f.code} ${f.messageId}`;
  }
  return interpolate(message[locale], f.data, locale, { value: f.value, field: f.field });
}
