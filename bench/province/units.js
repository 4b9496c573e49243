// The shape of the province: a provincial committee over `n` institutions of 40 units each, and who sits where.
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧'];
const GIVEN = [...'伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂华建国志红文'];

/** Sub-units of an institution besides its committee and discipline committee: 12 + 10 + 8 + 8 = 38. */
const SUB_UNITS = [
  { kind: 'general-branch', prefix: 'gb', count: 12, name: '党总支', posts: ['secretary'] },
  { kind: 'branch', prefix: 'b', count: 10, name: '直属党支部', posts: ['secretary'] },
  { kind: 'college', prefix: 'c', count: 8, name: '学院', posts: ['head', 'deputy-head'] },
  { kind: 'department', prefix: 'd', count: 8, name: '处', posts: ['head'] },
];

const pad = (n, width) => String(n).padStart(width, '0');

/** A slot is one seat of a post (the committee has three seats in its `member` post). */
function slot(unitId, post) {
  return { unitId, post, personId: undefined };
}

/** Units in registration order (every parent before its children), with their posts' seats. */
function institution(n) {
  const id = `i${pad(n, 3)}`;
  const name = `第${n}高校`;
  const committee = { unitId: id, kind: 'party-committee', name: `中共${name}委员会`, parentUnitId: 'prov' };
  committee.slots = [slot(id, 'secretary'), slot(id, 'deputy-secretary'), slot(id, 'member'), slot(id, 'member'), slot(id, 'member')];
  const dc = { unitId: `${id}-dc`, kind: 'discipline-committee', name: `中共${name}纪律检查委员会`, parentUnitId: id, slots: [slot(`${id}-dc`, 'discipline-secretary')] };
  const sub = [];
  for (const { kind, prefix, count, name: kindName, posts } of SUB_UNITS) {
    for (let k = 1; k <= count; k++) {
      const unitId = `${id}-${prefix}${pad(k, 2)}`;
      // Branches sit under a general branch, so a delegation runs four levels deep: province, committee, branch, branch.
      const parentUnitId = kind === 'branch' ? `${id}-gb${pad(((k - 1) % 12) + 1, 2)}` : id;
      sub.push({ unitId, kind, name: `${name}第${k}${kindName}`, parentUnitId, slots: posts.map((post) => slot(unitId, post)) });
    }
  }
  return { id, name, committee, dc, sub, units: [committee, dc, ...sub], persons: 0 };
}

function province() {
  const committee = { unitId: 'prov', kind: 'party-committee', name: '中共某省委教育工作委员会', slots: [slot('prov', 'secretary')] };
  const dc = { unitId: 'prov-dc', kind: 'discipline-committee', name: '驻省委教育工委纪检监察组', parentUnitId: 'prov', slots: [slot('prov-dc', 'discipline-secretary')] };
  return { id: 'prov', name: '省委教育工委', committee, dc, sub: [], units: [committee, dc], persons: 0 };
}

function personName(random) {
  return random.pick(SURNAMES) + random.pick(GIVEN) + (random.chance(0.6) ? random.pick(GIVEN) : '');
}

const isPartyOrganisation = (unit) => unit.kind === 'general-branch' || unit.kind === 'branch';

module.exports = { institution, province, personName, isPartyOrganisation, pad };
