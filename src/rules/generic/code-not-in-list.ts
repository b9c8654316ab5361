import { defineRule } from '../types.js';
import { QD4998_ANNEX } from '../utils/legal.js';

const EXAMPLES = 5;

/** A code field whose value is neither a code, a label nor an alias of its code list. */
export default defineRule({
  meta: {
    code: 'DL-004',
    id: 'code-not-in-list',
    entities: ['*'],
    scope: 'cell',
    defaultSeverity: 'error',
    title: { vi: 'Không có trong danh mục', en: 'Not in the code list' },
    docs: {
      vi: 'Giá trị của trường danh mục (dân tộc, tôn giáo, giới tính, khối, trạng thái…) không có trong danh mục dùng chung; nhập đúng mã hoặc đúng tên trong danh mục.',
      en: 'A value of a catalogue field (ethnicity, religion, gender, grade, status…) that is not in the shared code list; enter the list\'s code or label.',
    },
    legalBasis: `${QD4998_ANNEX}, mục II (danh mục dùng chung DM_*); QĐ 121-TCTK/PPCĐ (dân tộc, tôn giáo); QCVN 109:2017/BTTTT (giới tính)`,
    messages: {
      notInList: {
        vi: '{{field}}: «{{value}}» không có trong danh mục {{list}}. Ví dụ giá trị hợp lệ: {{examples}}.',
        en: '{{field}}: "{{value}}" is not in the {{list}} code list. Valid values include: {{examples}}.',
      },
    },
  },
  create(context) {
    const { schemas } = context;
    const listData = new Map<string, Record<string, string>>();
    function dataFor(listName: string | undefined): Record<string, string> {
      const name = listName ?? '';
      let data = listData.get(name);
      if (!data) {
        const loaded = schemas.codeLists.get(name);
        if (loaded) {
          const values = loaded.list.values.filter((v) => !v.deprecated).slice(0, EXAMPLES);
          const more = loaded.list.values.length > EXAMPLES ? ', …' : '';
          data = {
            list: `«${loaded.list.label.vi}»`,
            listEn: `"${loaded.list.label.en}"`,
            examples: values.map((v) => `${v.code} ${v.label}`).join(', ') + more,
            examplesEn: values.map((v) => `${v.code} ${v.labelEn ?? v.label}`).join(', ') + more,
          };
        } else {
          data = { list: name, examples: '—' };
        }
        listData.set(name, data);
      }
      return data;
    }
    return {
      record(record) {
        const problems = record.problems;
        for (const field in problems) {
          if (problems[field]!.kind !== 'not-in-code-list') continue;
          const codeList = schemas.entities.get(record.entity)?.fieldsByKey.get(field)?.codeList;
          context.report({ messageId: 'notInList', record, field, data: dataFor(codeList) });
        }
      },
    };
  },
});
