/**
 * The logging port every module may take (pino satisfies it): kept in the kernel so a module below the
 * engine, like the LDAP source runner, logs without importing the engine.
 */
export interface Logger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
