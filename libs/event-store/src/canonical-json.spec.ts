import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson } from './canonical-json';
import { eventHash } from './hash-chain';

describe('canonicalJson', () => {
  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    expect(canonicalJson(value)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes numbers as ECMAScript does (RFC 8785 §3.2.2.3) and nested objects sorted, without whitespace', () => {
    const numbers: unknown = JSON.parse('[333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001]');
    expect(canonicalJson({ numbers, b: { z: 1, a: [true, null] } })).toBe(
      '{"b":{"a":[true,null],"z":1},"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27]}',
    );
  });

  it('writes the IEEE 754 values of RFC 8785 Appendix B as the RFC does, -0 as 0 and 1e21 in exponent form', () => {
    const cases: [string, string][] = [
      ['0000000000000000', '0'], ['8000000000000000', '0'], ['0000000000000001', '5e-324'], ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'], ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'], ['c340000000000000', '-9007199254740992'], ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'], ['44b52d02c7e14af6', '1e+23'], ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'], ['444b1ae4d6e2ef4f', '999999999999999900000'], ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'], ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'], ['41b3de4355555554', '333333333.33333325'], ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'], ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'], ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, text] of cases) expect({ bits, text: canonicalJson(Buffer.from(bits, 'hex').readDoubleBE(0)) }).toEqual({ bits, text });
    expect(canonicalJson(0.1 + 0.2)).toBe('0.30000000000000004');
    // Strings: only ", \ and C0 controls are escaped (\u2028 and non-ASCII stay as they are), controls in lowercase hex.
    expect(canonicalJson('\u2028"\\/\u001f\n\u00e9😀')).toBe('"\u2028\\"\\\\/\\u001f\\n\u00e9😀"');
  });

  it('drops undefined members and writes undefined array elements as null, as JSON does', () => {
    expect(canonicalJson({ b: undefined, a: [undefined, 1] })).toBe('{"a":[null,1]}');
  });

  it('refuses what JSON cannot hold: a number that is not finite, a bigint, a cycle', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const value of [{ n: Number.NaN }, [Number.POSITIVE_INFINITY], { n: 1n }, cycle]) expect(() => canonicalJson(value)).toThrow();
  });

  it('writes, for any JSON value, the text of the canonicalize package that the chain was hashed with before', () => {
    const strings = fc.string({ unit: 'binary', maxLength: 12 }); // lone surrogates and astral characters too
    const value = fc.letrec((tie) => ({
      json: fc.oneof({ depthSize: 'small' }, fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }), strings, tie('array'), tie('object')),
      array: fc.array(tie('json'), { maxLength: 5 }),
      object: fc.dictionary(strings, tie('json'), { maxKeys: 6 }),
    })).json;
    fc.assert(
      fc.property(value, (v) => canonicalJson(v) === canonicalize(v)),
      { numRuns: 2000, seed: 20261206 },
    );
  });

  it('keeps every hash of the chain: a known event, confidential field and all, hashes as it always has', () => {
    const hash = eventHash(
      { PersonRegistered: ['idNumber'] },
      {
        streamId: 'person-1',
        revision: 0,
        type: 'PersonRegistered',
        data: {
          personId: 'person-1',
          name: '张三',
          idNumber: '110101199003071234',
          idNumberSalt: '00112233445566778899aabbccddeeff',
          posts: [{ unitId: 'u-1', since: '2024-01-01' }],
          score: 4.5,
          big: 1e30,
          note: 'line\nbreak \u2028 \ud83d\ude00',
        },
        metadata: {
          actor: { role: 'integrator', name: 'hr' },
          commandId: 'c-1',
          correlationId: 'c-1',
          causationId: 'c-1',
          schemaVersion: 1,
          businessDate: '2026-01-02',
          prevHash: 'ab'.repeat(32),
        },
      },
    );
    // Computed with the canonicalize package and createHash before the change to safe-stable-stringify and hash().
    expect(hash).toBe('0932f889c1231d68d920c792f9925dabace94ec4207ae931234684620256a012');
  });
});
