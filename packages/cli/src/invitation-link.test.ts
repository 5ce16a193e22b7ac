import { describe, expect, it } from "vitest";
import { invitationLink } from "./invitation-link";

const link = (host: string, publicUrl: string | null = null) =>
  invitationLink({ host, port: 8080, publicUrl }, "t0k3n");

describe("invitationLink", () => {
  it("uses ATALAYA_PUBLIC_URL when set", () => {
    expect(link("0.0.0.0", "https://atalaya.example/")).toBe(
      "https://atalaya.example/sign-in/invitation#token=t0k3n",
    );
  });

  it("names the local server from HOST and PORT when it is not", () => {
    expect(link("127.0.0.1")).toBe("http://127.0.0.1:8080/sign-in/invitation#token=t0k3n");
    expect(link("localhost")).toBe("http://localhost:8080/sign-in/invitation#token=t0k3n");
    expect(link("::1")).toBe("http://[::1]:8080/sign-in/invitation#token=t0k3n");
  });

  it("sends a wildcard listen address to localhost", () => {
    for (const host of ["0.0.0.0", "::"])
      expect(link(host)).toBe("http://localhost:8080/sign-in/invitation#token=t0k3n");
  });
});
