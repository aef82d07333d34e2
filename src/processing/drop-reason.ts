/** Why the digest dropped an item: a closed list, counted and visible (as Relay's outcomes). */
export type DropReason =
  | 'invalid_json'
  | 'not_an_object'
  | 'invalid_envelope'
  | 'duplicate'
  | 'unknown_item_type'
  /** JSON, but not the shape its item type requires (a session with an unknown status …). */
  | 'invalid_item'
  | 'project_missing';

/** Thrown by a processing step to drop one item with a typed reason; never retried. */
export class DropError extends Error {
  constructor(
    readonly reason: DropReason,
    message: string,
  ) {
    super(message);
  }
}
