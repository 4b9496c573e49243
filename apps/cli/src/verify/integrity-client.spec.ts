import { IntegrityClient } from './integrity-client';
import { UsageError } from './tree-head-check';

describe('IntegrityClient', () => {
  it.each(['http://ledger.example.edu', 'http://10.0.0.5:3000', 'http://localhost.evil.example'])(
    'when a key would go to %s over plain http, then it is refused before anything is sent: anyone on the way would read it',
    (server) => {
      expect(() => new IntegrityClient(server, 'reader-key-0000000000')).toThrow(UsageError);
      expect(() => new IntegrityClient(server, 'reader-key-0000000000')).toThrow(/https/);
    },
  );

  it.each([
    ['https://ledger.example.edu', 'reader-key-0000000000'],
    ['http://127.0.0.1:3000', 'reader-key-0000000000'],
    ['http://localhost:3000/', 'reader-key-0000000000'],
    ['http://[::1]:3000', 'reader-key-0000000000'],
    ['http://ledger.example.edu', undefined],
  ])('when the server is %s with key %s, then the client is made', (server, token) => {
    expect(() => new IntegrityClient(server, token)).not.toThrow();
  });
});

describe('IntegrityClient --server', () => {
  it('when the URL does not parse, then a usage error, not a crash', () => {
    expect(() => new IntegrityClient('http://exa mple', undefined)).toThrow(UsageError);
    expect(() => new IntegrityClient('http://[zz', undefined)).toThrow(UsageError);
  });
});
