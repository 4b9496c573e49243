import {
  ACCOUNTABILITY_ROLES,
  ASSESSMENT_METHODS,
  DUTY_AREAS,
  FINDING_SOURCES,
  FINDING_STATUSES,
  FOLLOW_UP_OUTCOMES,
  FORM_LABELS_ZH,
  MEASURES,
  MEETING_KINDS,
  POSTS,
  RATINGS,
  REPORT_KINDS,
  RESPONSIBILITY_KINDS,
  RESPONSIBILITY_TERMS_ZH,
  SEVERITIES,
  TAGS,
  UNIT_KINDS,
} from './vocabulary';

const LISTS = { ACCOUNTABILITY_ROLES, ASSESSMENT_METHODS, DUTY_AREAS, FINDING_SOURCES, FINDING_STATUSES, FOLLOW_UP_OUTCOMES, MEASURES, MEETING_KINDS, POSTS, RATINGS, REPORT_KINDS, RESPONSIBILITY_KINDS, SEVERITIES, TAGS, UNIT_KINDS };

describe('the Chinese vocabulary', () => {
  it.each(Object.entries(LISTS))('when %s is labelled, then every label is Chinese with full-width punctuation only', (_name, list) => {
    for (const label of Object.values(list.labelZh as Record<string, string>)) {
      expect(label).toMatch(/^[\u4e00-\u9fff]/);
      expect(label).not.toMatch(/[(),:;!?]/);
    }
  });

  it('when the seed names a unit kind, then the label is the seed’s own: 学院（部、中心）', () => {
    expect(UNIT_KINDS.labelZh.college).toBe('学院（部、中心）');
  });

  it('when a secondary unit reports to its staff, then the label is the seed’s 向教职工报告 (the seed: 向本单位教职工报告), not 向职工报告', () => {
    expect(REPORT_KINDS.labelZh['staff-report']).toBe('向教职工报告');
  });

  it('when the four responsibilities are named, then DOMAIN’s full terms and the seed’s short ones', () => {
    expect(RESPONSIBILITY_KINDS.labelZh).toEqual({ primary: '党委主体责任', supervisory: '纪委监督责任', first: '党委书记第一责任', dual: '班子成员一岗双责' });
    expect(RESPONSIBILITY_TERMS_ZH).toEqual({ primary: '主体责任', supervisory: '监督责任', first: '第一责任', dual: '一岗双责' });
  });

  it('when the measures and forms are named, then DOMAIN’s terms (四种形态)', () => {
    expect(Object.values(MEASURES.labelZh)).toEqual(['谈话提醒', '批评教育', '责令检查', '诫勉', '通报批评', '警告', '严重警告', '组织调整', '撤销党内职务', '留党察看', '开除党籍', '降职', '立案审查调查', '移送司法机关']);
    expect(Object.values(FORM_LABELS_ZH)).toEqual(['第一种形态', '第二种形态', '第三种形态', '第四种形态']);
    expect(ACCOUNTABILITY_ROLES.labelZh).toEqual({ direct: '直接责任', leadership: '领导责任' });
  });
});
