import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminRoles, Roles } from '../platform/auth/roles';
import { TakesNoBody } from '../platform/validation/takes-no-body';
import { ProjectionLifecycle } from './projection-lifecycle';

/** API.md "Admin": rebuild every read model from position 0 into fresh storage and switch when caught up. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('v1/admin/projections/rebuild')
@Roles(...AdminRoles)
export class RebuildController {
  constructor(private readonly projections: ProjectionLifecycle) {}

  @Post()
  @TakesNoBody()
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'The rebuild started; reads keep working from the generation in force until it switches' })
  @ApiOperation({ summary: 'Rebuild every read model from position 0 into a new generation; switch atomically once caught up (409 while one runs, and with PROJECTIONS=off, where the CLI rebuilds)' })
  start() {
    return this.projections.rebuild();
  }

  @Get()
  @ApiOperation({ summary: 'Progress of the current or last rebuild' })
  status() {
    return this.projections.status();
  }
}
