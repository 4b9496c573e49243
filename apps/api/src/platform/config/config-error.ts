/** A bad or missing setting: main.ts prints the message (which names the variable) and exits non-zero, without a stack. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
