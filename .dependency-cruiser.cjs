/** Layering rules, checked by `npm run check` (see docs/ARCHITECTURE.md). */
module.exports = {
  forbidden: [
    { name: 'mapping-is-pure', severity: 'error', comment: 'mapping/ is a functional core: no database, no web, no engine',
      from: { path: '^src/mapping/' }, to: { path: '^(db/|src/(web|engine|directory|apps|auth|log|audit)/)|^views/' } },
    { name: 'engine-no-web', severity: 'error', from: { path: '^src/engine/' }, to: { path: '^(src/web/|views/)' } },
    { name: 'db-no-src', severity: 'error', from: { path: '^db/' }, to: { path: '^src/' } },
    { name: 'scim-client-no-db', severity: 'error', comment: 'the SCIM client is protocol only',
      from: { path: '^src/scim/' }, to: { path: '^(db/|src/(web|engine|directory|apps|log|audit)/)' } },
    { name: 'sandbox-apart', severity: 'error', comment: 'the sandbox is another app: it shares no code with the client side',
      from: { path: '^src/sandbox/' }, to: { path: '^(db/|src/(web|engine|directory|apps|scim|mapping|log|audit|auth)/)' } },
    { name: 'domain-no-web', severity: 'error', from: { path: '^src/(directory|apps|auth|log|audit)/' }, to: { path: '^(src/web/|views/)' } },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(node_modules|test|bench)/' },
  },
};
