import { ApiProperty } from '@nestjs/swagger';

export class HealthView {
  @ApiProperty({ enum: ['ok', 'error'] }) status!: 'ok' | 'error';
  @ApiProperty({ enum: ['up', 'down'] }) eventStore!: 'up' | 'down';
  @ApiProperty({ enum: ['up', 'down'] }) readStore!: 'up' | 'down';
  @ApiProperty({ type: Number, nullable: true, description: 'Log positions not yet applied by the read models; null when unknown.' })
  projectionLag!: number | null;
  @ApiProperty({ required: false, description: 'Present while the read models are being rebuilt into a new generation: its progress.' })
  rebuild?: { generation: string | null; projectedPosition: number | null; headPosition: number | null };
}
