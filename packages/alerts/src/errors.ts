/** Refusals the API answers with their code's status (400, 404). */
export type AlertErrorCode = "BAD_REQUEST" | "NOT_FOUND";

export class AlertError extends Error {
  override name = "AlertError";
  constructor(
    readonly code: AlertErrorCode,
    message: string,
  ) {
    super(message);
  }
}
