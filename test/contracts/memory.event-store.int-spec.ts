import { MemoryEventStore } from '@duty-ledger/event-store/memory/memory.event-store';
import { describeEventStoreContract } from '@duty-ledger/testing/event-store.contract';

describeEventStoreContract('memory', async (confidentialFields) => new MemoryEventStore({ confidentialFields }));
