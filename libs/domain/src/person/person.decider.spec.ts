import { spec } from '@duty-ledger/testing/decider.spec-helper';
import { Conflict } from '../shared/errors';
import { personDecider } from './person.decider';

describe('person decider', () => {
  it('when a new person is registered, then they exist', () => {
    spec(personDecider)
      .given([])
      .when({ type: 'RegisterPerson', personId: 'p-wang', name: '王明' })
      .then([{ type: 'PersonRegistered', data: { personId: 'p-wang', name: '王明' } }]);
  });

  it('when a person id is registered a second time, then it is a conflict', () => {
    spec(personDecider)
      .given([{ type: 'PersonRegistered', data: { personId: 'p-wang', name: '王明' } }])
      .when({ type: 'RegisterPerson', personId: 'p-wang', name: '王明' })
      .thenThrows(Conflict, 'person-exists');
  });
});
