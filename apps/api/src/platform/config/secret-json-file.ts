import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error';

/**
 * A configuration file that holds secrets (API keys, JWKS), parsed as JSON. A parse error says where, never what: V8's
 * message quotes the text around the fault, which would print part of a key to the start-up log.
 */
export function readSecretJsonFile(variable: string, path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${variable}: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ConfigError(`${variable}: ${path} is not valid JSON${position === undefined ? '' : ` (at character ${position})`}`);
  }
}
