import type { AccountabilityTrail } from '@duty-ledger/read-models/accountability/accountability.query';
import type { Names } from '@duty-ledger/read-models/audit-trail/audit-summary';
import { renderTrailMarkdown } from './trail.render';
import type { TrailProofs } from './trail-proofs';

const UNITS: Record<string, [string, string]> = { c: ['学校党委', 'party-committee'], k: ['学校纪委', 'discipline-committee'], o: ['资产处', 'department'] };
const PEOPLE: Record<string, string> = { sun: '孙海', chen: '陈明', wang: '王建华' };
const names: Names = {
  unit: (id) => UNITS[String(id)]?.[0] ?? String(id),
  unitKind: (id) => UNITS[String(id)]?.[1],
  person: (id) => PEOPLE[String(id)] ?? String(id),
  duty: (id) => String(id),
};

const trail = {
  finding: {
    findingId: 'f1',
    source: 'inspection',
    raisedByUnitId: 'k',
    subjectUnitId: 'o',
    subjectPersonId: 'sun',
    area: 'integrity',
    areaNote: null,
    tags: [],
    severity: 'high',
    description: '采购未按规定公开招标',
    occurredOn: '2019-05-10',
    dutyIds: [],
    status: 'overdue',
    plan: null,
    completedOn: null,
    closedOn: null,
    reopenedOn: [],
    timeline: [
      { type: 'FindingRaised', on: '2019-05-10', status: 'open' },
      { type: 'RectificationPlanned', on: '2019-06-01', status: 'planned', measures: ['重新招标', '修订办法'], deadline: '2019-09-30', responsiblePersonId: 'sun' },
    ],
  },
  chainOnOccurrence: null,
  decisions: [
    { caseId: 'k1', findingIds: ['f1'], subjectPersonId: 'sun', subjectUnitId: null, role: 'direct', form: 2, measure: 'warning', decidedByUnitId: 'k', decidedOn: '2019-12-20', dutyIds: [], rationale: { commitment: 'ab' }, revoked: { revokedOn: '2020-03-01', reason: '复查' } },
  ],
  coverage: [
    { personId: 'sun', role: 'direct', duties: [], heldAccountable: true, caseIds: ['k1'] },
    { personId: 'chen', unitId: 'c', post: 'member', role: 'leadership', duties: [{ dutyId: 'd', kind: 'dual' }], heldAccountable: false, caseIds: [] },
    { unitId: 'c', post: 'secretary', vacant: true, role: 'leadership', duties: [{ dutyId: 'd1', kind: 'first' }], heldAccountable: false, caseIds: [] },
  ],
} as unknown as AccountabilityTrail;
const head = { treeSize: 9, rootHash: 'ff', lastPosition: 9, lastRecordedAt: '2020-06-30T02:00:00.000Z', signedAt: '2020-07-01T00:00:00.000Z', signature: 'c2ln', publicKey: 'a2V5' };
const proofs: TrailProofs = { treeSize: 9, rootHash: 'ff', stampRoot: 'ee', lastPosition: 9, lastRecordedAt: head.lastRecordedAt, chainOk: true, events: [], treeHead: head };

describe('the exported accountability trail (问责追溯) in Markdown', () => {
  const lines = renderTrailMarkdown(trail, proofs, 9, '2020-06-30', names).split('\n');

  it('when rendered, then the status, the timeline and the decisions read in Chinese with names, not enum values or ids', () => {
    expect(lines).toContain('记录位置：9；业务日期：2020年6月30日；问题发生日期：2019年5月10日；当前状态：逾期未整改');
    expect(lines).toContain('- 2019-05-10 学校纪委经巡察发现资产处孙海存在问题：采购未按规定公开招标');
    expect(lines).toContain('- 2019-06-01 制定整改方案，整改时限为2019年9月30日，责任人为孙海；整改举措：重新招标；修订办法');
    expect(lines).toContain('- k1：2019年12月20日，学校纪委对孙海问责（直接责任，第二种形态）：警告（已于2020年3月1日撤销）');
  });

  it('when the two investigations are tabled, then roles, posts, duties and yes/no are DOMAIN’s Chinese terms', () => {
    expect(lines).toContain('| 人员 | 单位 | 职务 | 责任类型 | 所涉责任 | 是否已问责 | 问责决定 |');
    expect(lines).toContain('| 孙海 |  |  | 直接责任 |  | 是 | k1 |');
    expect(lines).toContain('| 陈明 | 学校党委 | 委员 | 领导责任 | 一岗双责 | 否 |  |');
    expect(lines).toContain('|  | 学校党委 | 书记（空缺） | 领导责任 | 第一责任 | 否 |  |');
  });

  it('when the proofs carry a signed tree head, then it is printed with its key; without one, the document says the root is unsigned', () => {
    expect(lines).toContain('树头签名（Ed25519，签于2020-07-01T00:00:00.000Z）：c2ln；公钥：a2V5；末事件位置9，记录于2020-06-30T02:00:00.000Z');
    const { treeHead: _none, ...unsigned } = proofs;
    expect(renderTrailMarkdown(trail, unsigned, 9, '2020-06-30', names).split('\n')).toContain('树头未签名：本机无账本签名密钥，根哈希须与服务器签发的树头核对');
  });

  it('when rendered, then no English word outside ids, the proofs section and the RFC it cites', () => {
    const body = lines.slice(0, lines.indexOf('## 存证（RFC 9162 包含证明）'));
    for (const line of body.slice(1)) expect(line.replace(/\bk1\b|\bf1\b/g, '')).not.toMatch(/[A-Za-z]/);
  });
});
