#!/usr/bin/env node
// The `atalaya` command. Sources are TypeScript, run through tsx's loader so that no build step
// stands between a clone and a working CLI.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
