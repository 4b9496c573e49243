import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath, type SchemaObject } from '@nestjs/swagger';
import {
  ACCOUNTABILITY_ROLES,
  DUTY_AREAS,
  FINDING_SOURCES,
  FINDING_STATUSES,
  MEASURES,
  MEETING_KINDS,
  POSTS,
  RATINGS,
  REPORT_KINDS,
  RESPONSIBILITY_KINDS,
  SEVERITIES,
  TAGS,
  UNIT_KINDS,
} from '@duty-ledger/domain/shared/vocabulary';
import { ReadMetaView } from '../integrity/integrity.views';
import { ETAG_HEADER } from '../platform/openapi/openapi';

/**
 * The 200 bodies of API.md's reads, as OpenAPI: the fields API.md names, required, with their types and closed lists.
 * Objects stay open (API.md welcomes additions), so a field added later does not break a generated client.
 */
type Properties = Record<string, SchemaObject | { $ref: string }>;
const object = (properties: Properties, required: string[] = Object.keys(properties)): SchemaObject => ({ type: 'object', properties, required });
const array = (items: SchemaObject | { $ref: string }): SchemaObject => ({ type: 'array', items });
const nullable = (schema: SchemaObject): SchemaObject => ({ ...schema, nullable: true });
const STRING: SchemaObject = { type: 'string' };
const INTEGER: SchemaObject = { type: 'integer' };
const BOOLEAN: SchemaObject = { type: 'boolean' };
const DATE: SchemaObject = { type: 'string', format: 'date' };
const INSTANT: SchemaObject = { type: 'string', format: 'date-time' };
const ANY_OBJECT: SchemaObject = { type: 'object' };
const oneOf = (values: readonly (string | number)[]): SchemaObject => ({ type: typeof values[0] === 'number' ? 'integer' : 'string', enum: [...values] });
const META = { $ref: getSchemaPath(ReadMetaView) };

const HOLDER = object({ unitId: STRING, post: oneOf(POSTS.values) }, ['unitId']);
const UNIT = object(
  {
    unitId: STRING,
    name: STRING,
    kind: oneOf(UNIT_KINDS.values),
    parentUnitId: nullable(STRING),
    status: oneOf(['active', 'dissolved']),
    registeredOn: DATE,
    dissolvedOn: nullable(DATE),
    names: array(object({ from: DATE, name: STRING })),
    parents: array(object({ from: DATE, parentUnitId: nullable(STRING) })),
  },
  ['unitId', 'name', 'kind', 'parentUnitId', 'status'],
);
const PERSON = object({
  personId: STRING,
  name: STRING,
  posts: array(object({ unitId: STRING, post: oneOf(POSTS.values), from: DATE, to: nullable(DATE), current: BOOLEAN }, ['unitId', 'post', 'from', 'to'])),
});
const DUTY = object(
  {
    dutyId: STRING,
    kind: oneOf(RESPONSIBILITY_KINDS.values),
    area: oneOf(DUTY_AREAS.values),
    areaNote: nullable(STRING),
    tags: array(oneOf(TAGS.values)),
    title: STRING,
    items: array(STRING),
    scopeUnitIds: array(STRING),
    year: INTEGER,
    parentDutyId: nullable(STRING),
    effectiveFrom: DATE,
    closedOn: nullable(DATE),
    status: oneOf(['open', 'closed', 'pending']),
    holder: HOLDER,
    holders: array(object({ from: DATE, holder: HOLDER })),
    acknowledgements: array(object({ personId: STRING, acknowledgedOn: DATE })),
  },
  ['dutyId', 'kind', 'area', 'title', 'items', 'scopeUnitIds', 'year', 'status', 'holder', 'holders'],
);
const FINDING = object(
  {
    findingId: STRING,
    source: oneOf(FINDING_SOURCES.values),
    raisedByUnitId: STRING,
    subjectUnitId: STRING,
    subjectPersonId: nullable(STRING),
    area: oneOf(DUTY_AREAS.values),
    areaNote: nullable(STRING),
    tags: array(oneOf(TAGS.values)),
    severity: oneOf(SEVERITIES.values),
    description: STRING,
    occurredOn: DATE,
    dutyIds: array(STRING),
    status: oneOf(FINDING_STATUSES.values),
    timeline: array(object({ type: STRING, on: DATE }, ['type', 'on'])),
  },
  ['findingId', 'source', 'subjectUnitId', 'area', 'severity', 'occurredOn', 'status', 'timeline'],
);
const chainDuty = (nested: boolean): SchemaObject => {
  const own: Properties = {
    dutyId: STRING,
    kind: oneOf(RESPONSIBILITY_KINDS.values),
    area: oneOf(DUTY_AREAS.values),
    title: STRING,
    status: STRING,
    holder: object({ unitId: STRING, post: oneOf(POSTS.values), persons: array(object({ personId: STRING, name: STRING })) }, ['unitId', 'persons']),
  };
  return nested ? object(own) : object({ ...own, ancestors: array(chainDuty(true)), delegates: array(chainDuty(true)) });
};
const CHAIN = object({ unit: UNIT, duties: array(chainDuty(false)), coveredBy: array(chainDuty(false)) });
const FINDING_COUNTS = object(Object.fromEntries(FINDING_STATUSES.values.map((status) => [status, INTEGER])));
const EVENT = object({ position: INTEGER, streamId: STRING, revision: INTEGER, eventId: STRING, type: STRING, recordedAt: INSTANT, data: ANY_OBJECT, metadata: ANY_OBJECT });

/** A confidential value (API.md): committed for most roles, revealed with its salt for the discipline and admin roles. */
const HASH_HEX: SchemaObject = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const CONFIDENTIAL: SchemaObject = {
  anyOf: [object({ commitment: HASH_HEX }), object({ value: {}, salt: { type: 'string', pattern: '^[0-9a-f]{32}$' }, commitment: HASH_HEX })],
};
const DECISION = object({
  caseId: STRING,
  findingIds: array(STRING),
  subjectPersonId: nullable(STRING),
  subjectUnitId: nullable(STRING),
  role: oneOf(ACCOUNTABILITY_ROLES.values),
  form: { type: 'integer', minimum: 1, maximum: 4 },
  measure: oneOf(MEASURES.values),
  decidedByUnitId: STRING,
  decidedOn: DATE,
  dutyIds: array(STRING),
  rationale: CONFIDENTIAL,
  revoked: nullable(object({ revokedOn: DATE, reason: STRING })),
});

const withMeta = (schema: SchemaObject): SchemaObject => ({ ...schema, properties: { ...schema.properties, meta: META }, required: [...(schema.required ?? []), 'meta'] });
const aggregate = (schema: SchemaObject): SchemaObject => withMeta({ ...schema, properties: { ...schema.properties, revision: { type: 'integer', minimum: 0 } }, required: [...(schema.required ?? []), 'revision'] });
const page = (item: SchemaObject): SchemaObject => withMeta(object({ items: array(item), nextCursor: nullable(STRING) }));
const feed = (extra: Properties = {}): SchemaObject => withMeta(object({ ...extra, events: array(EVENT), next: nullable(INTEGER) }));

/** The 200 body of each read, by name. */
export const READ_RESPONSES = {
  unit: aggregate(UNIT),
  chain: withMeta(CHAIN),
  compliance: withMeta(
    object({
      unitId: STRING,
      year: INTEGER,
      meetings: array(object({ kind: oneOf(MEETING_KINDS.values), required: BOOLEAN, heldOn: array(DATE) })),
      reports: array(object({ kind: oneOf(REPORT_KINDS.values), count: INTEGER, reportIds: array(STRING) })),
      findings: FINDING_COUNTS,
    }),
  ),
  figures: withMeta(
    object({
      accountability: object({
        byForm: object(Object.fromEntries(['1', '2', '3', '4'].map((form) => [form, INTEGER]))),
        byRole: object(Object.fromEntries(ACCOUNTABILITY_ROLES.values.map((role) => [role, INTEGER]))),
        formOneShare: nullable({ type: 'number', minimum: 0, maximum: 1 }),
      }),
      rectification: object({ onTime: INTEGER, late: INTEGER, overdue: INTEGER, relapsed: INTEGER }),
      meetings: object({ held: INTEGER, missing: INTEGER }),
      reports: object({ submitted: INTEGER, missing: INTEGER }),
      assessments: object({ byRating: object(Object.fromEntries(RATINGS.values.map((rating) => [rating, INTEGER]))) }),
    }),
  ),
  person: aggregate(PERSON),
  duty: aggregate(DUTY),
  duties: page(DUTY),
  loop: withMeta(
    object({
      duty: DUTY,
      steps: array(object({ step: oneOf(['know', 'clarify', 'perform', 'supervise', 'assess', 'account']), done: BOOLEAN, dates: array(DATE), refs: array(STRING) })),
      firstMissing: nullable(oneOf(['know', 'clarify', 'perform', 'supervise', 'assess', 'account'])),
    }),
  ),
  finding: aggregate(FINDING),
  findings: page(FINDING),
  accountabilityTrail: withMeta(
    object({
      finding: FINDING,
      chainOnOccurrence: CHAIN,
      decisions: array(DECISION),
      coverage: array(
        object(
          {
            personId: STRING,
            unitId: STRING,
            post: oneOf(POSTS.values),
            vacant: BOOLEAN,
            role: oneOf(ACCOUNTABILITY_ROLES.values),
            duties: array(object({ dutyId: STRING, kind: oneOf(RESPONSIBILITY_KINDS.values) })),
            heldAccountable: BOOLEAN,
            caseIds: array(STRING),
          },
          ['role', 'duties', 'heldAccountable', 'caseIds'],
        ),
      ),
    }),
  ),
  auditTrail: page(
    object({ position: INTEGER, recordedAt: INSTANT, type: STRING, streamId: STRING, actor: object({ name: STRING, role: STRING }), businessDate: nullable(DATE), summary: STRING, data: ANY_OBJECT }),
  ),
  events: feed(),
  stream: feed({ streamId: STRING, revision: INTEGER }),
} satisfies Record<string, SchemaObject>;

/** A read's 200: its body (with `meta`), and for the reads of one aggregate (API.md "Concurrency") the ETag header. */
const OF_ONE_AGGREGATE: readonly (keyof typeof READ_RESPONSES)[] = ['unit', 'person', 'duty', 'finding'];
export const ApiReadResponse = (name: keyof typeof READ_RESPONSES) =>
  applyDecorators(ApiExtraModels(ReadMetaView), ApiOkResponse({ schema: READ_RESPONSES[name], ...(OF_ONE_AGGREGATE.includes(name) ? { headers: { ETag: ETAG_HEADER } } : {}) }));
