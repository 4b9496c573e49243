import type { Figures } from '@duty-ledger/read-models/figures/figures.query';
import { FORM_LABELS_ZH, MEETING_KINDS, RATINGS, REPORT_KINDS, UNIT_KINDS, type UnitKind } from '@duty-ledger/domain/shared/vocabulary';

export type Lang = 'zh' | 'en';
export interface ReportUnit {
  unitId: string;
  name: string;
  kind: UnitKind;
  depth: number;
}

/** 2019-12-31 → 2019年12月31日 */
const dateZh = (date: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
};

/** Each language's words and punctuation: the Chinese document is written with full-width punctuation and no English. */
const T = {
  zh: {
    title: (name: string, year: number) => `${name}关于${year}年度全面从严治党责任落实情况的报告`,
    asOf: (at: string, pos: number) => `统计截至${dateZh(at)}；记录位置：${pos}`,
    tree: '单位范围',
    unit: (name: string, kind: string) => `${name}（${kind}）`,
    accountability: '问责情况（四种形态）',
    formHeader: '| 形态 | 人次 |',
    form: (f: 1 | 2 | 3 | 4) => FORM_LABELS_ZH[f],
    total: '问责总数',
    share: '第一种形态占比',
    role: (r: string) => (r === 'direct' ? '直接责任' : '领导责任'),
    rectification: '问题整改情况',
    onTime: '按期完成',
    late: '逾期完成',
    overdue: '逾期未整改',
    relapsed: '问题反弹',
    meetings: '规定会议召开情况',
    reports: '报告提交情况',
    held: '已召开',
    submitted: '已提交',
    missingMeeting: '未召开',
    missingReport: '未提交',
    missingLine: (unit: string, what: string, missing: string) => `- ${unit}：${what}${missing}`,
    assessments: '考核评价情况',
    pair: (label: string, value: string | number) => `${label}：${value}`,
    joined: (parts: string[]) => parts.join('；'),
  },
  en: {
    title: (name: string, year: number) => `${name}: responsibility report for ${year}`,
    asOf: (at: string, pos: number) => `Business date ${at}; record as of position ${pos}`,
    tree: 'Units covered',
    unit: (name: string, kind: string) => `${name} (${kind})`,
    accountability: 'Accountability (the four forms, 四种形态)',
    formHeader: '| form | count |',
    form: (f: 1 | 2 | 3 | 4) => `form ${f}`,
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
    missingMeeting: 'missing',
    missingReport: 'missing',
    missingLine: (unit: string, what: string, missing: string) => `- ${missing}: ${unit} — ${what}`,
    assessments: 'Assessments',
    pair: (label: string, value: string | number) => `${label}: ${value}`,
    joined: (parts: string[]) => parts.join('; '),
  },
} as const;

const pct = (share: number | null) => (share === null ? '—' : `${(share * 100).toFixed(1)}%`);

/** The figures as a Markdown document a committee can file upward (请示报告); Chinese by default. */
export function renderMarkdown(figures: Figures, units: ReportUnit[], lang: Lang, at: string, position: number): string {
  const t = T[lang];
  const name = (id: string) => units.find((u) => u.unitId === id)?.name ?? id;
  const kindLabel = (k: string, labels: Record<string, string>) => (lang === 'zh' ? (labels[k] ?? k) : k);
  const { accountability: a, rectification: r, meetings: m, reports: rp } = figures;
  // English keeps its one-line "on time 2 · late 0" form; Chinese reads "按期完成：2；逾期完成：0".
  const counts = (pairs: [string, number][]) => (lang === 'zh' ? t.joined(pairs.map(([k, v]) => t.pair(k, v))) : pairs.map(([k, v]) => `${k} ${v}`).join(' · '));
  const lines = [
    `# ${t.title(name(figures.unitId), figures.year)}`,
    '',
    t.asOf(at, position),
    '',
    `## ${t.tree}`,
    ...units.map((u) => `${'  '.repeat(u.depth)}- ${t.unit(u.name, kindLabel(u.kind, UNIT_KINDS.labelZh))}`),
    '',
    `## ${t.accountability}`,
    '',
    t.formHeader,
    '|---|---|',
    ...([1, 2, 3, 4] as const).map((f) => `| ${t.form(f)} | ${a.byForm[String(f) as '1']} |`),
    '',
    t.joined([t.pair(t.total, a.total), t.pair(t.share, pct(a.formOneShare)), t.pair(t.role('direct'), a.byRole.direct), t.pair(t.role('leadership'), a.byRole.leadership)]),
    '',
    `## ${t.rectification}`,
    '',
    counts([
      [t.onTime, r.onTime],
      [t.late, r.late],
      [t.overdue, r.overdue],
      [t.relapsed, r.relapsed],
    ]),
    '',
    `## ${t.meetings}`,
    '',
    counts([
      [t.held, m.held],
      [t.missingMeeting, m.missing],
    ]),
    ...m.missingKinds.map((x) => t.missingLine(name(x.unitId), kindLabel(x.kind, MEETING_KINDS.labelZh), t.missingMeeting)),
    '',
    `## ${t.reports}`,
    '',
    counts([
      [t.submitted, rp.submitted],
      [t.missingReport, rp.missing],
    ]),
    ...rp.missingKinds.map((x) => t.missingLine(name(x.unitId), kindLabel(x.kind, REPORT_KINDS.labelZh), t.missingReport)),
    '',
    `## ${t.assessments}`,
    '',
    ...RATINGS.values.map((k) => `- ${t.pair(kindLabel(k, RATINGS.labelZh), figures.assessments.byRating[k])}`),
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
