// Checks every manifest in this folder against the schemas it can: Kubernetes' own resources with the models of
// kubernetes-models (the API's OpenAPI schemas: required fields, types, allowed values), CloudNativePG's Cluster
// with the operator's CRD schema; and, as those schemas allow fields they do not name, the same resources once
// more as TypeScript object literals of the models' types, which the compiler refuses any unknown (misspelt)
// field in. The Open Liberty Operator's and ArtemisCloud's resources have no schema package on npm: they are
// checked for the fields docs/kubernetes.md relies on, and listed as not validated. Run by ./arena test; exits 1
// on any error.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";

const here = new URL(".", import.meta.url);
const files = readdirSync(here).filter((name) => name.endsWith(".yaml")).sort();

function modulePath(apiVersion, kind) {
  if (apiVersion === "postgresql.cnpg.io/v1") {
    return `@kubernetes-models/cloudnative-pg/postgresql.cnpg.io/v1/${kind}`;
  }
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : [null, apiVersion];
  const known = [null, "apps", "batch", "autoscaling", "policy", "networking.k8s.io", "rbac.authorization.k8s.io"];
  return known.includes(group) ? `kubernetes-models/${group ? group + "/" : ""}${version}/${kind}` : null;
}

// what the manifests of operators without a schema package must have (docs/kubernetes.md depends on these)
const required = {
  "apps.openliberty.io/v1/OpenLibertyApplication": ["spec.applicationImage", "spec.serviceAccount.name",
    "spec.probes.startup.httpGet.path", "spec.probes.readiness.httpGet.path", "spec.service.port"],
  "broker.amq.io/v1beta1/ActiveMQArtemis": ["spec.deploymentPlan.size", "spec.deploymentPlan.persistenceEnabled",
    "spec.deploymentPlan.requireLogin", "spec.acceptors"],
};

function at(object, path) {
  return path.split(".").reduce((value, key) => (value == null ? undefined : value[key]), object);
}

let errors = 0;
let validated = 0;
const typed = [];
const notValidated = [];
for (const file of files) {
  const documents = parseAllDocuments(readFileSync(new URL(file, here), "utf8"));
  for (const document of documents) {
    if (document.errors.length > 0) {
      console.log(`${file}: not YAML: ${document.errors[0].message}`);
      errors++;
      continue;
    }
    const manifest = document.toJS();
    if (manifest == null) continue;
    const name = `${file}: ${manifest.kind} ${manifest.metadata?.name}`;
    if (!manifest.metadata?.name) {
      console.log(`${name}: no metadata.name`);
      errors++;
    }
    const path = modulePath(manifest.apiVersion, manifest.kind);
    if (path) {
      typed.push({ name, path, kind: manifest.kind, manifest });
      const model = (await import(path))[manifest.kind];
      try {
        new model(manifest).validate();
        validated++;
        console.log(`${name}: valid (${path.startsWith("@") ? "CloudNativePG's CRD schema" : "Kubernetes' schema"})`);
      } catch (e) {
        console.log(`${name}: INVALID: ${e.message}`);
        errors++;
      }
      continue;
    }
    const fields = required[`${manifest.apiVersion}/${manifest.kind}`];
    if (!fields) {
      console.log(`${name}: no schema known for ${manifest.apiVersion} ${manifest.kind}`);
      errors++;
      continue;
    }
    const missing = fields.filter((field) => at(manifest, field) === undefined);
    if (missing.length > 0) {
      console.log(`${name}: missing ${missing.join(", ")}`);
      errors++;
    } else {
      notValidated.push(name);
      console.log(`${name}: has the fields docs/kubernetes.md needs (NOT validated: no schema package for ${manifest.apiVersion})`);
    }
  }
}
// field names: each resource as an object literal of its model's type; tsc refuses a field the type does not have
const checkDir = new URL(".check/", here);
rmSync(checkDir, { recursive: true, force: true });
mkdirSync(checkDir);
const sources = typed.map((each, i) => {
  const file = `m${i}.ts`;
  writeFileSync(new URL(file, checkDir), `// ${each.name}\nimport type { I${each.kind} } from "${each.path}";\n`
    + `export const manifest: I${each.kind} = ${JSON.stringify(each.manifest, null, 2)};\n`);
  return fileURLToPath(new URL(file, checkDir));
});
try {
  execFileSync(process.execPath, [fileURLToPath(new URL("node_modules/typescript/bin/tsc", here)), "--noEmit", "--strict",
    "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", ...sources], { encoding: "utf8" });
  console.log(`${typed.length} manifests have only the fields their types name`);
} catch (e) {
  for (const line of String(e.stdout).split("\n").filter((text) => text.includes("error TS"))) {
    const index = Number(/m(\d+)\.ts/.exec(line)?.[1]);
    console.log(`${typed[index]?.name ?? "?"}: UNKNOWN FIELD: ${line.replace(/^.*error TS\d+: /, "").slice(0, 300)}`);
    errors++;
  }
  if (errors === 0) {
    console.log(`the type check could not run: ${e.message}`);
    errors++;
  }
}
rmSync(checkDir, { recursive: true, force: true });

console.log(`${validated} manifests valid against their schemas, ${notValidated.length} checked for their fields only, ${errors} errors`);
process.exit(errors === 0 ? 0 : 1);
