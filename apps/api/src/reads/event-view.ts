import { ApiProperty } from '@nestjs/swagger';
import { CONFIDENTIAL_FIELDS, ROLES_READING_CONFIDENTIAL } from '@duty-ledger/domain/shared/confidentiality';
import { committed, revealed } from '@duty-ledger/event-store/confidential';
import type { Actor, RecordedEvent } from '@duty-ledger/event-store/event-store.port';

export class EventView {
  @ApiProperty() position!: number;
  @ApiProperty() streamId!: string;
  @ApiProperty() revision!: number;
  @ApiProperty() eventId!: string;
  @ApiProperty() type!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata!: Record<string, unknown>;
}

/** An event as this reader may see it: confidential fields committed, or revealed with salt and commitment. */
export function eventView(event: RecordedEvent, reader: Actor): EventView {
  const show = ROLES_READING_CONFIDENTIAL.includes(reader.role) ? revealed : committed;
  return {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    eventId: event.eventId,
    type: event.type,
    recordedAt: event.recordedAt,
    data: show(CONFIDENTIAL_FIELDS, event.type, event.data),
    metadata: { ...event.metadata },
  };
}
