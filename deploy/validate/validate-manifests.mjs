// Validates Kubernetes manifests (multi-document YAML files, or stdin when the argument is "-"):
// built-in kinds and prometheus-operator monitors against their OpenAPI schemas (kubernetes-models), the
// Strimzi and Flink Kubernetes Operator resources against the fields clusterstream relies on (no schema package
// for those CRDs exists on npm). Exits 1 listing every problem.
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const BUILT_IN_GROUPS = { v1: "kubernetes-models/v1", "apps/v1": "kubernetes-models/apps/v1",
  "monitoring.coreos.com/v1": "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1" };

const problems = [];
let checked = 0;

function require(doc, path, test, what) {
  const value = path.split(".").reduce((node, key) => (node == null ? undefined : node[key]), doc);
  if (!test(value)) problems.push(`${doc.kind}/${doc.metadata?.name}: ${path} ${what} (was ${JSON.stringify(value)})`);
}
const isText = (v) => typeof v === "string" && v.length > 0;
const isCount = (v) => Number.isInteger(v) && v > 0;
const isList = (v) => Array.isArray(v) && v.length > 0;

const CUSTOM = {
  "kafka.strimzi.io/v1beta2/Kafka": (doc) => {
    require(doc, "spec.kafka.listeners", isList, "must list the listeners");
    require(doc, "metadata.annotations", (a) => a?.["strimzi.io/kraft"] === "enabled", "must enable KRaft (strimzi.io/kraft)");
  },
  "kafka.strimzi.io/v1beta2/KafkaNodePool": (doc) => {
    require(doc, "spec.replicas", isCount, "must be a positive integer");
    require(doc, "spec.roles", isList, "must name the node roles");
    require(doc, "metadata.labels", (l) => isText(l?.["strimzi.io/cluster"]), "must carry strimzi.io/cluster");
  },
  "kafka.strimzi.io/v1beta2/KafkaTopic": (doc) => {
    require(doc, "spec.topicName", isText, "must name the topic");
    require(doc, "spec.partitions", isCount, "must be a positive integer");
    require(doc, "spec.replicas", isCount, "must be a positive integer");
    require(doc, "metadata.labels", (l) => isText(l?.["strimzi.io/cluster"]), "must carry strimzi.io/cluster");
    require(doc, "spec.config", (c) => c?.["cleanup.policy"] === "compact" || Number.isInteger(c?.["retention.ms"]),
      "must set retention.ms or cleanup.policy=compact");
  },
  "kafka.strimzi.io/v1beta2/KafkaUser": (doc) => {
    require(doc, "spec.authentication.type", (t) => ["scram-sha-512", "tls", "tls-external"].includes(t), "must be a Strimzi authentication type");
    require(doc, "metadata.labels", (l) => isText(l?.["strimzi.io/cluster"]), "must carry strimzi.io/cluster");
  },
  "flink.apache.org/v1beta1/FlinkDeployment": (doc) => {
    require(doc, "spec.image", isText, "must name the image");
    require(doc, "spec.flinkVersion", (v) => /^v\d+_\d+$/.test(v ?? ""), "must look like v2_2");
    require(doc, "spec.job.jarURI", (v) => /^local:\/\//.test(v ?? ""), "must be a local:// jar in the image");
    require(doc, "spec.job.entryClass", isText, "must name the main class");
    require(doc, "spec.job.upgradeMode", (v) => ["stateless", "savepoint", "last-state"].includes(v), "must be an operator upgrade mode");
    require(doc, "spec.flinkConfiguration", (c) => isText(c?.["execution.checkpointing.dir"]), "must set execution.checkpointing.dir");
    require(doc, "spec.flinkConfiguration", (c) => isText(c?.["metrics.reporter.prom.factory.class"]), "must configure the Prometheus reporter");
  },
};

async function validate(doc) {
  const key = `${doc.apiVersion}/${doc.kind}`;
  if (CUSTOM[key]) {
    CUSTOM[key](doc);
  } else if (BUILT_IN_GROUPS[doc.apiVersion]) {
    const models = await import(BUILT_IN_GROUPS[doc.apiVersion]);
    const Model = models[doc.kind];
    if (!Model) {
      problems.push(`${key}/${doc.metadata?.name}: no model for this kind`);
      return;
    }
    try {
      new Model(doc).validate();
    } catch (e) {
      problems.push(`${key}/${doc.metadata?.name}: ${e.message}`);
    }
  } else {
    problems.push(`${key}/${doc.metadata?.name}: no validator for this apiVersion/kind; add one to ${import.meta.url}`);
  }
  checked++;
}

for (const file of process.argv.slice(2)) {
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  let docs;
  try {
    docs = yaml.loadAll(text).filter((d) => d != null);
  } catch (e) {
    problems.push(`${file}: ${e.message}`);
    continue;
  }
  for (const doc of docs) await validate(doc);
}
if (problems.length > 0) {
  console.error(problems.map((p) => `  ${p}`).join("\n"));
  console.error(`manifests: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`manifests: ${checked} resources valid`);
