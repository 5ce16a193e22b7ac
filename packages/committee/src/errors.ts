export type CommitteeErrorCode =
  | "BAD_REQUEST"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "UNSUPPORTED_MEDIA_TYPE";

/** A refusal the API turns into its error envelope; the message is for the person, not a log. */
export class CommitteeError extends Error {
  override name = "CommitteeError";
  constructor(
    readonly code: CommitteeErrorCode,
    message: string,
  ) {
    super(message);
  }
}
