import { type FormEvent, useState } from "react";
import { FormError, LoadError, Loading } from "../../../components/status";
import { useAddUser, useReinvite, useUsers } from "../api/users";

function InvitationLink({ url }: { url: string }) {
  return (
    <p className="notice" role="status">
      One-time invitation link (valid 7 days) — send it to the person; it sets their password:
      <br />
      <input
        className="copy"
        readOnly
        value={url}
        aria-label="Invitation link"
        onFocus={(e) => e.currentTarget.select()}
      />
    </p>
  );
}

export function UsersPanel() {
  const users = useUsers();
  const add = useAddUser();
  const reinvite = useReinvite();
  const [role, setRole] = useState<"admin" | "committee" | "isp">("isp");
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const text = (n: string) => String(form.get(n) ?? "").trim();
    const list = (n: string) =>
      text(n)
        .split(/[\s,]+/)
        .filter(Boolean);
    add.mutate({
      email: text("email"),
      role,
      displayName: text("displayName") || undefined,
      organisations: list("organisations"),
      asns: list("asns").map((a) => Number(a.replace(/^AS/i, ""))),
      isChair: role === "committee" && form.get("isChair") === "on",
      country: text("country") ? text("country").toUpperCase() : null,
    });
  };
  return (
    <section className="panel" aria-labelledby="users-heading">
      <h2 id="users-heading">Accounts</h2>
      {users.isPending ? (
        <Loading label="Loading accounts…" />
      ) : users.isError ? (
        <LoadError error={users.error} onRetry={() => users.refetch()} />
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Acts for</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {users.data.data.map((u) => (
                <tr key={u.id}>
                  <th scope="row">
                    {u.email}
                    <div className="muted">{u.displayName}</div>
                  </th>
                  <td>
                    {u.role}
                    {u.isChair ? " (chair)" : ""}
                    {u.country ? ` · ${u.country}` : ""}
                  </td>
                  <td>{[...u.organisations, ...u.asns.map((a) => `AS${a}`)].join(", ") || "—"}</td>
                  <td>
                    {u.hasPassword ? "active" : "invitation pending"}{" "}
                    <button type="button" className="link" onClick={() => reinvite.mutate(u.id)}>
                      new link
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {reinvite.data && <InvitationLink url={reinvite.data.data.invitationUrl} />}
      <form className="form" onSubmit={submit} aria-labelledby="add-user-heading">
        <h3 id="add-user-heading">Invite someone</h3>
        <label>
          E-mail
          <input name="email" type="email" required />
        </label>
        <label>
          Name
          <input name="displayName" maxLength={200} />
        </label>
        <label>
          Role
          <select value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            <option value="isp">ISP (an organisation's entrant)</option>
            <option value="committee">Evaluation Committee member</option>
            <option value="admin">Administrator</option>
          </select>
        </label>
        <label>
          Organisations (registry:holder, comma-separated)
          {role === "committee" ? " — affiliation, for conflicts" : ""}
          <input name="organisations" placeholder="lacnic:900001" />
        </label>
        {role === "isp" && (
          <label>
            Single networks (AS numbers)
            <input name="asns" placeholder="64496" />
          </label>
        )}
        {role === "committee" && (
          <>
            <label>
              Country (for same-country conflicts)
              <input name="country" maxLength={2} placeholder="UY" />
            </label>
            <label className="check">
              <input type="checkbox" name="isChair" /> Chairs the committee
            </label>
          </>
        )}
        <FormError error={add.error ?? reinvite.error} />
        <button type="submit" disabled={add.isPending}>
          Create the account
        </button>
      </form>
      {add.data && <InvitationLink url={add.data.data.invitationUrl} />}
    </section>
  );
}
