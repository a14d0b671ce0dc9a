/**
 * The SCIM exchanges made while one object is processed, so its log row can show them (the Requests tab).
 * The cycle's client is shared by its workers; each object gets its own recorder and a view of the client
 * that reports to it (`ScimClient.observe`), so workers' exchanges never mix and nothing is kept globally.
 */
import type { ScimClient, ScimExchange } from '../scim/client';

export interface ExchangeRecorder {
  /** The exchanges so far, in the order they finished. */
  readonly all: readonly ScimExchange[];
  record(x: ScimExchange): void;
  /**
   * The export step's details from the last write: request line and response status. Not the body:
   * Redact() values are sent in clear, and steps are shown and searched (the attributes sent go in with
   * their [Redact] marks from the modified properties instead). Empty when nothing was written.
   */
  lastWriteDetails(): Record<string, string>;
}

export function exchangeRecorder(): ExchangeRecorder {
  const all: ScimExchange[] = [];
  return {
    all,
    record: (x) => {
      all.push(x);
    },
    lastWriteDetails(): Record<string, string> {
      const x = [...all].reverse().find((e) => e.method !== 'GET');
      if (!x) return {};
      return {
        Request: `${x.method} ${x.path}`,
        ResponseStatus: x.status === null ? (x.error ?? 'no response') : String(x.status),
      };
    },
  };
}

/** What one object's work talks to the target with: a view of the cycle's client, and what it recorded. */
export interface ObjectIo {
  client: ScimClient;
  exchanges: ExchangeRecorder;
  /** Ids of the intents its writes recorded (engine/intents), deleted with its outcome. */
  intents: string[];
}

/** A fresh recorder and the view of `client` that feeds it; one per object (and per held action run). */
export function recordingIo(client: ScimClient): ObjectIo {
  const exchanges = exchangeRecorder();
  return { client: client.observe((x) => exchanges.record(x)), exchanges, intents: [] };
}
