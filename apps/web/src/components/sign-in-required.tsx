import type { SignedInAccount } from "../lib/session";
import { PageLink } from "./page-link";

/** What a signed-in page shows to someone who is not signed in, or lacks the role. */
export function SignInRequired({ account, audience }: { account: SignedInAccount | null; audience: string }) {
  if (!account)
    return (
      <section className="panel">
        <h1>Sign in needed</h1>
        <p>
          This page is for {audience}. <PageLink to="/sign-in">Sign in</PageLink> with the account your
          invitation created.
        </p>
      </section>
    );
  return (
    <section className="panel">
      <h1>Not available to this account</h1>
      <p>
        This page is for {audience}; you are signed in as {account.email} ({account.role}).
      </p>
    </section>
  );
}
