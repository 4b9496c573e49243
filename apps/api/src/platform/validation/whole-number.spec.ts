import { parseWholeNumber } from './whole-number';

describe('parseWholeNumber', () => {
  it('when the text is a plain decimal up to 2^53 - 1, then its value', () => {
    expect(['0', '7', '1234567890', '9007199254740991'].map(parseWholeNumber)).toEqual([0, 7, 1234567890, Number.MAX_SAFE_INTEGER]);
  });

  it('when the number is past 2^53 - 1, then none: it would be read as its neighbour', () => {
    expect(['9007199254740992', '9007199254740993', '99999999999999999999'].map(parseWholeNumber)).toEqual([undefined, undefined, undefined]);
  });

  it('when the text is not a plain decimal, then none', () => {
    expect(['', ' 1', '1 ', '-1', '+1', '01', '1.0', '1e3', '0x10', 'NaN', 'Infinity', '１'].map(parseWholeNumber)).toEqual(Array(12).fill(undefined));
  });
});
