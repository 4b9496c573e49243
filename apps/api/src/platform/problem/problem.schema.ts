import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProblemFieldSchema {
  @ApiProperty({ example: 'holder.unitId' }) path!: string;
  @ApiProperty({ example: 'unitId must match ^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$' }) message!: string;
}

/** RFC 9457 problem details (`application/problem+json`), as OpenAPI shows every error response. */
export class ProblemDetailsSchema {
  @ApiProperty({ example: 'https://duty-ledger.dev/problems/validation-failed' }) type!: string;
  @ApiProperty({ example: 'Bad Request' }) title!: string;
  @ApiProperty({ type: 'integer', example: 400 }) status!: number;
  @ApiProperty({ example: 'The body does not match the command schema.' }) detail!: string;
  @ApiPropertyOptional({ type: [ProblemFieldSchema] }) errors?: ProblemFieldSchema[];
  @ApiPropertyOptional({ example: '/v1/units' }) instance?: string;
  @ApiProperty({ example: '0b6f7c1e-3f5a-4b8e-9a57-0d1f2e3c4b5a' }) requestId!: string;
}
