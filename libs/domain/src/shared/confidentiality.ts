/**
 * Accountability records are confidential (DOMAIN §4): only the discipline and admin roles read a decision's
 * rationale in plain. The event store keeps the value with a salt and hashes its commitment.
 */
export const CONFIDENTIAL_FIELDS: Readonly<Record<string, readonly string[]>> = {
  AccountabilityApplied: ['rationale'],
};

export const ROLES_READING_CONFIDENTIAL: readonly string[] = ['discipline', 'admin'];
