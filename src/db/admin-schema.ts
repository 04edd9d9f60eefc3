// Row types of administrators' settings and sign-up requests
// (migration 20261205T100000_web-admin-2_instance-settings_registration-requests).

/** One setting an administrator changed; absent rows keep the environment's default. */
export interface InstanceSettingsTable {
  name: string;
  /** JSON. */
  value: string;
  updated_at: string;
  updated_by: string | null;
}

export type RegistrationRequestStatus = "pending" | "approved" | "refused";

/** A sign-up held for an administrator's decision (registration mode `approval`). */
export interface RegistrationRequestsTable {
  id: string;
  handle: string;
  password_hash: string;
  answer: string;
  /** The page language when they applied: what they read when told the decision. */
  language: string;
  status: RegistrationRequestStatus;
  /** Why it was refused, if the administrator said. */
  reason: string | null;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
}

export interface AdminTables {
  instance_settings: InstanceSettingsTable;
  registration_requests: RegistrationRequestsTable;
}
