// Tells whoever listens that content has just been written in this process:
// a note, an actor, a follow, a reaction… (an insert, update or delete on a
// table that pages and documents show). The stampede cache
// (src/http/cache/public-responses.ts) empties itself on it, so that what an
// inbox delivery changes is not answered stale. Housekeeping tables (the
// queue, sessions, rate events, reading counts…) change on nearly every
// request and show nothing that is kept: they are ignored.
import type { KyselyPlugin, OperationNode, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from "kysely";

const HOUSEKEEPING = new Set([
  "note_reads",
  "sessions",
  "api_tokens",
  "setup_tokens",
  "invitations",
  "fedify_kv",
  "fedify_queue",
  "rate_events",
  "key_pairs",
  "known_instances",
  "moderation_log",
  "federation_policy_changes",
  // The search index: only search pages read it, and they are never kept. It
  // catches up in batches for minutes after an import or a busy inbox, and
  // each batch would otherwise empty every kept page.
  "search_documents",
  "search_pending",
]);

type Listener = () => void;
const listeners = new Set<WeakRef<{ onContentWrite: Listener }>>();

/** `target.onContentWrite` runs after each content write, for as long as `target` lives. */
export function listenToContentWrites(target: { onContentWrite: Listener }): void {
  listeners.add(new WeakRef(target));
}

function notify(): void {
  for (const ref of listeners) {
    const target = ref.deref();
    if (target) target.onContentWrite();
    else listeners.delete(ref);
  }
}

function tableOf(node: OperationNode | undefined): string | undefined {
  if (!node) return undefined;
  const n = node as { kind: string; table?: OperationNode; node?: OperationNode; identifier?: { name: string } };
  if (n.kind === "TableNode") return (node as unknown as { table: { identifier: { name: string } } }).table.identifier.name;
  if (n.kind === "AliasNode") return tableOf(n.node);
  return undefined;
}

function writtenTable(node: RootOperationNode): string | undefined {
  switch (node.kind) {
    case "InsertQueryNode":
      return tableOf(node.into);
    case "UpdateQueryNode":
      return tableOf(node.table);
    case "DeleteQueryNode":
      return tableOf(node.from.froms[0]);
    default:
      return undefined;
  }
}

/** The plugin every database handle installs (src/db/database.ts). */
export class ContentWritesPlugin implements KyselyPlugin {
  readonly #pending = new WeakSet<object>();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const table = writtenTable(args.node);
    if (table && !HOUSEKEEPING.has(table)) this.#pending.add(args.queryId);
    return args.node;
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    if (this.#pending.has(args.queryId)) {
      this.#pending.delete(args.queryId);
      notify();
    }
    return args.result;
  }
}
