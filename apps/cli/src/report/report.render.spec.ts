import type { Figures } from '@duty-ledger/read-models/figures/figures.query';
import { renderCsv, renderMarkdown } from './report.render';

const figures: Figures = {
  unitId: 'c',
  year: 2019,
  unitIds: ['c', 'b'],
  accountability: { byForm: { '1': 2, '2': 1, '3': 0, '4': 0 }, byRole: { direct: 1, leadership: 2 }, formOneShare: 2 / 3, total: 3 },
  rectification: { onTime: 2, late: 0, overdue: 0, relapsed: 1, findings: 2 },
  meetings: { held: 3, missing: 1, missingKinds: [{ unitId: 'b', kind: 'task-setting' }] },
  reports: { submitted: 2, missing: 1, missingKinds: [{ unitId: 'b', kind: 'staff-report' }] },
  assessments: { byRating: { excellent: 0, good: 1, fair: 0, poor: 0 } },
};
const units = [
  { unitId: 'c', name: '学校党委', kind: 'party-committee' as const, depth: 0 },
  { unitId: 'b', name: '药学总支', kind: 'general-branch' as const, depth: 1 },
];

describe('the committee report', () => {
  it('when rendered in Chinese (the default), then it reads as a report filed upward, in DOMAIN’s terms, with full-width punctuation', () => {
    const md = renderMarkdown(figures, units, 'zh', '2019-12-31', 42);
    const lines = md.split('\n');
    expect(lines[0]).toBe('# 学校党委关于2019年度全面从严治党责任落实情况的报告');
    expect(lines).toContain('统计截至2019年12月31日；记录位置：42');
    expect(lines).toContain('  - 药学总支（党总支）');
    expect(lines).toContain('| 第一种形态 | 2 |');
    expect(lines).toContain('问责总数：3；第一种形态占比：66.7%；直接责任：1；领导责任：2');
    expect(lines).toContain('按期完成：2；逾期完成：0；逾期未整改：0；问题反弹：1');
    expect(lines).toContain('已召开：3；未召开：1');
    expect(lines).toContain('- 药学总支：工作任务研讨制定会议未召开');
    expect(lines).toContain('已提交：2；未提交：1');
    expect(lines).toContain('- 药学总支：向教职工报告未提交');
    expect(lines).toContain('- 良好：1');
  });

  it('when rendered in Chinese, then no English word and no half-width punctuation outside the Markdown and the figures', () => {
    const md = renderMarkdown(figures, units, 'zh', '2019-12-31', 42);
    for (const line of md.split('\n').filter((l) => !/^\|[-|]+\|$/.test(l))) {
      expect(line).not.toMatch(/[A-Za-z]/);
      expect(line.replace(/^#+ |^\s*- |^\| | \| | \|$/g, '')).not.toMatch(/[(),:;]/);
    }
  });

  it('when rendered in English, then the same figures carry English labels', () => {
    const md = renderMarkdown(figures, units, 'en', '2019-12-31', 42);
    expect(md).toContain('| form 1 | 2 |');
    expect(md).toContain('on time 2 · late 0 · overdue 0 · relapsed 1');
  });

  it('when rendered as CSV, then one row per figure', () => {
    const csv = renderCsv(figures).trim().split('\n');
    expect(csv[0]).toBe('section,key,value');
    expect(csv).toContain('accountability.byForm,1,2');
    expect(csv).toContain('reports,missing,1');
  });
});
