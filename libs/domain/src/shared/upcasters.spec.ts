import { currentSchemaVersion, upcast } from './upcasters';

describe('upcasters', () => {
  it('when a v1 DutyAssigned names one scope unit, then the current shape lists it in scopeUnitIds', () => {
    expect(upcast('DutyAssigned', { dutyId: 'd', scopeUnitId: 'b', kind: 'dual' }, 1)).toEqual({ dutyId: 'd', scopeUnitIds: ['b'], kind: 'dual' });
  });
  it('when a v1 DutyAssigned names none, then scopeUnitIds is empty', () => {
    expect(upcast('DutyAssigned', { dutyId: 'd' }, 1)).toEqual({ dutyId: 'd', scopeUnitIds: [] });
  });
  it('when an event is already current, then it is returned as it is', () => {
    const data = { dutyId: 'd', scopeUnitIds: ['a', 'b'] };
    expect(upcast('DutyAssigned', data, 2)).toBe(data);
    expect(upcast('UnitRegistered', { unitId: 'u' }, 1)).toEqual({ unitId: 'u' });
    expect(currentSchemaVersion('UnitRegistered')).toBe(1);
  });
  it('when an event is newer than this build knows, then it is refused rather than guessed at', () => {
    expect(() => upcast('DutyAssigned', {}, 3)).toThrow(/newer than this build/);
  });
});
