/**
 * The one place a mapping environment is made: expressions' Now(), RandomString() and Guid() read it, so the
 * engine, dry runs and the expression tester all see the same clock.
 */
import crypto from 'node:crypto';
import type { Clock } from '../kernel/clock';
import type { MappingEnv } from './types';

/** A mapping environment on `clock`, with real randomness (tests pass a fixed env instead). */
export function mappingEnvOf(clock: Clock): MappingEnv {
  return {
    now: () => new Date(clock.now()),
    random: Math.random,
    guid: () => crypto.randomUUID(),
  };
}
