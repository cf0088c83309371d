// Validates every document of a Kubernetes YAML file against the Kubernetes schemas of the
// kubernetes-models package: each document's apiVersion and kind select its model class, whose
// validate() checks types, required fields, enums and formats (quantities, ports...). Prints each
// kind/name; exits 1 when a document is invalid or of a kind the package does not know.
//   node validate.mjs <file.yml>
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const file = process.argv[2];
const documents = yaml.loadAll(readFileSync(file, "utf8")).filter((d) => d !== null && d !== undefined);
let failures = 0;
if (documents.length === 0) {
  console.log(`${file}: no documents`);
  failures++;
}
for (const [index, doc] of documents.entries()) {
  const apiVersion = doc?.apiVersion;
  const kind = doc?.kind;
  const label = `${kind ?? "?"}/${doc?.metadata?.name ?? "?"} (${apiVersion ?? "no apiVersion"})`;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    console.log(`INVALID  document ${index + 1}: no apiVersion or kind`);
    failures++;
    continue;
  }
  let model;
  try {
    // "apps/v1" -> kubernetes-models/apps/v1, "v1" (the core group) -> kubernetes-models/v1
    model = (await import(`kubernetes-models/${apiVersion}`))[kind];
  } catch {
    model = undefined;
  }
  if (typeof model !== "function") {
    console.log(`UNKNOWN  ${label}: no schema for this apiVersion and kind`);
    failures++;
    continue;
  }
  try {
    new model(doc).validate();
    console.log(`valid    ${label}`);
  } catch (e) {
    console.log(`INVALID  ${label}: ${e.message}`);
    failures++;
  }
}
console.log(`${documents.length} documents, ${failures} failed (kubernetes-models, Kubernetes schemas)`);
process.exit(failures === 0 ? 0 : 1);
