/** Dispute filings as the dashboard sends them: multipart fields and an optional file part. */
export function disputeForm(
  fields: Record<string, string>,
  file?: { name: string; content: BlobPart },
): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  if (file) form.set("file", new File([file.content], file.name, { type: "text/csv" }));
  return form;
}
