import { committed, revealed, type Commitment, type RevealedValue } from '@duty-ledger/event-store/confidential';
import { CONFIDENTIAL_FIELDS } from '@duty-ledger/domain/shared/confidentiality';
import type { ReadStore } from '@duty-ledger/read-store/read-store.port';
import type { ReadAt } from '../as-of';
import { readChain, type ChainDutyCore, type ResponsibilityChain } from '../chain/chain.query';
import { findingDocument, findingView, type FindingView } from '../findings/findings.query';
import { CASES, type CaseDocument } from './accountability.projection';

/** Who may read a decision's rationale in plain (API.md: the discipline and admin roles). */
export interface ConfidentialReader {
  canReadConfidential: boolean;
}

/** 问责决定 — a decision as a reader may see it: the rationale committed, or revealed with its salt. */
export interface DecisionView {
  caseId: string;
  findingIds: string[];
  subjectPersonId: string | null;
  subjectUnitId: string | null;
  role: string;
  form: number;
  measure: string;
  decidedByUnitId: string;
  decidedOn: string;
  dutyIds: string[];
  rationale: Commitment | RevealedValue;
  /** The revocation recorded by `asOf` and dated on or before `at`; `null`: in force. */
  revoked: { revokedOn: string; reason: string } | null;
}

/** 一案双查 — one row per subject who answers for the finding: the direct subject, and each holder of the chain that day. */
export interface CoverageRow {
  personId?: string;
  unitId?: string;
  post?: string;
  vacant?: true;
  role: 'direct' | 'leadership';
  duties: { dutyId: string; kind: string }[];
  heldAccountable: boolean;
  caseIds: string[];
}

export interface AccountabilityTrail {
  finding: FindingView;
  /** The responsibility chain over the subject unit on `occurredOn`, as recorded at `asOf` (`null`: unit not registered then, not yet or dissolved). */
  chainOnOccurrence: ResponsibilityChain | null;
  decisions: DecisionView[];
  coverage: CoverageRow[];
}

const APPLIED = 'AccountabilityApplied';

/** The rationale as the reader may see it; the stored plain value and salt never leave unshaped. */
export function shapeRationale(doc: Pick<CaseDocument, 'rationale' | 'rationaleSalt'>, reader: ConfidentialReader): Commitment | RevealedValue {
  const data = { rationale: doc.rationale, rationaleSalt: doc.rationaleSalt ?? '' };
  const shaped = reader.canReadConfidential ? revealed(CONFIDENTIAL_FIELDS, APPLIED, data) : committed(CONFIDENTIAL_FIELDS, APPLIED, data);
  return shaped.rationale as Commitment | RevealedValue;
}

/** A revocation counts when recorded by `asOf` (the document's version) and dated on or before `at` (DOMAIN §6). */
export const revokedOn = (doc: CaseDocument, at: string): boolean => doc.revokedOn !== undefined && doc.revokedOn <= at;

export function decisionView(doc: CaseDocument, at: string, reader: ConfidentialReader): DecisionView {
  return {
    caseId: doc.caseId,
    findingIds: doc.findingIds,
    subjectPersonId: doc.subjectPersonId ?? null,
    subjectUnitId: doc.subjectUnitId ?? null,
    role: doc.role,
    form: doc.form,
    measure: doc.measure,
    decidedByUnitId: doc.decidedByUnitId,
    decidedOn: doc.decidedOn,
    dutyIds: doc.dutyIds,
    rationale: shapeRationale(doc, reader),
    revoked: revokedOn(doc, at) ? { revokedOn: doc.revokedOn!, reason: doc.revocationReason ?? '' } : null,
  };
}

/** The cases resting on a finding as recorded at `asOf`, decided on or before `at`, ordered by decision date then id. */
export async function casesOfFinding(store: ReadStore, findingId: string, { asOfPosition, at }: ReadAt): Promise<CaseDocument[]> {
  const found = await store.find<CaseDocument>(CASES, { findingIds: findingId }, { asOfPosition });
  return found
    .map((d) => d.doc)
    .filter((c) => c.exists && c.decidedOn <= at)
    .sort((a, b) => (a.decidedOn !== b.decidedOn ? (a.decidedOn < b.decidedOn ? -1 : 1) : a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0));
}

/**
 * 问责追溯 — DOMAIN §5.3: the finding at `at`, the chain over its subject unit on the day it occurred (as recorded at
 * `asOf`), every decision on it, and the "one case, two investigations" coverage. `null` (404) when the finding was
 * not recorded by `asOf` or had not occurred by `at`.
 */
export async function readAccountabilityTrail(store: ReadStore, findingId: string, read: ReadAt, reader: ConfidentialReader): Promise<AccountabilityTrail | null> {
  const doc = await findingDocument(store, findingId, read);
  const finding = doc ? findingView(doc, read.at) : null;
  if (!finding) return null;
  const onOccurrence: ReadAt = { asOfPosition: read.asOfPosition, at: finding.occurredOn };
  const [chainOnOccurrence, cases] = await Promise.all([readChain(store, finding.subjectUnitId, onOccurrence), casesOfFinding(store, findingId, read)]);
  return {
    finding,
    chainOnOccurrence,
    decisions: cases.map((c) => decisionView(c, read.at, reader)),
    // The chain's own and covering duties are unitCoverage's, each holder already resolved to the persons in post that day.
    coverage: coverageRows(finding, chainOnOccurrence ? [...chainOnOccurrence.duties, ...chainOnOccurrence.coveredBy] : [], cases, read.at),
  };
}

/**
 * One row for the direct subject (the person, else the unit), then one per holder of the duties over the subject
 * unit that day, in duty order: the persons in post, the unit for a unit holder, a vacant post as such. A holder who
 * is the direct subject joins the direct row.
 */
export function coverageRows(finding: Pick<FindingView, 'subjectPersonId' | 'subjectUnitId'>, duties: readonly ChainDutyCore[], cases: readonly CaseDocument[], at: string): CoverageRow[] {
  const inForce = cases.filter((c) => !revokedOn(c, at));
  const casesOf = (row: CoverageRow): string[] =>
    row.vacant ? [] : inForce.filter((c) => (row.personId !== undefined ? c.subjectPersonId === row.personId : c.subjectUnitId === row.unitId)).map((c) => c.caseId);
  const rows = new Map<string, CoverageRow>();
  const direct: CoverageRow =
    finding.subjectPersonId !== null
      ? { personId: finding.subjectPersonId, role: 'direct', duties: [], heldAccountable: false, caseIds: [] }
      : { unitId: finding.subjectUnitId, role: 'direct', duties: [], heldAccountable: false, caseIds: [] };
  rows.set(finding.subjectPersonId !== null ? `person:${finding.subjectPersonId}` : `unit:${finding.subjectUnitId}`, direct);
  const add = (key: string, fresh: () => CoverageRow, duty: { dutyId: string; kind: string }) => {
    let row = rows.get(key);
    if (!row) rows.set(key, (row = fresh()));
    if (!row.duties.some((d) => d.dutyId === duty.dutyId)) row.duties.push(duty);
  };
  // A fresh row each time: the incumbents of one post get a row each, and a duty added later to one is not the others'.
  const leadership = () => ({ role: 'leadership' as const, duties: [], heldAccountable: false, caseIds: [] });
  for (const { dutyId, kind, holder } of duties) {
    const ref = { dutyId, kind };
    if (holder.post === undefined) add(`unit:${holder.unitId}`, () => ({ unitId: holder.unitId, ...leadership() }), ref);
    else if (holder.persons.length === 0) add(`vacant:${holder.unitId}:${holder.post}`, () => ({ unitId: holder.unitId, post: holder.post, vacant: true, ...leadership() }), ref);
    else for (const { personId } of holder.persons) add(`person:${personId}`, () => ({ personId, unitId: holder.unitId, post: holder.post, ...leadership() }), ref);
  }
  return [...rows.values()].map((row) => {
    const caseIds = casesOf(row);
    return { ...row, heldAccountable: caseIds.length > 0, caseIds };
  });
}
