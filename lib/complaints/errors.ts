import { HubError } from '../platform/errors.ts';

/** The complaint engine's errors: what went wrong, never an HTTP status (the edge maps kinds). */
export class ComplaintError extends HubError {}

export const complaintNotFound = () => new ComplaintError('not_found', 'complaint_not_found', 'no complaint with that id');
export const versionConflict = (message: string) => new ComplaintError('conflict', 'version_conflict', message);
export const illegalTransition = (message: string) => new ComplaintError('conflict', 'illegal_transition', message);

/** A conditional write lost a race: the service re-reads and retries, or answers `version_conflict`. */
export class ComplaintChangedError extends ComplaintError {
  constructor() {
    super('conflict', 'version_conflict', 'complaint changed concurrently; reload and retry');
  }
}
