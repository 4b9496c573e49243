import type { Figures } from '@duty-ledger/read-models/figures/figures.query';
import { FORM_LABELS_ZH, MEETING_KINDS, RATINGS, REPORT_KINDS, UNIT_KINDS, type UnitKind } from '@duty-ledger/domain/shared/vocabulary';

export type Lang = 'zh' | 'en';
export interface ReportUnit {
  unitId: string;
  name: string;
  kind: UnitKind;
  depth: number;
}

const T = {
  zh: {
    title: (name: string, year: number) => `${name} ${year}年度全面从严治党责任落实情况报告`,
    asOf: (at: string, pos: number) => `业务日期：${at}；记录截至位置：${pos}`,
    tree: '单位范围',
    accountability: '问责情况（四种形态）',
    total: '问责总数',
    share: '第一种形态占比',
    role: (r: string) => (r === 'direct' ? '直接责任' : '领导责任'),
    rectification: '问题整改',
    onTime: '按期完成',
    late: '逾期完成',
    overdue: '逾期未整改',
    relapsed: '问题反弹',
    meetings: '规定会议',
    reports: '报告',
    held: '已召开',
    submitted: '已提交',
    missing: '缺失',
    assessments: '考核评价',
    none: '无',
  },
  en: {
    title: (name: string, year: number) => `${name}: responsibility report for ${year}`,
    asOf: (at: string, pos: number) => `Business date ${at}; record as of position ${pos}`,
    tree: 'Units covered',
    accountability: 'Accountability (the four forms, 四种形态)',
    total: 'Decisions',
    share: 'Share of form 1',
    role: (r: string) => (r === 'direct' ? 'direct responsibility' : 'leadership responsibility'),
    rectification: 'Rectification',
    onTime: 'on time',
    late: 'late',
    overdue: 'overdue',
    relapsed: 'relapsed',
    meetings: 'Required meetings',
    reports: 'Reports',
    held: 'held',
    submitted: 'submitted',
    missing: 'missing',
    assessments: 'Assessments',
    none: 'none',
  },
} as const;

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The figures as a Markdown document a committee can file; Chinese by default. */
export function renderMarkdown(figures: Figures, units: ReportUnit[], lang: Lang, at: string, position: number): string {
  const t = T[lang];
  const name = (id: string) => units.find((u) => u.unitId === id)?.name ?? id;
  const kindLabel = (k: string, labels: Record<string, string>) => (lang === 'zh' ? (labels[k] ?? k) : k);
  const { accountability: a, rectification: r, meetings: m, reports: rp } = figures;
  const lines = [
    `# ${t.title(name(figures.unitId), figures.year)}`,
    '',
    t.asOf(at, position),
    '',
    `## ${t.tree}`,
    ...units.map((u) => `${'  '.repeat(u.depth)}- ${u.name} (${lang === 'zh' ? UNIT_KINDS.labelZh[u.kind] : u.kind})`),
    '',
    `## ${t.accountability}`,
    '',
    `| ${lang === 'zh' ? '形态' : 'form'} | ${lang === 'zh' ? '人次' : 'count'} |`,
    '|---|---|',
    ...(['1', '2', '3', '4'] as const).map((f) => `| ${lang === 'zh' ? FORM_LABELS_ZH[Number(f) as 1] : `form ${f}`} | ${a.byForm[f]} |`),
    '',
    `${t.total}: ${a.total}; ${t.share}: ${pct(a.formOneShare)}; ${t.role('direct')}: ${a.byRole.direct}; ${t.role('leadership')}: ${a.byRole.leadership}`,
    '',
    `## ${t.rectification}`,
    '',
    `${t.onTime} ${r.onTime} · ${t.late} ${r.late} · ${t.overdue} ${r.overdue} · ${t.relapsed} ${r.relapsed}`,
    '',
    `## ${t.meetings}`,
    '',
    `${t.held} ${m.held} · ${t.missing} ${m.missing}`,
    ...m.missingKinds.map((x) => `- ${t.missing}: ${name(x.unitId)} — ${kindLabel(x.kind, MEETING_KINDS.labelZh)}`),
    '',
    `## ${t.reports}`,
    '',
    `${t.submitted} ${rp.submitted} · ${t.missing} ${rp.missing}`,
    ...rp.missingKinds.map((x) => `- ${t.missing}: ${name(x.unitId)} — ${kindLabel(x.kind, REPORT_KINDS.labelZh)}`),
    '',
    `## ${t.assessments}`,
    '',
    ...RATINGS.values.map((k) => `- ${lang === 'zh' ? RATINGS.labelZh[k] : k}: ${figures.assessments.byRating[k]}`),
    '',
  ];
  return lines.join('\n');
}

/** One row per figure: `section,key,value` — for spreadsheets. */
export function renderCsv(figures: Figures): string {
  const rows: [string, string, string | number][] = [
    ...(['1', '2', '3', '4'] as const).map((f): [string, string, number] => ['accountability.byForm', f, figures.accountability.byForm[f]]),
    ['accountability.byRole', 'direct', figures.accountability.byRole.direct],
    ['accountability.byRole', 'leadership', figures.accountability.byRole.leadership],
    ['accountability', 'formOneShare', figures.accountability.formOneShare ?? ''],
    ...(['onTime', 'late', 'overdue', 'relapsed'] as const).map((k): [string, string, number] => ['rectification', k, figures.rectification[k]]),
    ['meetings', 'held', figures.meetings.held],
    ['meetings', 'missing', figures.meetings.missing],
    ['reports', 'submitted', figures.reports.submitted],
    ['reports', 'missing', figures.reports.missing],
    ...RATINGS.values.map((k): [string, string, number] => ['assessments.byRating', k, figures.assessments.byRating[k]]),
  ];
  return ['section,key,value', ...rows.map((r) => r.join(','))].join('\n') + '\n';
}
