import { integrityDatabaseOf } from './integrity-store';

describe('the Merkle log’s MongoDB database', () => {
  const at = (mongodbUri: string) => integrityDatabaseOf({ mongodbUri, dataDir: '/data' });

  it('when the URI names no database, then it is duty-ledger-integrity, as it always was', () => {
    expect([at('mongodb://db:27017'), at('mongodb://db:27017/?replicaSet=rs0')]).toEqual(['duty-ledger-integrity', 'duty-ledger-integrity']);
  });

  it('when two deployments share a server under databases of their own, then each has its own', () => {
    expect([at('mongodb://db:27017/ledger-a?replicaSet=rs0'), at('mongodb+srv://cluster.example/ledger-b')]).toEqual(['ledger-a-integrity', 'ledger-b-integrity']);
  });
});
