/** Rows stored about one user, per table (tables without any are left out). */
export type PersonalDataCounts = Record<string, number>;

export interface DeletedRows {
  /** Table name → rows removed for the manager (only tables where something was removed). */
  byTable: Record<string, number>;
  /** Whether the manager's own record (settings, time zone) existed and was removed. */
  managerRecord: boolean;
}
