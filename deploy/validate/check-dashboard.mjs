// Checks a Grafana dashboard JSON: it parses, has a uid and title, every panel has a datasource and queries, and
// every metric its PromQL names (flink_*, clusterstream_*, kafka_streams_*) is a Flink metric (flink_*, checked against a live scrape by ClusteringJobIT), listed
// as exported by a service (whose IT checks it against a live scrape) or listed as pending.
// Usage: node check-dashboard.mjs DASHBOARD.json PENDING.txt EXPORTED.txt
import { readFileSync } from "node:fs";

const EXPORTERS = new Set(["trainer", "control-app"]);
const [dashboardFile, pendingFile, exportedFile] = process.argv.slice(2);
if (!exportedFile) {
  console.error("usage: node check-dashboard.mjs DASHBOARD.json PENDING.txt EXPORTED.txt");
  process.exit(2);
}
const problems = [];
let dashboard;
try {
  dashboard = JSON.parse(readFileSync(dashboardFile, "utf8"));
} catch (e) {
  console.error(`dashboard ${dashboardFile}: ${e.message}`);
  process.exit(1);
}
// The whitespace-separated columns of every line that is neither blank nor a # comment.
const rows = (file) => readFileSync(file, "utf8").split("\n")
  .map((l) => l.trim()).filter((l) => l && !l.startsWith("#")).map((l) => l.split(/\s+/));
const pending = new Set(rows(pendingFile).map((row) => row[0]));
const exported = new Map(rows(exportedFile).map((row) => [row[0], row[1]]));

for (const field of ["uid", "title"]) if (!dashboard[field]) problems.push(`missing ${field}`);
const expressions = [];
for (const panel of dashboard.panels ?? []) {
  if (panel.type === "row") continue;
  if (!panel.datasource) problems.push(`panel "${panel.title}" has no datasource`);
  if (!Array.isArray(panel.targets) || panel.targets.length === 0) problems.push(`panel "${panel.title}" has no queries`);
  for (const target of panel.targets ?? []) {
    if (!target.expr) problems.push(`panel "${panel.title}" query ${target.refId} has no expr`);
    else expressions.push(target.expr);
  }
}
for (const annotation of dashboard.annotations?.list ?? []) if (annotation.expr) expressions.push(annotation.expr);
if (expressions.length === 0) problems.push("no queries at all");

const metrics = new Set(expressions.flatMap((e) => e.match(/\b(?:flink|clusterstream|kafka_streams)_\w+/g) ?? []));
for (const metric of metrics) {
  if (!metric.startsWith("flink_") && !pending.has(metric) && !exported.has(metric)) {
    problems.push(`${metric} is queried but no service exports it; export it and list it in ${exportedFile}, or list it in ${pendingFile}`);
  }
}
for (const metric of pending) if (!metrics.has(metric)) problems.push(`${metric} is listed as pending but not queried`);
for (const [metric, exporter] of exported) {
  if (!metrics.has(metric)) problems.push(`${metric} is listed as exported but not queried`);
  if (pending.has(metric)) problems.push(`${metric} is listed both as exported and as pending`);
  if (!EXPORTERS.has(exporter)) problems.push(`${metric}: unknown exporter "${exporter}" (one of ${[...EXPORTERS].join(", ")})`);
}

if (problems.length > 0) {
  console.error(problems.map((p) => `  ${p}`).join("\n"));
  console.error(`dashboard ${dashboardFile}: ${problems.length} problem(s)`);
  process.exit(1);
}
console.log(`dashboard ${dashboardFile}: ${expressions.length} queries, ${metrics.size} metrics (${exported.size} exported by services, ${pending.size} pending)`);
