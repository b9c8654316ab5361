import { describe, expect, it } from 'vitest';
import { loadSchemas } from '../../src/schema/load.js';

describe('loadSchemas', () => {
  it('loads the shipped schemas', () => {
    const s = loadSchemas();
    expect(s.entities.get('student')?.headerIndex.get('ngay sinh')).toBe('dateOfBirth');
    expect(s.codeLists.get('ethnicity')?.byLabel.get('kinh')?.code).toBe('01');
    expect(s.cccdProvinces.get('001')).toBe('Thành phố Hà Nội');
  });
});
