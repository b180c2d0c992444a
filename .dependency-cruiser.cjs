// What may import what (docs/architecture.md), checked by `npm test` (scripts/check-deps.mjs) with
// dependency-cruiser. Violations the move to one folder per feature could not yet remove are listed in
// .dependency-cruiser-known-violations.json (npm run deps:baseline writes it): phase B of issue 15 empties
// it. A new violation fails the tests with the rule's name and comment.
/** @type {import('dependency-cruiser').IConfiguration} */
const NODE_IO = "^(node:)?(fs|fs/promises|net|http|https|http2|child_process|worker_threads|dgram|cluster)$";
module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "No import cycles: a cycle means two modules are one module in two files (break it with a rule or a use case both can import).",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "shared-is-below-everything",
      comment: "src/shared is what several features use, once: it imports nothing from features/, chat/ or messengers/ (pass what it needs in, as a parameter or a type of its own).",
      severity: "error",
      from: { path: "^src/shared/" },
      to: { path: "^src/(features|chat|messengers)/" },
    },
    {
      name: "rules-are-pure",
      comment: "A feature's rules (rules.ts, rules/) are plain TypeScript: no grammY, no Prisma, no Node I/O.",
      severity: "error",
      from: { path: "^src/features/[^/]+/rules" },
      to: { path: ["node_modules/(grammy|@grammyjs)/", "node_modules/@prisma/", "node_modules/better-sqlite3/", "^src/generated/", "^src/(chat|messengers)/", "^src/features/[^/]+/store", "^src/shared/db/"] },
    },
    {
      name: "rules-use-no-node-io",
      comment: "A feature's rules and use cases do no I/O of their own (fs, net, http, child_process, worker_threads): the store, the outbound port or an injected collaborator does it.",
      severity: "error",
      from: { path: "^src/features/[^/]+/(rules|use-cases)" },
      to: { dependencyTypes: ["core"], path: NODE_IO },
    },
    {
      name: "use-cases-know-no-messenger",
      comment: "Use cases take { db, clock, notify, logger, config } and plain values: no grammY, no Telegram, no chat layer (send through src/shared/messaging/outbound.ts).",
      severity: "error",
      from: { path: "^src/features/[^/]+/use-cases" },
      to: { path: ["node_modules/(grammy|@grammyjs)/", "^src/(chat|messengers)/", "^src/features/[^/]+/(chat|dialogue|views)"] },
    },
    {
      name: "use-cases-use-the-store-for-prisma",
      comment: "Use cases reach the database through a store; only the Db type may be imported from the Prisma client (type-only).",
      severity: "error",
      from: { path: "^src/features/[^/]+/use-cases" },
      to: { path: ["node_modules/@prisma/", "^src/generated/"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "jobs-call-no-chat",
      comment: "Scheduled jobs call use cases and send through the outbound port: they import no chat handler, dialogue or chat/ infrastructure. Views are allowed (a job renders what it sends), as long as the view is messenger-neutral (rule views-are-messenger-neutral).",
      severity: "error",
      from: { path: "^src/features/[^/]+/jobs" },
      to: { path: ["^src/features/[^/]+/(chat|dialogue)", "^src/chat/"] },
    },
    {
      name: "views-are-messenger-neutral",
      comment: "A view makes texts (the HTML subset of the outbound port) and choices from data and a Translate: no grammY (keyboards are built from choices by the messenger's adapter), no messenger, no chat handler.",
      severity: "error",
      from: { path: "^src/features/[^/]+/views" },
      to: { path: ["node_modules/(grammy|@grammyjs)/", "^src/messengers/", "^src/chat/", "^src/features/[^/]+/(chat|dialogue)"] },
    },
    {
      name: "handlers-and-jobs-call-use-cases",
      comment: "Chat handlers, dialogues and jobs call their feature's use cases (use-cases.ts): they import no store, their own feature's or another's, and no Prisma client at run time (only the Db type).",
      severity: "error",
      from: { path: "^src/features/[^/]+/(chat|dialogue|jobs)" },
      to: { path: ["^src/features/[^/]+/store", "node_modules/@prisma/", "^src/generated/"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-other-features-store",
      comment: "A feature may import another feature's use-cases and rules, never its store.",
      severity: "error",
      from: { path: "^src/features/([^/]+)/" },
      to: { path: "^src/features/[^/]+/store", pathNot: "^src/features/$1/" },
    },
    {
      name: "no-feature-imports-another-features-chat",
      comment: "A feature's chat handlers, dialogues and views are its own: other features call its use cases.",
      severity: "error",
      from: { path: "^src/features/([^/]+)/" },
      to: { path: "^src/features/[^/]+/(chat|dialogue|views|jobs)", pathNot: "^src/features/$1/" },
    },
    {
      name: "chat-knows-no-messenger",
      comment: "src/chat is shared by every messenger that drives the bot (Telegram today, Zalo through an adapter): it imports nothing from src/messengers.",
      severity: "error",
      from: { path: "^src/chat/" },
      to: { path: "^src/messengers/" },
    },
    {
      name: "only-the-composition-imports-messengers",
      comment: "Only src/main.ts, src/app.ts and src/cli/ choose and wire messengers; features send through the outbound port (src/shared/messaging/outbound.ts).",
      severity: "error",
      from: { path: "^src/", pathNot: "^src/(main\\.ts|app\\.ts|cli/|messengers/)" },
      to: { path: "^src/messengers/" },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^src/generated/"] },
    exclude: { path: "^src/generated/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default", "types"], mainFields: ["module", "main", "types"] },
    skipAnalysisNotInRules: true,
  },
};
