import type { AccountabilityTrail } from '@duty-ledger/read-models/accountability/accountability.query';
import { postZh, summarize, type Names } from '@duty-ledger/read-models/audit-trail/audit-summary';
import { ACCOUNTABILITY_ROLES, FINDING_STATUSES, FORM_LABELS_ZH, MEASURES, RESPONSIBILITY_TERMS_ZH, type Form } from '@duty-ledger/domain/shared/vocabulary';
import type { TrailProofs } from './trail-proofs';

const zh = (labels: Record<string, string>, value: unknown): string => labels[String(value)] ?? String(value);

/** 2019-12-20 → 2019年12月20日 */
const dateZh = (date: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : date;
};

/**
 * 问责追溯 — a finding's accountability trail as a Chinese document to file: names instead of ids where the record has
 * them, DOMAIN's terms instead of enum values, the rectification timeline in the audit trail's own sentences. The
 * proofs stay as they are (hashes are for verifiers); event types are identifiers and are left in English.
 */
export function renderTrailMarkdown(trail: AccountabilityTrail, proofs: TrailProofs, until: number, at: string, names: Names): string {
  const f = trail.finding;
  const who = (personId: string | null | undefined, unitId: string | null | undefined) => (personId ? names.person(personId) : unitId ? names.unit(unitId, at) : '');
  const step = (s: AccountabilityTrail['finding']['timeline'][number]) => {
    const line = summarize(s.type, s.type === 'FindingRaised' ? { ...f } : { ...s }, s.on, names, 'zh');
    return s.type === 'RectificationPlanned' && s.measures.length > 0 ? `${line}；整改举措：${s.measures.join('；')}` : line;
  };
  return [
    `# 问责追溯：${f.findingId}`,
    '',
    `记录位置：${until}；业务日期：${dateZh(at)}；问题发生日期：${dateZh(f.occurredOn)}；当前状态：${zh(FINDING_STATUSES.labelZh, f.status)}`,
    '',
    `> ${f.description}`,
    '',
    '## 整改过程',
    ...f.timeline.map((s) => `- ${step(s)}`),
    '',
    '## 问责决定',
    ...trail.decisions.map(
      (d) =>
        `- ${d.caseId}：${dateZh(d.decidedOn)}，${names.unit(d.decidedByUnitId, d.decidedOn)}对${who(d.subjectPersonId, d.subjectUnitId)}问责（${zh(ACCOUNTABILITY_ROLES.labelZh, d.role)}，${FORM_LABELS_ZH[d.form as Form] ?? String(d.form)}）：${zh(MEASURES.labelZh, d.measure)}${d.revoked ? `（已于${dateZh(d.revoked.revokedOn)}撤销）` : ''}`,
    ),
    '',
    '## 一案双查',
    '| 人员 | 单位 | 职务 | 责任类型 | 所涉责任 | 是否已问责 | 问责决定 |',
    '|---|---|---|---|---|---|---|',
    ...trail.coverage.map(
      (r) =>
        `| ${r.personId ? names.person(r.personId) : ''} | ${r.unitId ? names.unit(r.unitId, f.occurredOn) : ''} | ${r.post ? postZh(r.post, names.unitKind?.(r.unitId)) : ''}${r.vacant ? '（空缺）' : ''} | ${zh(ACCOUNTABILITY_ROLES.labelZh, r.role)} | ${r.duties.map((d) => zh(RESPONSIBILITY_TERMS_ZH, d.kind)).join('、')} | ${r.heldAccountable ? '是' : '否'} | ${r.caseIds.join('、')} |`,
    ),
    '',
    '## 存证（RFC 9162 包含证明）',
    `树大小：${proofs.treeSize}；根哈希：${proofs.rootHash}；时间戳树根哈希：${proofs.stampRoot}；哈希链：${proofs.chainOk ? '校验通过' : '已断裂'}`,
    proofs.treeHead
      ? `树头签名（Ed25519，签于${proofs.treeHead.signedAt}）：${proofs.treeHead.signature}；公钥：${proofs.treeHead.publicKey}；末事件位置${proofs.treeHead.lastPosition ?? '无'}，记录于${proofs.treeHead.lastRecordedAt ?? '无'}`
      : '树头未签名：本机无账本签名密钥，根哈希须与服务器签发的树头核对',
    ...proofs.events.map(
      (e) =>
        `- 位置${e.position} ${e.streamId}@${e.revision} ${e.type}：叶序号${e.leafIndex}，事件哈希${e.eventHash}，审计路径${e.auditPath.join(' ')}；事件标识${e.eventId}，记录于${e.recordedAt}，时间戳审计路径${e.stampPath.join(' ')}`,
    ),
    '',
  ].join('\n');
}
