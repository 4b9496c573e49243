import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { AccountabilityCommandHandler } from '@duty-ledger/application/accountability/accountability.commands';
import { RecordAssessmentHandler } from '@duty-ledger/application/assessments/assessment.commands';
import { FindingCommandHandler } from '@duty-ledger/application/findings/finding.commands';
import { HoldMeetingHandler } from '@duty-ledger/application/meetings/meeting.commands';
import { SubmitReportHandler } from '@duty-ledger/application/reports/report.commands';
import { ReadDutyLoopHandler, ReadFiguresHandler } from '@duty-ledger/application/closed-loop/closed-loop.queries';
import { ListFindingsHandler, ReadAccountabilityTrailHandler, ReadAuditTrailHandler, ReadComplianceHandler, ReadFindingHandler } from '@duty-ledger/application/closed-loop/finding.queries';
import { CommandExecutor } from '@duty-ledger/application/commands/command-executor';
import { DutyCommandHandler } from '@duty-ledger/application/duties/duty.commands';
import { ListDutiesHandler, ReadDutyHandler } from '@duty-ledger/application/duties/duty.queries';
import { ChangePostIncumbencyHandler, RegisterPersonHandler } from '@duty-ledger/application/people/person.commands';
import { ReadPersonHandler } from '@duty-ledger/application/people/person.queries';
import { ModelReader } from '@duty-ledger/application/reads/aggregate-read';
import { BusinessDay } from '@duty-ledger/application/reads/business-day';
import { CLOCK, systemClock, TIME_ZONE } from '@duty-ledger/application/reads/clock';
import { ReadPointResolver } from '@duty-ledger/application/reads/read-point';
import { UnitCommandHandler } from '@duty-ledger/application/units/unit.commands';
import { ReadResponsibilityChainHandler, ReadUnitHandler } from '@duty-ledger/application/units/unit.queries';
import { AccountabilityController } from './accountability/accountability.controller';
import { AssessmentsController } from './assessments/assessments.controller';
import { AuditTrailController } from './audit-trail/audit-trail.controller';
import { FindingsController } from './findings/findings.controller';
import { FindingsReadController } from './findings/findings-read.controller';
import { MeetingsController } from './meetings/meetings.controller';
import { ReportsController } from './reports/reports.controller';
import { DutiesCommandController } from './duties/duties.controller';
import { DutiesReadController } from './duties/duties-read.controller';
import { EventsController } from './events/events.controller';
import { PeopleCommandController } from './people/people.controller';
import { PeopleReadController } from './people/people-read.controller';
import { APP_CONFIG, type AppConfig } from './platform/config/app-config';
import { CommandContentionMetrics } from './platform/metrics/command-contention.metrics';
import { ProjectionsModule } from './projections/projections.module';
import { UnitsCommandController } from './units/units.controller';
import { UnitsReadController } from './units/units-read.controller';

/** The ledger's resources: commands through the CommandBus, reads through the QueryBus, the raw log. */
@Module({
  imports: [CqrsModule.forRoot(), ProjectionsModule],
  controllers: [
    UnitsCommandController,
    UnitsReadController,
    PeopleCommandController,
    PeopleReadController,
    DutiesCommandController,
    DutiesReadController,
    MeetingsController,
    ReportsController,
    FindingsController,
    FindingsReadController,
    AuditTrailController,
    AccountabilityController,
    AssessmentsController,
    EventsController,
  ],
  providers: [
    CommandExecutor,
    CommandContentionMetrics,
    ReadPointResolver,
    BusinessDay,
    ModelReader,
    { provide: CLOCK, useValue: systemClock },
    { provide: TIME_ZONE, useFactory: (config: AppConfig) => config.timeZone, inject: [APP_CONFIG] },
    UnitCommandHandler,
    RegisterPersonHandler,
    ChangePostIncumbencyHandler,
    DutyCommandHandler,
    HoldMeetingHandler,
    SubmitReportHandler,
    FindingCommandHandler,
    AccountabilityCommandHandler,
    RecordAssessmentHandler,
    ReadUnitHandler,
    ReadResponsibilityChainHandler,
    ReadPersonHandler,
    ReadDutyHandler,
    ListDutiesHandler,
    ReadDutyLoopHandler,
    ReadFiguresHandler,
    ReadFindingHandler,
    ListFindingsHandler,
    ReadAccountabilityTrailHandler,
    ReadAuditTrailHandler,
    ReadComplianceHandler,
  ],
})
export class LedgerModule {}
