import type Database from 'better-sqlite3';

const placeholders = (n: number): string => Array(n).fill('?').join(', ');

/** Multi-row INSERTs of `perStatement` rows (one prepared statement per distinct row count, cached by the caller). */
export function insertRows(sql: (source: string) => Database.Statement, target: string, width: number, rows: unknown[][], perStatement: number): void {
  const tuple = `(${placeholders(width)})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    sql(`INSERT INTO ${target} VALUES ${Array(chunk.length).fill(tuple).join(', ')}`).run(...chunk.flat());
  }
}
