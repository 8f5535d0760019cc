// Composes the subgraphs given as JSON on stdin ([{name, url, sdl}]) with Apollo's
// Federation composition and prints {"ok": bool, "errors": [...]} on stdout.
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import path from "node:path";

const require = createRequire(path.resolve(process.argv[2], "package.json"));
const { composeServices } = require("@apollo/composition");
const { parse } = require("graphql");

const subgraphs = JSON.parse(readFileSync(0, "utf8"));
const result = composeServices(
  subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
);
const errors = (result.errors ?? []).map((error) => ({
  code: error.extensions?.code ?? null,
  message: error.message,
}));
process.stdout.write(JSON.stringify({ ok: errors.length === 0, errors }));
