import { ApiProperty } from '@nestjs/swagger';

export class HealthView {
  @ApiProperty({
    enum: ['ok', 'degraded', 'error'],
    description:
      '`degraded` (still 200): the stores are up, but the read models lag more than PROJECTION_LAG_THRESHOLD positions or PROJECTION_LAG_SECONDS_THRESHOLD seconds, the event log cannot be written, or reads of the read models fail',
  })
  status!: 'ok' | 'degraded' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) eventStore!: 'up' | 'down';
  @ApiProperty({
    enum: ['ok', 'failing'],
    description: '`failing` while the last commit failed because the log could not be written (disk full, read-only): it still reads; commands answer 503 until a commit succeeds',
  })
  eventStoreWrites!: 'ok' | 'failing';
  @ApiProperty({ enum: ['up', 'down'] }) readStore!: 'up' | 'down';
  @ApiProperty({
    enum: ['ok', 'failing'],
    description: '`failing` while the last read of the read models failed (a corrupt or unreadable file answers reads 503 though the store answers a ping)',
  })
  readStoreReads!: 'ok' | 'failing';
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'The read-model generation this process reads (null: the first, unnamed one); replicas move to the one in force within GENERATION_POLL_MS',
  })
  readModelGeneration!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Log positions not yet applied by the read models; null when unknown.' })
  projectionLag!: number | null;
  @ApiProperty({ description: 'PROJECTION_LAG_THRESHOLD: the lag above which the status is degraded' })
  projectionLagThreshold!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds since the oldest event the read models have not applied was recorded (0: caught up); null when unknown.' })
  projectionLagSeconds!: number | null;
  @ApiProperty({ description: 'PROJECTION_LAG_SECONDS_THRESHOLD: the lag in seconds above which the status is degraded' })
  projectionLagSecondsThreshold!: number;
  @ApiProperty({ required: false, description: 'Present while the read models are being rebuilt into a new generation: its progress.' })
  rebuild?: { generation: string | null; projectedPosition: number | null; headPosition: number | null };
}
