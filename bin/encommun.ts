#!/usr/bin/env node
// The composition root: the only module that sees both src/ and federation/.
import process from "node:process";
import { createFederationRuntime } from "../federation/runtime.ts";
import { runCli } from "../src/cli/run.ts";
import { installTemporal } from "../src/temporal.ts";

installTemporal();
const code = await runCli(process.argv.slice(2), {
  env: process.env,
  io: {
    stdin: process.stdin,
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
  },
  federation: createFederationRuntime,
});
process.exitCode = code;
