import { describe, expect, it } from "vitest";
import { allCommands, findCommand, GROUP_OF_FIRST_WORD } from "./commands";

describe("command registry", () => {
  it("finds every command through the group its first word names", async () => {
    const all = await allCommands();
    expect(Object.keys(all).length).toBeGreaterThan(10);
    for (const [name, command] of Object.entries(all)) {
      const [first = "", second] = name.split(" ");
      const load = GROUP_OF_FIRST_WORD[first];
      expect(load, `"${first}" (of "${name}") is missing from GROUP_OF_FIRST_WORD`).toBeDefined();
      expect((await load?.())?.[name], `"${name}" is not in the group of "${first}"`).toBe(command);
      expect((await findCommand(first, second))?.name).toBe(name);
    }
    // Loading every command group imports the whole application: seconds on a busy machine.
  }, 60_000);

  it("prefers a two-word command, falls back to the first word, and knows no others", async () => {
    expect((await findCommand("ingest", "delegated"))?.name).toBe("ingest delegated");
    expect((await findCommand("mrt", "rib.gz"))?.name).toBe("mrt");
    expect(await findCommand("frobnicate", undefined)).toBeUndefined();
    expect(await findCommand("ingest", "frobnicate")).toBeUndefined();
  });
});
