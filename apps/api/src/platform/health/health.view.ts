import { ApiProperty } from '@nestjs/swagger';

export class HealthView {
  @ApiProperty({
    enum: ['ok', 'degraded', 'error'],
    description: '`degraded` (still 200): the stores are up, but the read models lag more than PROJECTION_LAG_THRESHOLD positions, or the event log cannot be written',
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
    type: String,
    nullable: true,
    description: 'The read-model generation this process reads (null: the first, unnamed one); replicas move to the one in force within GENERATION_POLL_MS',
  })
  readModelGeneration!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Log positions not yet applied by the read models; null when unknown.' })
  projectionLag!: number | null;
  @ApiProperty({ description: 'PROJECTION_LAG_THRESHOLD: the lag above which the status is degraded' })
  projectionLagThreshold!: number;
  @ApiProperty({ required: false, description: 'Present while the read models are being rebuilt into a new generation: its progress.' })
  rebuild?: { generation: string | null; projectedPosition: number | null; headPosition: number | null };
}
