/**
 * Administrative units in force at a report's reference date (identifiers.md §2): before
 * 1 July 2025 a school reports through its district's Phòng GDĐT to one of 63 provinces; from
 * then on it sits in a commune of one of 34 provinces. A school row that carries a district code
 * carries pre-2025 codes (the district level only exists before the reorganisation); one without
 * carries post-2025 codes. Either can be placed in the other scheme through the 2025 mapping
 * (schemas/units/communes-2025.json), except that a pre-2025 district cannot be derived from a
 * post-2025 commune: such a school is reported as unplaced, never dropped silently.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultSchemasDir } from '../schema/load.js';
import type { UnitScheme } from './period.js';

export type ReportLevel = 'school' | 'commune' | 'province';

export interface Unit {
  level: ReportLevel;
  code: string;
  name: string;
  scheme: UnitScheme;
}

export interface SchoolUnits {
  schoolId: string;
  name: string | null;
  provinceCode: string | null;
  districtCode: string | null;
  communeCode: string | null;
}

export type PlacementProblem = 'no-district' | 'unknown-district' | 'unknown-commune' | 'ambiguous-commune' | 'no-province';

export interface Placement {
  middle: Unit | null;
  province: Unit | null;
  problems: PlacementProblem[];
}

export interface UnitDirectory {
  districts: Map<string, { name: string; province: string; office?: string | undefined }>;
  oldProvinces: Map<string, string>;
  newProvinces: Map<string, string>;
  communes: Map<string, { name: string; province: string }>;
  oldToNew: Map<string, string[]>;
  newToOld: Map<string, string[]>;
  oldCommuneProvince: Map<string, string>;
}

const Values = z.object({ values: z.array(z.object({ code: z.string(), name: z.string() }).passthrough()) }).passthrough();
const Districts = z.object({ values: z.array(z.object({ code: z.string(), name: z.string(), province: z.string(), office: z.string().optional() })) }).passthrough();
const Communes = z
  .object({
    values: z.array(z.object({ code: z.string(), name: z.string(), province: z.string(), from: z.array(z.tuple([z.string(), z.enum(['full', 'partial'])])) })),
    oldCommuneProvinces: z.record(z.string(), z.string()),
  })
  .passthrough();

const read = (dir: string, name: string): unknown => JSON.parse(readFileSync(join(dir, 'units', name), 'utf8'));

let cached: { dir: string; units: UnitDirectory } | undefined;

export function loadUnits(schemasDir = defaultSchemasDir()): UnitDirectory {
  if (cached?.dir === schemasDir) return cached.units;
  const districts = Districts.parse(read(schemasDir, 'districts-2024.json'));
  const oldProvinces = Values.parse(read(schemasDir, 'cccd-provinces.json'));
  const newProvinces = Values.parse(read(schemasDir, 'provinces-2025.json'));
  const communes = Communes.parse(read(schemasDir, 'communes-2025.json'));
  const units: UnitDirectory = {
    districts: new Map(districts.values.map((d) => [d.code, { name: d.name, province: d.province, office: d.office }])),
    oldProvinces: new Map(oldProvinces.values.map((p) => [p.code, p.name])),
    newProvinces: new Map(newProvinces.values.map((p) => [p.code, p.name])),
    communes: new Map(communes.values.map((c) => [c.code, { name: c.name, province: c.province }])),
    oldToNew: new Map(),
    newToOld: new Map(),
    oldCommuneProvince: new Map(Object.entries(communes.oldCommuneProvinces)),
  };
  for (const c of communes.values) {
    units.newToOld.set(c.code, c.from.map(([old]) => old));
    // A fully merged old commune is listed first: it is where the commune as a whole went.
    for (const [old, type] of c.from) {
      const list = units.oldToNew.get(old) ?? [];
      if (type === 'full') list.unshift(c.code);
      else list.push(c.code);
      units.oldToNew.set(old, list);
    }
  }
  cached = { dir: schemasDir, units };
  return units;
}

const pad = (code: string | null, n: number): string | null => (code === null || code === '' ? null : code.padStart(n, '0'));

function oldProvince(dir: UnitDirectory, code: string, scheme: UnitScheme): Unit {
  return { level: 'province', code, name: dir.oldProvinces.get(code) ?? `Tỉnh ${code}`, scheme };
}
function newProvince(dir: UnitDirectory, code: string, scheme: UnitScheme): Unit {
  return { level: 'province', code, name: dir.newProvinces.get(code) ?? `Tỉnh ${code}`, scheme };
}

/** Where a school belongs under `scheme`, with what stood in the way. */
export function placeSchool(school: SchoolUnits, scheme: UnitScheme, dir: UnitDirectory): Placement {
  const district = pad(school.districtCode, 3);
  const commune = pad(school.communeCode, 5);
  const province = pad(school.provinceCode, 2);
  const problems: PlacementProblem[] = [];
  if (scheme === 'dvhc-2024') {
    if (district !== null) {
      const d = dir.districts.get(district);
      if (!d) {
        problems.push('unknown-district');
        return { middle: null, province: province ? oldProvince(dir, province, scheme) : null, problems };
      }
      return {
        middle: { level: 'commune', code: district, name: d.office ?? `Phòng Giáo dục và Đào tạo ${d.name}`, scheme },
        province: oldProvince(dir, d.province, scheme),
        problems,
      };
    }
    problems.push('no-district');
    const olds = commune ? dir.newToOld.get(commune) ?? [] : [];
    const provinces = new Set(olds.map((o) => dir.oldCommuneProvince.get(o)).filter((p): p is string => p !== undefined));
    if (provinces.size === 1) return { middle: null, province: oldProvince(dir, [...provinces][0]!, scheme), problems };
    problems.push('no-province');
    return { middle: null, province: null, problems };
  }
  let target = commune;
  if (district !== null && commune !== null) {
    const news = dir.oldToNew.get(commune) ?? [];
    if (news.length > 1) problems.push('ambiguous-commune');
    target = news[0] ?? null;
  }
  const c = target ? dir.communes.get(target) : undefined;
  if (!c || target === null) {
    problems.push('unknown-commune');
    const p = district === null && province ? newProvince(dir, province, scheme) : null;
    if (!p) problems.push('no-province');
    return { middle: null, province: p, problems };
  }
  return { middle: { level: 'commune', code: target, name: c.name, scheme }, province: newProvince(dir, c.province, scheme), problems };
}
