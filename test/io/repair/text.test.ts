import { describe, expect, it } from 'vitest';
import { cleanText } from '../../../src/io/repair/text.js';
import { newSink, type RepairNote } from '../../../src/io/repair/index.js';

function run(raw: string): { text: string | null; kinds: string[]; repairs: RepairNote[] } {
  const sink = newSink();
  const text = cleanText(raw, sink);
  const repairs = sink.repairs ?? [];
  return { text, kinds: repairs.map((r) => r.kind), repairs };
}

const NFD = (s: string) => s.normalize('NFD');

describe('cleanText', () => {
  it.each<[string, string | null, string[]]>([
    ['Nguyễn Văn An', 'Nguyễn Văn An', []],
    ['Nguyen Van An', 'Nguyen Van An', []],
    ['  Nguyễn Văn An  ', 'Nguyễn Văn An', []],
    ['\tNguyễn Văn An\n', 'Nguyễn Văn An', []],
    ['\u00A0Nguyễn Văn An\u200B', 'Nguyễn Văn An', []],
    ['\uFEFFHọ và tên', 'Họ và tên', []],
    ['Nguyễn  Văn   An', 'Nguyễn Văn An', ['whitespace']],
    ['Nguyễn\nVăn An', 'Nguyễn Văn An', ['whitespace']],
    ['Nguyễn\r\n Văn An', 'Nguyễn Văn An', ['whitespace']],
    ['Nguyễn\u00A0Văn\u00A0An', 'Nguyễn Văn An', ['whitespace']],
    ['Nguyễn\u200BVăn An', 'Nguyễn Văn An', ['whitespace']],
    ['Nguyễn \u200B Văn An', 'Nguyễn Văn An', ['whitespace']],
    ['Nguyễn\tVăn An', 'Nguyễn Văn An', ['whitespace']],
    [NFD('Nguyễn Văn An'), 'Nguyễn Văn An', ['unicode-nfc']],
    ['Nguye\u0302\u0303n Văn An', 'Nguyễn Văn An', ['unicode-nfc']],
    ['Nguyê\u0303n Văn An', 'Nguyễn Văn An', ['unicode-nfc']],
    [NFD('  Hoà  Bình '), 'Hoà Bình', ['unicode-nfc', 'whitespace']],
    ['', null, []],
    ['   ', null, []],
    ['\u00A0\u200B\n', null, []],
    ['6A1', '6A1', []],
    ['a b', 'a b', []],
  ])('%j → %j %j', (raw, text, kinds) => {
    const r = run(raw);
    expect(r.text).toBe(text);
    expect(r.kinds).toEqual(kinds);
  });

  it('returns the same string on the fast path', () => {
    const s = 'Trần Thị Thu Hương';
    expect(cleanText(s, null)).toBe(s);
  });

  it('records before and after', () => {
    expect(run('Lê  Văn Tám').repairs).toEqual([{ kind: 'whitespace', from: 'Lê  Văn Tám', to: 'Lê Văn Tám' }]);
  });

  it('is silent without a sink', () => {
    expect(cleanText(NFD('Lê  Văn'), null)).toBe('Lê Văn');
  });
});
