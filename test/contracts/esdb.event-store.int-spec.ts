import { describeEventStoreContract } from '@duty-ledger/testing/event-store.contract';

// The EventStore contract against a real EventStoreDB / KurrentDB (25.1+ for multi-stream appends), e.g.
// EVENTSTORE_CONNECTION_STRING='kurrentdb://localhost:2113?tls=false' (docker compose --profile servers up).
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

if (connectionString) {
  jest.setTimeout(30_000);
  // Loaded only here: without a server the gRPC client is never required.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { EsdbEventStore } = require('@duty-ledger/event-store/esdb/esdb.event-store') as typeof import('@duty-ledger/event-store/esdb/esdb.event-store');
  describeEventStoreContract('EventStoreDB', async (confidentialFields) => new EsdbEventStore({ connectionString, confidentialFields }));
} else {
  const reason = 'EVENTSTORE_CONNECTION_STRING is not set, so there is no EventStoreDB server to run the EventStore contract against';
  console.info(`EventStore contract for EventStoreDB skipped: ${reason}`);
  describe.skip('EventStore contract: EventStoreDB', () => {
    it(`skipped: ${reason}`, () => undefined);
  });
}
