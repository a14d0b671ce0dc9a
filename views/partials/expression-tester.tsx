/**
 * "Test expression": evaluate an expression against a directory user (by UPN) and/or typed sample values,
 * without saving anything. Used inside the mapping editor (sharing its `expression` field) and as a
 * stand-alone card that any signed-in role may use.
 */
import { MAX_EXPRESSION_LENGTH } from '../../src/mapping/expression/index';
import type { ExpressionTestResult } from '../../src/mapping/expression-test';

/** What the tester answers: an evaluation result, or a problem with its own input (unknown UPN, bad sample). */
export type TesterOutcome = ExpressionTestResult | { ok: false; message: string; column?: undefined };

/**
 * A monospace excerpt of the expression with a caret under the 1-based column. Long expressions are cut
 * to a window around the column, and line breaks flattened, so the caret lines up on one line.
 */
export function ExpressionCaret(props: { text: string; column: number }) {
  const flat = props.text.replace(/[\r\n\t]/g, ' ');
  const at = Math.max(0, props.column - 1);
  const start = Math.max(0, at - 60);
  const end = Math.min(flat.length, start + 120);
  const lead = start > 0 ? '…' : '';
  const line = `${lead}${flat.slice(start, end)}${end < flat.length ? '…' : ''}`;
  return (
    <pre class="expr-caret" aria-hidden="true">
      <code>{`${line}\n${' '.repeat(lead.length + at - start)}^`}</code>
    </pre>
  );
}

/** The output, worded like Entra's tester: `[Redact]`, "(attribute not sent)", or the positioned error. */
export function TesterResult(props: { outcome: TesterOutcome; expression: string }) {
  const r = props.outcome;
  if (!r.ok) {
    return (
      <div class="alert alert-error tester-error" role="alert">
        <p>{r.message}</p>
        {r.column ? <ExpressionCaret text={props.expression} column={r.column} /> : null}
      </div>
    );
  }
  let output = <code class="tester-value">{r.value}</code>;
  if (r.ignored) output = <span class="muted">(attribute not sent)</span>;
  else if (r.value === null) output = <span class="muted">null (attribute not sent)</span>;
  else if (r.redacted) output = <span class="redacted">{r.value}</span>;
  if (r.candidates) {
    // No target to ask here: list the candidates in the order a create tries them against the target.
    return (
      <div class="alert alert-ok tester-output" role="status">
        <p>SelectUniqueValue candidates, tried in order; a create sends the first one the target does not hold:</p>
        <ol class="tester-candidates">
          {r.candidates.map((c) =>
            c === null ? (
              <li class="muted">(no value: skipped)</li>
            ) : (
              <li>
                <code class="tester-value">{c}</code>
              </li>
            ),
          )}
        </ol>
        <p>Output without a target: {output}</p>
      </div>
    );
  }
  return (
    <p class="alert alert-ok tester-output" role="status">
      Output: {output}
    </p>
  );
}

export interface TesterFieldsProps {
  appId: string;
  /** Distinguishes the two testers a page may hold (ids must be unique). */
  prefix: string;
  /** Groups have no directory object to pick, only sample values. */
  withUser: boolean;
  upn?: string | undefined;
  sample?: string | undefined;
  outcome?: TesterOutcome | undefined;
  expression?: string | undefined;
}

/** The user/sample inputs, the Test button and the result slot; the `expression` field comes from the form. */
export function TesterFields(props: TesterFieldsProps) {
  const id = (name: string) => `${props.prefix}-${name}`;
  return (
    <fieldset class="tester">
      <legend>Test expression</legend>
      {props.withUser ? (
        <div class="field">
          <label for={id('upn')}>Directory user (UPN)</label>
          <input type="text" id={id('upn')} name="testUpn" value={props.upn ?? ''} autocomplete="off" />
        </div>
      ) : null}
      <div class="field">
        <label for={id('sample')}>{props.withUser ? 'Or sample values' : 'Sample values'}</label>
        <textarea id={id('sample')} name="testSample" rows={3} spellcheck={false} aria-describedby={id('sample-hint')}>
          {props.sample ?? ''}
        </textarea>
        <p class="hint" id={id('sample-hint')}>
          One <code>name=value</code> per line, e.g. <code>department=Sales</code>; they override the user's values.
        </p>
      </div>
      <button
        type="button"
        class="btn"
        hx-post={`/apps/${props.appId}/mappings/test-expression`}
        hx-include="closest form"
        hx-target={`#${id('result')}`}
        hx-swap="innerHTML"
      >
        Test
      </button>
      <div id={id('result')} class="tester-result" aria-live="polite">
        {props.outcome ? <TesterResult outcome={props.outcome} expression={props.expression ?? ''} /> : null}
      </div>
    </fieldset>
  );
}

/** The stand-alone card: its own expression box plus the tester fields. */
export function ExpressionTesterCard(props: { appId: string; withUser: boolean }) {
  return (
    <section class="card" id="expression-tester">
      <h2>Expression builder</h2>
      <p class="muted small">Try an expression against a user before using it in a mapping. Nothing is saved.</p>
      <form
        class="stack"
        hx-post={`/apps/${props.appId}/mappings/test-expression`}
        hx-target="#tester-result"
        hx-swap="innerHTML"
      >
        <div class="field">
          <label for="tester-expression">Expression</label>
          <textarea
            id="tester-expression"
            name="expression"
            rows={3}
            maxlength={MAX_EXPRESSION_LENGTH}
            spellcheck={false}
            class="mono"
          >
            {props.withUser ? 'Join(" ", [givenName], ToUpper([surname]))' : 'ToUpper([displayName])'}
          </textarea>
        </div>
        <TesterFields appId={props.appId} prefix="tester" withUser={props.withUser} />
      </form>
    </section>
  );
}
