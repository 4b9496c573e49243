// Yearly responsibility lists (责任清单): assigned and delegated down the tree each January, acknowledged by the people
// in post, revised mid-year, now and then reassigned, and closed when the next year's list takes over.
const { isPartyOrganisation } = require('./units');

const TAGS = ['procurement', 'construction', 'research-funds', 'research-projects', 'cadre-selection', 'admissions', 'special-funds'];
const ITEMS = ['把方向、管大局、保落实', '每年专题研究全面从严治党工作', '签订责任书，带头落实', '重要工作亲自部署、重大问题亲自过问', '对分管领域党风廉政建设负领导责任', '监督执纪问责', '落实二级党组织主体责任'];

/** Closes last year's duties (a new list takes over on the same day), then assigns this year's, parents first. */
async function renew(story, inst, y, first) {
  const date = `${y}-01-10`;
  if (!first) {
    for (const duty of inst.duties[y - 1] ?? []) await story.cmd({ type: 'CloseDuty', dutyId: duty.dutyId, effectiveFrom: date, reason: '年度责任清单更替' });
  }
  const list = (inst.duties ??= {})[y] = [];
  const assign = async (duty, terms) => {
    const items = story.random.sample(ITEMS, 2 + story.random.int(2));
    const tags = terms.kind === 'dual' ? story.random.sample(TAGS, story.random.int(3)) : [];
    await story.cmd({ type: 'AssignDuty', dutyId: duty.dutyId, area: 'integrity', items, tags, scopeUnitIds: [], year: y, effectiveFrom: date, ...terms });
    list.push({ ...duty, holder: terms.holder });
    return duty.dutyId;
  };
  const { committee, dc } = inst;
  const parentOfCommittee = inst.id === 'prov' ? {} : { parentDutyId: `prov-${y}-primary` };
  const primary = await assign({ dutyId: `${inst.id}-${y}-primary` }, { kind: 'primary', holder: { unitId: committee.unitId }, title: `${committee.name}${y}年度主体责任`, ...parentOfCommittee });
  committee.duty = { ...committee.duty, [y]: primary };
  const under = { parentDutyId: primary };
  await assign({ dutyId: `${inst.id}-${y}-first`, seat: committee.slots[0] }, { kind: 'first', holder: { unitId: committee.unitId, post: 'secretary' }, title: `${y}年度书记第一责任人职责`, ...under });
  await assign({ dutyId: `${inst.id}-${y}-supervisory` }, { kind: 'supervisory', holder: { unitId: dc.unitId }, title: `${dc.name}${y}年度监督责任`, ...under });
  if (inst.sub.length === 0) return;
  // 一岗双责: the deputy secretary and each member answer for a portfolio of units.
  const [, deputy, ...members] = committee.slots;
  for (const [k, seat] of [deputy, ...members].entries()) {
    const scopeUnitIds = story.random.sample(inst.sub, 3 + story.random.int(2)).map((u) => u.unitId);
    const dutyId = `${inst.id}-${y}-dual${k}`;
    await assign({ dutyId, seat, scopeUnitIds }, { kind: 'dual', holder: { unitId: committee.unitId, post: seat.post }, title: `${y}年度班子成员一岗双责（${k}）`, scopeUnitIds, ...under });
  }
  for (const unit of inst.sub) {
    const duty = (unit.duty ??= {});
    if (isPartyOrganisation(unit)) {
      // A branch's list is delegated by its general branch's, a general branch's by the committee's (层层传导).
      const parentDutyId = unit.kind === 'branch' ? `${unit.parentUnitId}-${y}-primary` : primary;
      duty[y] = await assign({ dutyId: `${unit.unitId}-${y}-primary` }, { kind: 'primary', holder: { unitId: unit.unitId }, title: `${unit.name}${y}年度主体责任`, parentDutyId });
      await assign({ dutyId: `${unit.unitId}-${y}-first`, seat: unit.slots[0] }, { kind: 'first', holder: { unitId: unit.unitId, post: 'secretary' }, title: `${unit.name}书记第一责任`, parentDutyId: duty[y] });
    } else {
      const holder = { unitId: unit.unitId, post: 'head' };
      duty[y] = await assign({ dutyId: `${unit.unitId}-${y}-dual`, seat: unit.slots[0] }, { kind: 'dual', holder, scopeUnitIds: [unit.unitId], title: `${unit.name}${y}年度一岗双责`, ...under });
    }
  }
}

/** 签订责任书: the person in each held post signs for it. */
async function acknowledge(story, inst, y, date) {
  for (const duty of inst.duties[y]) {
    if (!duty.seat) continue;
    await story.cmd({ type: 'AcknowledgeDuty', dutyId: duty.dutyId, personId: duty.seat.personId, acknowledgedOn: date });
  }
}

/** Mid-year: a fifth of the lists are revised; now and then a member's portfolio passes to the deputy secretary. */
async function revise(story, inst, y) {
  for (const duty of inst.duties[y]) {
    if (!story.random.chance(0.2)) continue;
    const change = story.random.chance(0.5) ? { title: `${duty.dutyId}（${y}年中修订）` } : { items: story.random.sample(ITEMS, 3) };
    await story.cmd({ type: 'ReviseDuty', dutyId: duty.dutyId, ...change });
  }
  const members = inst.duties[y].filter((d) => d.holder.post === 'member');
  if (members.length > 0 && story.random.chance(0.3)) {
    const duty = story.random.pick(members);
    duty.holder = { unitId: inst.committee.unitId, post: 'deputy-secretary' };
    await story.cmd({ type: 'ReassignDuty', dutyId: duty.dutyId, holder: duty.holder, effectiveFrom: `${y}-07-01`, reason: '班子分工调整' });
  }
}

module.exports = { renew, acknowledge, revise };
