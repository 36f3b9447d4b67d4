// Parse an RDF file with N3.js (Turtle, N-Triples, N-Quads, TriG) or jsonld.js (JSON-LD)
// and print one JSON line: {"quads": N, "graphs": [names]}. Exit 1 on a syntax error.
// Usage: node parse_rdf.cjs NODE_MODULES_DIR FORMAT FILE
"use strict";
const fs = require("fs");
const path = require("path");

const [modules, format, file] = process.argv.slice(2);
const text = fs.readFileSync(file, "utf8");

function report(quads) {
  const graphs = [...new Set(quads.map((q) => q.graph.value).filter((g) => g))].sort();
  process.stdout.write(JSON.stringify({ quads: quads.length, graphs }) + "\n");
}

function fail(err) {
  process.stderr.write(`${format}: ${err.message || err}\n`);
  process.exit(1);
}

const N3_FORMATS = { turtle: "Turtle", nt: "N-Triples", nq: "N-Quads", trig: "TriG" };
if (format in N3_FORMATS) {
  const N3 = require(path.join(modules, "n3"));
  try {
    report(new N3.Parser({ format: N3_FORMATS[format] }).parse(text));
  } catch (err) {
    fail(err);
  }
} else if (format === "jsonld") {
  const jsonld = require(path.join(modules, "jsonld"));
  const offline = async (url) => { throw new Error(`will not fetch ${url}`); };
  jsonld
    .toRDF(JSON.parse(text), { documentLoader: offline, safe: true })
    .then((quads) => report(quads))
    .catch(fail);
} else {
  fail(new Error(`unknown format ${format}`));
}
