// Checks every manifest in this folder against the schemas it can: Kubernetes' own resources with the models of
// kubernetes-models (the API's OpenAPI schemas), CloudNativePG's Cluster with the operator's CRD schema. The
// Open Liberty Operator's and ArtemisCloud's resources have no schema package on npm: they are checked for the
// fields docs/kubernetes.md relies on, and listed as not validated. Run by ./arena test; exits 1 on any error.
import { readFileSync, readdirSync } from "node:fs";
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
console.log(`${validated} manifests valid against their schemas, ${notValidated.length} checked for their fields only, ${errors} errors`);
process.exit(errors === 0 ? 0 : 1);
