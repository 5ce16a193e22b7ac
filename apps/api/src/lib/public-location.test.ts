import { describe, expect, it } from "vitest";
import { publicLocation, withoutServerPaths } from "./public-location";

describe("publicLocation", () => {
  it("keeps the URL of a fetched source, without credentials", () => {
    expect(
      publicLocation("https://ftp.lacnic.net/pub/stats/lacnic/delegated-lacnic-extended-latest"),
    ).toEqual({
      location: "https://ftp.lacnic.net/pub/stats/lacnic/delegated-lacnic-extended-latest",
      kind: "url",
    });
    expect(publicLocation("https://user:secret@mirror.example/asn.txt")).toEqual({
      location: "https://mirror.example/asn.txt",
      kind: "url",
    });
  });

  it("shows only the base name of a local file, however it was named", () => {
    for (const local of [
      "/home/operator/.data/demo/delegated-lacnic-extended-20261101",
      "../data/delegated-lacnic-extended-20261101",
      "delegated-lacnic-extended-20261101",
      "file:///srv/atalaya/delegated-lacnic-extended-20261101",
    ])
      expect(publicLocation(local), local).toEqual({
        location: "delegated-lacnic-extended-20261101",
        kind: "file",
      });
  });
});

describe("withoutServerPaths", () => {
  it("cuts absolute paths in messages to their base names and leaves URLs alone", () => {
    expect(withoutServerPaths("/srv/atalaya/.data/x.txt:12: bad record")).toBe("x.txt:12: bad record");
    expect(withoutServerPaths("ENOENT: no such file or directory, open '/home/op/roas.csv'")).toBe(
      "ENOENT: no such file or directory, open 'roas.csv'",
    );
    expect(withoutServerPaths("read file:///srv/a/b.json failed")).toBe("read b.json failed");
    const url =
      "https://ftp.lacnic.net/pub/stats/lacnic/delegated-lacnic-extended-latest: fetch failed (503)";
    expect(withoutServerPaths(url)).toBe(url);
    expect(withoutServerPaths("ratio 1/2 of rows")).toBe("ratio 1/2 of rows");
  });
});
