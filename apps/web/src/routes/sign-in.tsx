import { type FormEvent, useState } from "react";
import { FormError } from "../components/status";
import { navigate, useHash } from "../lib/navigation";
import { homeOf, useAcceptInvitation, useSignIn } from "../lib/session";

export function SignInPage() {
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
      <h1 id="sign-in-heading">Sign in</h1>
      <p className="lede">For the Evaluation Committee, IPv6 Challenge entrants and administrators.</p>
      <label>
        E-mail
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <FormError error={signIn.error} />
      <button type="submit" disabled={signIn.isPending}>
        {signIn.isPending ? "Signing in…" : "Sign in"}
      </button>
      <p className="muted">No account? An administrator sends you a one-time invitation link.</p>
    </form>
  );
}

export function InvitationPage() {
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
        <h1>Invitation link incomplete</h1>
        <p>
          Open the whole link from your invitation; it ends with <code>#token=…</code>.
        </p>
      </section>
    );
  return (
    <form className="panel form narrow" onSubmit={submit} aria-labelledby="invite-heading">
      <h1 id="invite-heading">Choose your password</h1>
      <p className="lede">At least 12 characters. The link works once.</p>
      <label>
        New password
        <input name="password" type="password" autoComplete="new-password" minLength={12} required />
      </label>
      <label>
        The same again
        <input name="confirm" type="password" autoComplete="new-password" minLength={12} required />
      </label>
      {mismatch && (
        <p className="form-error" role="alert">
          The two passwords differ.
        </p>
      )}
      <FormError error={accept.error} />
      <button type="submit" disabled={accept.isPending}>
        Set password and sign in
      </button>
    </form>
  );
}
