/**
 * The closed lists of DOMAIN.md, each with its Chinese term (user-facing labels carry it beside the English).
 * Enum values never change with the reader's language.
 */
const list = <T extends string>(labels: Record<T, string>) => ({
  values: Object.keys(labels) as T[],
  labelZh: labels,
  has: (value: unknown): value is T => typeof value === 'string' && Object.prototype.hasOwnProperty.call(labels, value),
});

/** 四责 — the four responsibilities */
export const RESPONSIBILITY_KINDS = list({
  primary: '党委主体责任',
  supervisory: '纪委监督责任',
  first: '党委书记第一责任',
  dual: '班子成员一岗双责',
});
export type ResponsibilityKind = (typeof RESPONSIBILITY_KINDS.values)[number];

/**
 * The seed's short names of the four responsibilities ("主体责任", "监督责任", "第一责任", "一岗双责"), for prose about a
 * holder that is not the school committee: a general branch holds 主体责任, not 党委主体责任.
 */
export const RESPONSIBILITY_TERMS_ZH: Readonly<Record<ResponsibilityKind, string>> = {
  primary: '主体责任',
  supervisory: '监督责任',
  first: '第一责任',
  dual: '一岗双责',
};

/** 三大主体责任 and more */
export const DUTY_AREAS = list({
  ideology: '意识形态工作',
  'party-building': '基层党建工作',
  integrity: '党风廉政建设和党内监督工作',
  conduct: '作风建设',
  other: '其他',
});
export type DutyArea = (typeof DUTY_AREAS.values)[number];

/** 重点领域和关键环节 — key fields and links */
export const TAGS = list({
  procurement: '招标采购',
  construction: '基建修缮',
  'research-funds': '科研经费',
  'research-projects': '科研项目',
  'cadre-selection': '干部选任',
  admissions: '招生录取',
  'special-funds': '专项资金',
});
export type Tag = (typeof TAGS.values)[number];

/** 单位/组织 */
export const UNIT_KINDS = list({
  'party-committee': '党委',
  'discipline-committee': '纪委',
  'general-branch': '党总支',
  branch: '直属党支部',
  college: '学院（部、中心）',
  department: '职能部门',
  'affiliated-school': '附属卫校',
});
export type UnitKind = (typeof UNIT_KINDS.values)[number];

export const PARTY_ORGANISATION_KINDS: readonly UnitKind[] = ['party-committee', 'general-branch', 'branch'];
export const isPartyOrganisation = (kind: UnitKind): boolean => PARTY_ORGANISATION_KINDS.includes(kind);

/** 职务 — posts in a unit */
export const POSTS = list({
  secretary: '书记',
  'deputy-secretary': '副书记',
  'discipline-secretary': '纪委书记',
  member: '班子成员/委员',
  head: '院长/处长/主任',
  'deputy-head': '副院长/副处长/副主任',
});
export type Post = (typeof POSTS.values)[number];

/** Posts with one incumbent at a time. */
export const SINGLE_INCUMBENT_POSTS: readonly Post[] = ['secretary', 'discipline-secretary', 'head'];

/** Posts that may hold a `dual` duty (一岗双责). */
export const DUAL_POSTS: readonly Post[] = ['member', 'deputy-secretary', 'discipline-secretary', 'head', 'deputy-head'];

/** 会议 */
export const MEETING_KINDS = list({
  'annual-deployment': '年初部署会议',
  'mid-year-review': '年中推进会议',
  'year-end-summary': '年末总结会议',
  special: '专门会议',
  'secretaries-regular': '书记例会',
  'democratic-life': '民主生活会',
  'task-setting': '工作任务研讨制定会议',
  'progress-review': '落实推进会',
  'review-evaluation': '总结评议会',
});
export type MeetingKind = (typeof MEETING_KINDS.values)[number];
export const COMMITTEE_ANNUAL_MEETINGS: readonly MeetingKind[] = ['annual-deployment', 'mid-year-review', 'year-end-summary'];
export const SECONDARY_UNIT_MEETINGS: readonly MeetingKind[] = ['task-setting', 'progress-review', 'review-evaluation'];

/** 三报告 */
export const REPORT_KINDS = list({
  'member-report': '班子成员述责报告',
  'written-report': '书面报告',
  'secretary-report': '书记述责报告',
  'staff-report': '向教职工报告',
});
export type ReportKind = (typeof REPORT_KINDS.values)[number];

/** 问题来源 */
export const FINDING_SOURCES = list({
  inspection: '巡察',
  'special-check': '专项检查',
  audit: '审计',
  supervision: '监督检查',
  petition: '信访举报',
  'self-check': '自查',
});
export type FindingSource = (typeof FINDING_SOURCES.values)[number];

export const SEVERITIES = list({ low: '轻微', medium: '一般', high: '严重' });
export type Severity = (typeof SEVERITIES.values)[number];

export const FOLLOW_UP_OUTCOMES = list({ sustained: '整改巩固', relapsed: '问题反弹' });
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES.values)[number];

export const FINDING_STATUSES = list({
  open: '待整改',
  planned: '整改中',
  overdue: '逾期未整改',
  completed: '已整改待复查',
  verified: '已复查销号',
  closed: '已关闭',
});
export type FindingStatus = (typeof FINDING_STATUSES.values)[number];

/** 考核方式 */
export const ASSESSMENT_METHODS = list({
  'document-review': '查阅材料',
  'interview-evaluation': '座谈测评',
  debriefing: '述职评议',
  'on-site-check': '实地检查',
});
export type AssessmentMethod = (typeof ASSESSMENT_METHODS.values)[number];

export const RATINGS = list({ excellent: '优秀', good: '良好', fair: '一般', poor: '较差' });
export type Rating = (typeof RATINGS.values)[number];

/** 一案双查 */
export const ACCOUNTABILITY_ROLES = list({ direct: '直接责任', leadership: '领导责任' });
export type AccountabilityRole = (typeof ACCOUNTABILITY_ROLES.values)[number];

/** 四种形态 — the form of each measure. */
export const MEASURES = list({
  'talk-reminder': '谈话提醒',
  criticism: '批评教育',
  'written-self-examination': '责令检查',
  admonishment: '诫勉',
  'circulated-criticism': '通报批评',
  warning: '警告',
  'serious-warning': '严重警告',
  'organisational-adjustment': '组织调整',
  'removal-from-post': '撤销党内职务',
  probation: '留党察看',
  expulsion: '开除党籍',
  demotion: '降职',
  'case-investigation': '立案审查调查',
  'judicial-referral': '移送司法机关',
});
export type Measure = (typeof MEASURES.values)[number];
export type Form = 1 | 2 | 3 | 4;
export const FORM_OF_MEASURE: Readonly<Record<Measure, Form>> = {
  'talk-reminder': 1,
  criticism: 1,
  'written-self-examination': 1,
  admonishment: 1,
  'circulated-criticism': 1,
  warning: 2,
  'serious-warning': 2,
  'organisational-adjustment': 2,
  'removal-from-post': 3,
  probation: 3,
  expulsion: 3,
  demotion: 3,
  'case-investigation': 4,
  'judicial-referral': 4,
};
export const FORM_LABELS_ZH: Readonly<Record<Form, string>> = {
  1: '第一种形态',
  2: '第二种形态',
  3: '第三种形态',
  4: '第四种形态',
};
export const UNIT_SUBJECT_MEASURES: readonly Measure[] = ['circulated-criticism', 'organisational-adjustment', 'case-investigation'];
