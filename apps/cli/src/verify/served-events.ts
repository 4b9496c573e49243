import { commitmentOf } from '@duty-ledger/event-store/confidential';
import type { ConfidentialFields } from '@duty-ledger/event-store/confidential';
import type { RecordedEvent } from '@duty-ledger/event-store/event-store.port';

/**
 * An event as GET /v1/events serves it, turned into the form its hash covers: each confidential field as its
 * commitment. A privileged reader is served `{ value, salt, commitment }`: the commitment is recomputed from the
 * value, so a value altered behind its commitment breaks the hash; others are served the commitment alone.
 */
export function asHashed(fields: ConfidentialFields, event: RecordedEvent): RecordedEvent {
  const names = fields[event.type];
  if (!names?.length) return event;
  const data = { ...event.data };
  for (const name of names) {
    const served = data[name] as { value?: unknown; salt?: unknown; commitment?: unknown } | undefined;
    if (served && typeof served === 'object' && 'value' in served && typeof served.salt === 'string') data[name] = { commitment: commitmentOf(served.value, served.salt) };
  }
  return { ...event, data };
}
