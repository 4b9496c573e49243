import { generateKeyPairSync, sign } from 'node:crypto';
import { canonicalJson } from '@duty-ledger/event-store/canonical-json';
import { signatureHolds, TreeHeadSigner, type StoredTreeHead } from './tree-head-signer';

const { privateKey } = generateKeyPairSync('ed25519');
const signer = new TreeHeadSigner(privateKey);
const head = { treeSize: 7, rootHash: 'ab'.repeat(32), lastPosition: 9, lastRecordedAt: '2026-12-07T10:00:00.123Z', signedAt: '2026-12-07T10:00:01.000Z' };

describe('tree heads pin the record time where they end', () => {
  it('when a head is signed, then the signature covers all five fields and holds', () => {
    const signed = signer.sign(head);
    expect(signed).toMatchObject({ ...head, publicKey: signer.publicKey });
    expect(signatureHolds(signed)).toBe(true);
  });

  it('when its lastRecordedAt is changed, set to null or dropped, then the signature no longer holds', () => {
    const signed = signer.sign(head);
    expect(signatureHolds({ ...signed, lastRecordedAt: '2026-12-07T09:00:00.000Z' })).toBe(false);
    expect(signatureHolds({ ...signed, lastRecordedAt: null })).toBe(false);
    const { lastRecordedAt: _dropped, ...without } = signed;
    expect(signatureHolds(without)).toBe(false);
  });

  it('when a head is signed with the instant the log was idle through, then the signature covers it: changed or dropped, it no longer holds', () => {
    const signed = signer.sign({ ...head, recordedThrough: '2026-12-07T10:59:59.000Z' });
    expect(signatureHolds(signed)).toBe(true);
    expect(signatureHolds({ ...signed, recordedThrough: '2026-12-07T11:59:59.000Z' })).toBe(false);
    const { recordedThrough: _dropped, ...without } = signed;
    expect(signatureHolds(without)).toBe(false);
    expect(signatureHolds({ ...signer.sign(head), recordedThrough: '2026-12-07T10:59:59.000Z' })).toBe(false);
  });

  it('when a head is signed with the stamp tree’s root, then the signature covers it: changed, dropped or added, it no longer holds', () => {
    const signed = signer.sign({ ...head, stampRoot: 'cd'.repeat(32) });
    expect(signatureHolds(signed)).toBe(true);
    expect(signatureHolds({ ...signed, stampRoot: 'ce'.repeat(32) })).toBe(false);
    const { stampRoot: _dropped, ...without } = signed;
    expect(signatureHolds(without)).toBe(false);
    expect(signatureHolds({ ...signer.sign(head), stampRoot: 'cd'.repeat(32) })).toBe(false);
  });

  it('given a head signed over four fields, as before heads pinned record times, then it still holds, and gaining a lastRecordedAt breaks it', () => {
    const { lastRecordedAt: _none, ...four } = head;
    const older: StoredTreeHead = { ...four, signature: sign(null, Buffer.from(canonicalJson(four)), privateKey).toString('base64'), publicKey: signer.publicKey };
    expect(signatureHolds(older)).toBe(true);
    expect(signatureHolds({ ...older, lastRecordedAt: head.lastRecordedAt })).toBe(false);
  });

  it('given the empty log, then its head signs lastPosition and lastRecordedAt as null', () => {
    const empty = signer.sign({ treeSize: 0, rootHash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', lastPosition: null, lastRecordedAt: null, signedAt: head.signedAt });
    expect(empty).toMatchObject({ lastPosition: null, lastRecordedAt: null });
    expect(signatureHolds(empty)).toBe(true);
  });
});
