// Every route of the JSON API, area by area, in a compact form the document
// builder expands (document.ts). A test compares this list with the routes
// the Hono app registers, so a route added without a line here fails CI.
export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface OperationSpec {
  /** Schema name of the JSON body, if any. */
  body?: string;
  /** Schema name of the answer; "[Name]" for a list. */
  returns?: string;
  /** Success status (default 200; 201 for creations when given). */
  status?: number;
  /** Query parameters (name, required?). */
  query?: Array<string | [string, true]>;
  /** Needs no bearer token. */
  public?: true;
  /** Enumerated values of path parameters. */
  pathEnums?: Record<string, string[]>;
}

export type Operation = [Method, string, string, OperationSpec?];

export interface Area {
  tag: string;
  operations: Operation[];
}

const PAGE: OperationSpec["query"] = ["limit", "cursor"];
const BY_URI: OperationSpec["query"] = ["uri"];
const ANSWER = { answer: ["accept", "reject"] };

export const AREAS: Area[] = [
  {
    tag: "Discovery",
    operations: [
      ["get", "/openapi.json", "This OpenAPI document", { public: true, returns: "Object" }],
      ["get", "/search", "Search public content (a token shows what its owner may read); a handle or URL resolves one object", { public: true, returns: "Object", query: [["q", true], "type", "tag", "term", "community", "instance", "region", "language", "license", "from", "to", "limit", "offset"] }],
      ["get", "/interests", "People, organizations and communities by public interest tag, here and on sister instances, by Québec region, with relation counts", { public: true, returns: "Object", query: [["tag", true], "region", "limit", "cursor"] }],
      ["get", "/actors/lookup", "Resolve a handle or actor URL", { returns: "Actor", query: [["q", true]] }],
      ["get", "/network", "Sister instances and their public content", { returns: "Object" }],
    ],
  },
  {
    tag: "Account",
    operations: [
      ["get", "/me", "Your profile", { returns: "Actor" }],
      ["patch", "/me", "Change your profile", { body: "Object", returns: "Actor" }],
      ["delete", "/me", "Delete your account (federates Delete)", { body: "Object", returns: "Object" }],
      ["get", "/me/warnings", "Warnings a moderator sent you", { returns: "Object" }],
      ["get", "/me/privacy", "Your privacy choices", { returns: "Object" }],
      ["patch", "/me/privacy", "Change your privacy choices", { body: "Object", returns: "Object" }],
      ["get", "/me/export", "Your data as one JSON document", { returns: "Object" }],
      ["get", "/me/exports", "Your archive exports", { returns: "Object" }],
      ["post", "/me/exports", "Start an archive export", { returns: "Object", status: 202 }],
      ["get", "/me/exports/{id}", "One archive export", { returns: "Object" }],
      ["get", "/me/exports/{id}/archive", "Download a ready archive (application/zip)", {}],
      ["get", "/tokens", "Your API tokens", { returns: "Object" }],
      ["delete", "/tokens/{id}", "Revoke a token", { status: 204 }],
    ],
  },
  {
    tag: "Following",
    operations: [
      ["post", "/follows", "Follow an actor", { body: "Object", returns: "Object" }],
      ["delete", "/follows", "Stop following", { query: [["target", true]], returns: "Object" }],
      ["get", "/followers", "Your followers", { returns: "Object", query: PAGE }],
      ["get", "/following", "Who you follow", { returns: "Object", query: PAGE }],
      ["get", "/follow_requests", "Pending follow requests", { returns: "Object" }],
      ["post", "/follow_requests/{id}/{answer}", "Accept or reject a follow request", { returns: "Object", pathEnums: ANSWER }],
      ["get", "/blocks", "Actors and instances you block", { returns: "Object" }],
      ["post", "/blocks", "Block an actor or an instance", { body: "Object", returns: "Object" }],
      ["delete", "/blocks", "Unblock (by target)", { query: ["target"], returns: "Object" }],
      ["delete", "/blocks/{id}", "Unblock (by id)", { returns: "Object" }],
    ],
  },
  {
    tag: "Notes",
    operations: [
      ["post", "/notes", "Publish a note", { body: "NoteInput", returns: "Note", status: 201 }],
      ["get", "/notes", "Notes (yours, or by author/tag/term)", { returns: "[Note]", query: ["author", "tag", "term", "local", "limit", "cursor"] }],
      ["get", "/notes/{id}", "One note (`by-uri?uri=` for an ActivityPub id)", { returns: "Note", query: BY_URI }],
      ["patch", "/notes/{id}", "Edit a note (new revision)", { body: "NoteInput", returns: "Note" }],
      ["delete", "/notes/{id}", "Delete a note", { returns: "Object" }],
      ["get", "/notes/{id}/thread", "A note's replies", { returns: "Object" }],
      ["get", "/notes/{id}/revisions", "A note's revisions", { returns: "Object" }],
      ["get", "/notes/{id}/revisions/{number}", "One revision", { returns: "Object" }],
      ["delete", "/notes/{id}/revisions/{number}", "Redact a revision", { returns: "Object" }],
      ["post", "/notes/{id}/like", "Like (`by-uri?uri=` for a note elsewhere)", { returns: "Object", query: BY_URI }],
      ["delete", "/notes/{id}/like", "Undo a like", { returns: "Object", query: BY_URI }],
      ["post", "/notes/{id}/share", "Share (`by-uri?uri=` for a note elsewhere)", { returns: "Object", query: BY_URI }],
      ["delete", "/notes/{id}/share", "Undo a share", { returns: "Object", query: BY_URI }],
      ["get", "/notes/{id}/labels", "A note's labels", { returns: "Object" }],
      ["post", "/notes/{id}/labels", "Label a note", { body: "Object", returns: "Object" }],
      ["delete", "/notes/{id}/labels", "Remove a label", { query: [["label", true], "reason"], returns: "Object" }],
      ["post", "/notes/{id}/labels/{label}/answer", "Answer a label on your note", { body: "Object", returns: "Object" }],
      ["get", "/coauthorships", "Invitations to co-sign", { returns: "Object" }],
      ["post", "/coauthorships/{id}/accept", "Accept to co-sign", { returns: "Object" }],
      ["post", "/coauthorships/{id}/decline", "Decline to co-sign", { returns: "Object" }],
      ["post", "/media", "Upload a file (multipart/form-data)", { returns: "Object", status: 201 }],
    ],
  },
  {
    tag: "Notebooks",
    operations: [
      ["post", "/notebooks", "Create a notebook", { body: "NotebookInput", returns: "Notebook", status: 201 }],
      ["get", "/notebooks", "Notebooks", { returns: "[Notebook]", query: ["curator", "limit", "cursor"] }],
      ["get", "/notebooks/{id}", "One notebook (`by-uri?uri=` for one elsewhere)", { returns: "Notebook", query: BY_URI }],
      ["patch", "/notebooks/{id}", "Change a notebook", { body: "NotebookInput", returns: "Notebook" }],
      ["delete", "/notebooks/{id}", "Delete a notebook", { returns: "Object" }],
      ["post", "/notebooks/{id}/curators", "Add a curator", { body: "Object", returns: "Notebook" }],
      ["delete", "/notebooks/{id}/curators", "Remove a curator", { query: [["curator", true]], returns: "Notebook" }],
      ["post", "/notebooks/{id}/sections", "Add a section", { body: "Object", returns: "Notebook" }],
      ["patch", "/notebooks/{id}/sections/{sectionId}", "Change a section", { body: "Object", returns: "Notebook" }],
      ["delete", "/notebooks/{id}/sections/{sectionId}", "Remove a section", { returns: "Notebook" }],
      ["post", "/notebooks/{id}/items", "Add a note", { body: "Object", returns: "Notebook" }],
      ["patch", "/notebooks/{id}/items/{itemId}", "Move a note", { body: "Object", returns: "Notebook" }],
      ["delete", "/notebooks/{id}/items/{itemId}", "Remove a note", { returns: "Notebook" }],
    ],
  },
  {
    tag: "Organizations",
    operations: [
      ["post", "/organizations", "Create an organization", { body: "Object", returns: "Organization", status: 201 }],
      ["get", "/organizations", "Organizations", { returns: "[Organization]", query: PAGE }],
      ["get", "/organizations/{handle}", "One organization", { returns: "Organization" }],
      ["patch", "/organizations/{handle}", "Change an organization", { body: "Object", returns: "Organization" }],
      ["post", "/organizations/{handle}/members", "Add a member", { body: "Object", returns: "Organization" }],
      ["delete", "/organizations/{handle}/members", "Remove a member", { query: [["member", true]], returns: "Organization" }],
    ],
  },
  {
    tag: "Terms",
    operations: [
      ["post", "/terms", "Create a lexicon term", { body: "TermInput", returns: "Term", status: 201 }],
      ["get", "/terms", "Lexicon terms", { returns: "[Term]", query: ["q", "limit"] }],
      ["get", "/terms/{slug}", "One term", { returns: "Term" }],
      ["patch", "/terms/{slug}", "Change a term", { body: "TermInput", returns: "Term" }],
      ["delete", "/terms/{slug}", "Delete a term", { returns: "Object" }],
    ],
  },
  {
    tag: "Communities",
    operations: [
      ["post", "/communities", "Create a community", { body: "Object", returns: "Community", status: 201 }],
      ["get", "/communities", "Communities", { returns: "[Community]" }],
      ["get", "/communities/{handle}", "One community", { returns: "Community" }],
      ["patch", "/communities/{handle}", "Change a community", { body: "Object", returns: "Community" }],
      ["get", "/communities/{handle}/posts", "A community's posts", { returns: "[Note]" }],
      ["get", "/communities/{handle}/requests", "Pending membership requests", { returns: "Object" }],
      ["post", "/communities/{handle}/requests/{id}/{answer}", "Accept or reject a membership request", { returns: "Object", pathEnums: ANSWER }],
      ["post", "/communities/{handle}/posts/{noteId}/remove", "Remove a post", { body: "Object", returns: "Object" }],
      ["post", "/communities/{handle}/posts/{noteId}/restore", "Put a removed post back (federated as the moderator's Undo(Delete), announced by the Group)", { returns: "Object" }],
      ["post", "/communities/{handle}/posts/{noteId}/lock", "Lock or unlock a post", { body: "Object", returns: "Object" }],
      ["post", "/communities/{handle}/posts/{noteId}/pin", "Pin or unpin a post", { body: "Object", returns: "Object" }],
      ["post", "/communities/{handle}/bans", "Ban an actor", { body: "Object", returns: "Object" }],
      ["delete", "/communities/{handle}/bans", "Lift a ban", { query: [["actor", true]], returns: "Object" }],
      ["post", "/communities/{handle}/moderators", "Add a moderator", { body: "Object", returns: "Object" }],
      ["delete", "/communities/{handle}/moderators", "Remove a moderator", { query: [["actor", true]], returns: "Object" }],
      ["get", "/communities/{handle}/moderation", "Moderation log", { returns: "Object" }],
      ["post", "/communities/{handle}/shares", "Share a note into the community", { body: "Object", returns: "Object" }],
      ["get", "/communities/{handle}/links", "Linked communities", { returns: "Object" }],
      ["post", "/communities/{handle}/links", "Link a community", { body: "Object", returns: "Object" }],
      ["delete", "/communities/{handle}/links", "Unlink a community", { query: [["community", true]], returns: "Object" }],
    ],
  },
  {
    tag: "Moderation",
    operations: [
      ["get", "/notifications", "Your notifications (follows, join requests, replies, mentions, likes, shares, co-authorship invitations, cross-posts, reports, labels)", { returns: "Object", query: ["unread", "limit", "before", "kind"] }],
      ["post", "/notifications/read", "Mark notifications read", { body: "Object", returns: "Object" }],
      ["post", "/reports", "Report content or an actor", { body: "Object", returns: "Object", status: 201 }],
      ["get", "/reports", "Reports (moderators)", { returns: "Object", query: ["status", "limit", "before"] }],
      ["get", "/reports/{id}", "One report", { returns: "Object" }],
      ["post", "/reports/{id}/resolve", "Resolve a report", { body: "Object", returns: "Object" }],
    ],
  },
  {
    tag: "Administration",
    operations: [
      ["get", "/admin/settings", "Instance settings in force (name, description, region, sector, languages, contact, registration mode), which ones an administrator overrode, and the environment's defaults", { returns: "Object" }],
      ["patch", "/admin/settings", "Change instance settings (any subset); logged in the moderation log", { body: "Object", returns: "Object" }],
      ["get", "/admin/registrations", "Sign-up requests (registration mode `approval`), pending by default", { returns: "Object", query: ["status", "limit"] }],
      ["post", "/admin/registrations/{id}/approve", "Approve a sign-up request: the account is created and its owner can sign in", { returns: "Object" }],
      ["post", "/admin/registrations/{id}/refuse", "Refuse a sign-up request, with an optional `reason` the applicant reads", { body: "Object", returns: "Object" }],
      ["get", "/admin/queue", "Delivery queue health", { returns: "Object" }],
      ["get", "/admin/policies", "Moderation policies", { returns: "Object" }],
      ["get", "/admin/federation-policy", "Federation policy", { returns: "Object" }],
      ["put", "/admin/federation-policy", "Set the federation policy", { body: "Object", returns: "Object" }],
      ["post", "/admin/instances/{domain}", "Set a policy for an instance", { body: "Object", returns: "Object" }],
      ["post", "/admin/instances/{domain}/purge", "Purge an instance's content", { returns: "Object" }],
      ["post", "/admin/accounts/{handle}", "Act on an account (warn, …)", { body: "Object", returns: "Object" }],
      ["delete", "/admin/accounts/{handle}", "Delete an account", { returns: "Object" }],
      ["post", "/admin/accounts/{handle}/suspend", "Suspend an account", { body: "Object", returns: "Object" }],
      ["post", "/admin/accounts/{handle}/unsuspend", "Lift a suspension", { returns: "Object" }],
      ["get", "/admin/sisters", "Sister instances", { returns: "Object" }],
      ["post", "/admin/sisters", "Add a sister instance", { body: "Object", returns: "Object", status: 201 }],
      ["delete", "/admin/sisters/{host}", "Remove a sister instance", { returns: "Object" }],
      ["post", "/admin/sisters/{host}/sync", "Synchronise with a sister instance", { returns: "Object" }],
    ],
  },
];
