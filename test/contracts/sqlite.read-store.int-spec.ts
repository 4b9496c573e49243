import { SqliteReadStore } from '@duty-ledger/read-store/sqlite/sqlite.read-store';
import { describeReadStoreContract } from '@duty-ledger/testing/read-store.contract';

describeReadStoreContract('SQLite (in memory)', async () => new SqliteReadStore({ file: ':memory:' }));
