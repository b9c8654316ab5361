import { describe, expect, it } from 'vitest';
import { interpolate } from '../../src/check/render.js';

describe('interpolate', () => {
  it('shows ISO dates in the official dd/mm/yyyy form, in both languages', () => {
    expect(interpolate('Ngày {{date}} ở tương lai', { date: '2027-04-04' }, 'vi')).toBe('Ngày 04/04/2027 ở tương lai');
    expect(interpolate('Date {{date}} is in the future', { date: '2027-04-04' }, 'en')).toBe('Date 04/04/2027 is in the future');
  });

  it('leaves other values alone and prefers the English variant in English', () => {
    expect(interpolate('{{field}}: {{value}}', { field: 'Giới tính', fieldEn: 'Gender' }, 'en', { value: '2027-4-4' })).toBe('Gender: 2027-4-4');
    expect(interpolate('{{n}} {{missing}}', { n: 3 }, 'vi')).toBe('3 {{missing}}');
  });
});
