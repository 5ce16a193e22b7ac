import { type FormEvent, useRef } from "react";
import { FormError, LoadError, Loading } from "../../../components/status";
import { formatDateTime } from "../../../lib/dates";
import { useT } from "../../../lib/i18n";
import { useAddComment, useComments } from "../api/comments";

export function Discussion({ entryId }: { entryId: number }) {
  const t = useT();
  const comments = useComments(entryId);
  const add = useAddComment(entryId);
  const text = useRef<HTMLTextAreaElement>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body = text.current?.value.trim();
    if (body)
      add.mutate(body, {
        onSuccess: () => {
          if (text.current) text.current.value = "";
        },
      });
  };
  return (
    <section aria-labelledby="discussion-heading">
      <h2 id="discussion-heading">{t("discussion.heading")}</h2>
      {comments.isPending ? (
        <Loading label={t("discussion.loading")} />
      ) : comments.isError ? (
        <LoadError error={comments.error} onRetry={() => comments.refetch()} />
      ) : comments.data.data.length === 0 ? (
        <p className="muted">{t("discussion.empty")}</p>
      ) : (
        <ol className="thread">
          {comments.data.data.map((c) => (
            <li key={c.id}>
              <p className="byline">
                {c.author}, {formatDateTime(c.createdAt)}
              </p>
              <p>{c.body}</p>
            </li>
          ))}
        </ol>
      )}
      <form className="form" onSubmit={submit}>
        <label>
          {t("discussion.add")}
          <textarea ref={text} rows={3} maxLength={10000} required />
        </label>
        <FormError error={add.error} />
        <button type="submit" disabled={add.isPending}>
          {t("discussion.post")}
        </button>
      </form>
    </section>
  );
}
