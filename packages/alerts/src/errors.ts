/** Refusals the API answers with their code's status (400, 403, 404, 409). */
export type AlertErrorCode = "BAD_REQUEST" | "FORBIDDEN" | "NOT_FOUND" | "CONFLICT";

export class AlertError extends Error {
  override name = "AlertError";
  constructor(
    readonly code: AlertErrorCode,
    message: string,
  ) {
    super(message);
  }
}
