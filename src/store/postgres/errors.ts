// Which PostgreSQL failures mean "the database is unavailable" (the store's failure policy
// applies) rather than a bug or bad data (reported as an error).
import { SettingsError } from '../../core/policy.ts';

/**
 * Connection exceptions (class 08), shutdowns and too many connections (57P, 53300), a statement
 * or lock wait cut short by its timeout (57014, 55P03), and node's network errors.
 */
export function isConnectionError(err: unknown): boolean {
  if (err instanceof SettingsError) return false;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string') return /^(08|57P|53300|57014|55P03|E[A-Z]+$)/.test(code);
  const message = err instanceof Error ? err.message : '';
  return /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}
