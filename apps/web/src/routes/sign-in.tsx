import { type FormEvent, useState } from "react";
import { FormError } from "../components/status";
import { useDocumentTitle } from "../lib/document-title";
import { useT } from "../lib/i18n";
import { navigate, useHash } from "../lib/navigation";
import { homeOf, useAcceptInvitation, useSignIn } from "../lib/session";

export function SignInPage() {
  const t = useT();
  useDocumentTitle(t("nav.signIn"));
  const signIn = useSignIn();
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    signIn.mutate(
      { email: String(form.get("email")), password: String(form.get("password")) },
      { onSuccess: (data) => navigate(homeOf(data.account)) },
    );
  };
  return (
    <form className="panel form narrow" onSubmit={submit} aria-labelledby="sign-in-heading">
      <h1 id="sign-in-heading">{t("nav.signIn")}</h1>
      <p className="lede">{t("signIn.lede")}</p>
      <label>
        {t("common.email")}
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        {t("signIn.password")}
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <FormError error={signIn.error} />
      <button type="submit" disabled={signIn.isPending}>
        {signIn.isPending ? t("signIn.signingIn") : t("nav.signIn")}
      </button>
      <p className="muted">{t("signIn.noAccount")}</p>
    </form>
  );
}

export function InvitationPage() {
  const t = useT();
  useDocumentTitle(t("signIn.choosePassword"));
  const hash = useHash();
  const token = new URLSearchParams(hash).get("token") ?? "";
  const accept = useAcceptInvitation();
  const [mismatch, setMismatch] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get("password"));
    setMismatch(password !== String(form.get("confirm")));
    if (password !== String(form.get("confirm"))) return;
    accept.mutate({ token, password }, { onSuccess: (data) => navigate(homeOf(data.account)) });
  };
  if (!token)
    return (
      <section className="panel narrow">
        <h1>{t("signIn.incomplete")}</h1>
        <p>{t.rich("signIn.incompleteBody", { token: <code>#token=…</code> })}</p>
      </section>
    );
  return (
    <form className="panel form narrow" onSubmit={submit} aria-labelledby="invite-heading">
      <h1 id="invite-heading">{t("signIn.choosePassword")}</h1>
      <p className="lede">{t("signIn.passwordRule")}</p>
      <label>
        {t("signIn.newPassword")}
        <input name="password" type="password" autoComplete="new-password" minLength={12} required />
      </label>
      <label>
        {t("signIn.confirm")}
        <input name="confirm" type="password" autoComplete="new-password" minLength={12} required />
      </label>
      {mismatch && (
        <p className="form-error" role="alert">
          {t("signIn.mismatch")}
        </p>
      )}
      <FormError error={accept.error} />
      <button type="submit" disabled={accept.isPending}>
        {t("signIn.setPassword")}
      </button>
    </form>
  );
}
