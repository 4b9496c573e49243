import { UNIVERSITY, type SeedCommand } from './university';

const of = <T extends SeedCommand['type']>(type: T) => UNIVERSITY.filter((c): c is Extract<SeedCommand, { type: T }> => c.type === type);
const unitName = (unitId: string) => of('RegisterUnit').find((u) => u.unitId === unitId)?.name;

describe('the demo university', () => {
  it('when a duty of a general branch is titled with its holder, then with the branch’s registered name (护理与健康管理学院党总支, not 护理学院党总支)', () => {
    const branchDuties = of('AssignDuty').filter((d) => d.kind === 'primary' && d.holder.unitId !== 'suhms-committee');
    expect(branchDuties.length).toBeGreaterThan(0);
    for (const d of branchDuties) expect(d.title.startsWith(unitName(d.holder.unitId)!)).toBe(true);
  });

  it('when the secretary’s first responsibility is titled, then in DOMAIN’s term (党委书记第一责任), with the seed’s four 亲自', () => {
    const first = of('AssignDuty').find((d) => d.dutyId === '2019-first')!;
    expect(first.title).toBe('党委书记第一责任');
    expect(first.items).toEqual(['重要工作亲自部署、重大问题亲自过问、重要环节亲自协调、重要案件亲自督办']);
  });

  it('when the committee holds its annual deployment meeting, then it deploys the year’s work (the measures were adopted by the 党委会, not by the 大会)', () => {
    const deployment = of('HoldMeeting').find((m) => m.kind === 'annual-deployment')!;
    expect(deployment.agenda).toEqual(['部署2019年度全面从严治党工作']);
  });
});
