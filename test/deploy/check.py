"""Offline checks of the deployment files that no linter covers (run by test/deploy/run with the tool venv).

  check.py dockerfile                    the Dockerfile: Node version as pinned, glibc base, non-root, health check
  check.py compose <compose-spec.json>   compose.yaml: the Compose Specification's schema, then its own rules
  check.py chart <rendered.yaml>         a `helm template` output: what the chart promises (security, probes, ...)
  check.py resources                     the Strimzi, CloudNativePG and Temporal examples: what no schema here checks
  check.py observability                 alert rules and the Grafana dashboard only use metrics that exist

Each prints what it checked and exits 1 with every failure listed.
"""
import json
import re
import sys
from pathlib import Path

import jsonschema
import yaml

ROOT = Path(__file__).resolve().parents[2]
failures: list[str] = []
# Standard OpenTelemetry settings that the SDK (libs/observability tracing.ts builds on it) reads itself, so no code of
# ours names them: the OTLP exporter's headers and the sampler.
OTEL_SDK_READS = {"OTEL_EXPORTER_OTLP_HEADERS", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG"}


def fail(message: str) -> None:
    failures.append(message)


def source_text(*folders: str) -> str:
    return "\n".join(p.read_text() for f in folders for p in (ROOT / f).rglob("*.ts") if not p.name.endswith(".spec.ts"))


# --- dockerfile ------------------------------------------------------------------------------------------------------

def check_dockerfile() -> None:
    dockerfile = (ROOT / "infra/docker/Dockerfile").read_text()
    pinned = re.search(r"^NODE_VERSION=(\S+)", (ROOT / "infra/local/versions.env").read_text(), re.M).group(1)
    arg = re.search(r"^ARG NODE_VERSION=(\S+)", dockerfile, re.M)
    if not arg or arg.group(1) != pinned:
        fail(f"Dockerfile: NODE_VERSION is {arg and arg.group(1)}, versions.env pins {pinned}")
    if (ROOT / ".nvmrc").read_text().strip().lstrip("v") != pinned:
        fail(f".nvmrc does not say {pinned}")
    major = int(pinned.split(".")[0])
    engines = json.loads((ROOT / "package.json").read_text())["engines"]["node"]
    if engines != f">={major} <{major + 1}":
        fail(f"package.json's engines.node is {engines!r}, expected '>={major} <{major + 1}'")
    bases = set(re.findall(r"^FROM (node:\S+)", dockerfile, re.M))
    if bases != {"node:${NODE_VERSION}-bookworm-slim"}:
        fail(f"Dockerfile: bases {sorted(bases)}, expected node:${{NODE_VERSION}}-bookworm-slim only")
    users = re.findall(r"^USER (\S+)", dockerfile, re.M)
    if not users or users[-1].split(":")[0] in ("0", "root") or not users[-1].split(":")[0].isdigit():
        fail("Dockerfile: the runtime must run as a numeric non-root user")
    for target in ("service", "ops-cli"):
        if not re.search(rf"^FROM runtime AS {target}$", dockerfile, re.M):
            fail(f"Dockerfile: no {target} target built on the runtime stage")
    if not has_healthcheck({"build": {"target": "service"}}, dockerfile):
        fail("Dockerfile: the service target has no HEALTHCHECK")
    print(f"[dockerfile] Node {pinned} on bookworm-slim, user {users[-1] if users else None}, targets, health check")


# --- compose ---------------------------------------------------------------------------------------------------------

def check_compose(schema_path: str) -> None:
    folder = ROOT / "infra/docker"
    text = (folder / "compose.yaml").read_text()
    compose = yaml.safe_load(text)
    schema = json.loads(Path(schema_path).read_text())
    # The packaged schema predates the top-level `name` (the project's name): checked here instead.
    if not isinstance(compose.get("name"), str):
        fail("compose.yaml: needs a project name")
    unnamed = {key: value for key, value in compose.items() if key != "name"}
    for error in jsonschema.Draft201909Validator(schema).iter_errors(unnamed):
        fail(f"compose.yaml: {'/'.join(map(str, error.absolute_path))}: {error.message}")

    # Used: interpolated (${NAME}), or passed through by name (an environment entry without a value).
    used = set(re.findall(r"\$\{([A-Z0-9_]+)", text))
    used |= {key for service in compose["services"].values() for key, value in (service.get("environment") or {}).items()
             if value is None}
    # Listed: set, or commented out as an optional example (`#NAME=`).
    example = {line.lstrip("#").split("=", 1)[0] for line in (folder / ".env.example").read_text().splitlines()
               if re.match(r"^#?[A-Z0-9_]+=", line)}
    for name in sorted(used - example):
        fail(f"compose.yaml uses ${{{name}}}, which .env.example does not list")
    for name in sorted(example - used):
        fail(f".env.example lists {name}, which compose.yaml does not use")

    dockerfile = (folder / "Dockerfile").read_text()
    services = compose["services"]
    for wanted in ("postgres", "temporal", "kafka", "journey-api", "journey-worker", "measures-service", "dashboard", "ops-cli"):
        if wanted not in services:
            fail(f"compose.yaml: no {wanted} service")
    for name, service in services.items():
        image = service.get("image", "")
        if ":" not in image or image.endswith(":latest"):
            fail(f"{name}: image {image!r} has no pinned tag")
        for volume in service.get("volumes", []):
            source = str(volume).split(":", 1)[0]
            if source.startswith(".") and not (folder / source).exists():
                fail(f"{name}: mounts {source}, which does not exist")
        for port in service.get("ports", []):
            if not str(port).startswith("127.0.0.1:"):
                fail(f"{name}: port {port} is published beyond 127.0.0.1")
        for dependency, condition in (service.get("depends_on") or {}).items():
            target = services.get(dependency)
            if target is None:
                fail(f"{name}: depends on {dependency}, which is not a service")
                continue
            wanted = condition.get("condition")
            if wanted == "service_healthy" and not has_healthcheck(target, dockerfile):
                fail(f"{name}: waits for {dependency} to be healthy, which has no health check")
            if wanted == "service_completed_successfully" and target.get("restart") != "no":
                fail(f"{name}: waits for {dependency} to complete, which is restarted (restart must be 'no')")
        if "profiles" not in service and service.get("restart") not in ("no", "unless-stopped", "always"):
            fail(f"{name}: says nothing about restarts")
        check_waymark_service(name, service)
    print(f"[compose] {len(services)} services: schema, variables, pinned images, ports, depends_on, environment")


def has_healthcheck(service: dict, dockerfile: str) -> bool:
    if "healthcheck" in service:
        return not service["healthcheck"].get("disable", False)
    target = (service.get("build") or {}).get("target")
    stage = re.search(rf"^FROM \S+ AS {target}$(.*?)(?=^FROM |\Z)", dockerfile, re.M | re.S) if target else None
    return bool(stage and re.search(r"^HEALTHCHECK CMD|^HEALTHCHECK --", stage.group(1), re.M))


def check_waymark_service(name: str, service: dict) -> None:
    """A Waymark app's environment holds only variables its code reads, and its ports are its own defaults."""
    image = service.get("image", "")
    if not image.startswith("waymark/"):
        return
    app = image.split("/", 1)[1].split(":", 1)[0]
    app_folder = ROOT / "apps" / app
    if not app_folder.is_dir():
        print(f"[compose] {name}: apps/{app} is not in this checkout; its environment is not checked")
        return
    code = source_text(f"apps/{app}/src", "libs")
    for key in service.get("environment") or {}:
        if key not in code and key != "API_DATABASE_URL" and key not in OTEL_SDK_READS:
            fail(f"{name}: {key} is read by no code of apps/{app} or libs")
    check_passed_through(name, app, service.get("environment") or {})
    args = (service.get("build") or {}).get("args") or {}
    if args and args.get("APP") != app:
        fail(f"{name}: builds APP={args.get('APP')} but runs image {image}")
    config = (app_folder / "src/config.ts").read_text() if (app_folder / "src/config.ts").exists() else ""
    for arg, pattern in (("PORT", r"httpEnv\((\d+)\)"), ("MANAGEMENT_PORT", r"managementEnv\((\d+)\)")):
        found = re.search(pattern, config)
        if found and str(args.get(arg)) != found.group(1):
            fail(f"{name}: {arg} is {args.get(arg)}, the app's default is {found.group(1)}")


def security_variables(block: str) -> list[str]:
    """The variables of one of secure-connections.ts's schemas (kafkaSecurityEnv, temporalSecurityEnv)."""
    code = (ROOT / "libs/config/src/secure-connections.ts").read_text()
    body = re.search(rf"export const {block} = \{{(.*?)^\}};", code, re.S | re.M)
    return re.findall(r"^  ([A-Z0-9_]+):", body.group(1), re.M) if body else []


def check_passed_through(name: str, app: str, environment: dict) -> None:
    """A compose service gets every TLS/credential variable of what it connects to, and the tracing ones."""
    wanted = []
    if "KAFKA_BROKERS" in environment:
        wanted += security_variables("kafkaSecurityEnv")
    if "TEMPORAL_ADDRESS" in environment:
        wanted += security_variables("temporalSecurityEnv")
    if "startTracing(" in source_text(f"apps/{app}/src"):
        wanted += ["OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_HEADERS", "OTEL_TRACES_SAMPLER"]
    for variable in wanted:
        if variable not in environment:
            fail(f"{name}: {variable} is not passed through")


# --- chart -----------------------------------------------------------------------------------------------------------

PUBLIC = {"journey-api", "dashboard"}
AUTOSCALED = {"journey-worker", "measures-service"}


def check_chart(rendered: str) -> None:
    docs = [d for d in yaml.safe_load_all(Path(rendered).read_text()) if d]
    by_kind: dict[str, list[dict]] = {}
    for doc in docs:
        by_kind.setdefault(doc["kind"], []).append(doc)
    component = lambda doc: doc["metadata"]["labels"]["app.kubernetes.io/component"]  # noqa: E731
    # ops-cli's toolbox is a Deployment too, but serves nothing: no probes, PDB or autoscaling.
    services = [d for d in by_kind.get("Deployment", []) if component(d) != "ops-cli"]
    for doc in docs:
        for pod in pod_specs(doc):
            check_pod(doc["metadata"]["name"], pod, doc in services)
            check_env_read(component(doc), pod)
    components = {component(d) for d in services}
    pdbs = {d["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"] for d in by_kind.get("PodDisruptionBudget", [])}
    hpas = {d["spec"]["scaleTargetRef"]["name"].split("-", 1)[1] for d in by_kind.get("HorizontalPodAutoscaler", [])}
    if components - pdbs:
        fail(f"no PodDisruptionBudget for {sorted(components - pdbs)}")
    if hpas != AUTOSCALED & components:
        fail(f"HorizontalPodAutoscalers for {sorted(hpas)}, expected {sorted(AUTOSCALED & components)}")
    check_network_policies(by_kind.get("NetworkPolicy", []), components)
    traced = check_otel(services, by_kind.get("NetworkPolicy", []), component)
    hooks = [j for j in by_kind.get("Job", []) if "pre-upgrade" in j["metadata"].get("annotations", {}).get("helm.sh/hook", "")]
    if not hooks:
        fail("no migrations Job as a pre-install/pre-upgrade hook")
    check_replay_hook(hooks)
    print(f"[chart] {Path(rendered).name}: {len(docs)} manifests ({', '.join(sorted(components))}): security, "
          f"probes, resources, PDBs, HPAs, NetworkPolicies, migration and replay-check hooks, "
          f"tracing {'on' if traced else 'off'}")


OTEL_WANTED = ("OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME", "OTEL_TRACES_SAMPLER")


def check_otel(services: list[dict], policies: list[dict], component) -> bool:
    """Tracing is on for every service or for none; each has its own service name and egress to the collector."""
    env_of = {component(d): {e["name"]: e for e in d["spec"]["template"]["spec"]["containers"][0].get("env", [])}
              for d in services}
    traced = {app for app, env in env_of.items() if "OTEL_EXPORTER_OTLP_ENDPOINT" in env}
    if traced and traced != set(env_of):
        fail(f"tracing is on for {sorted(traced)} but not for {sorted(set(env_of) - traced)}")
    for app in sorted(traced):
        for name in OTEL_WANTED:
            if name not in env_of[app]:
                fail(f"{app}: tracing is on without {name}")
        headers = env_of[app].get("OTEL_EXPORTER_OTLP_HEADERS")
        if headers and "secretKeyRef" not in headers.get("valueFrom", {}):
            fail(f"{app}: OTEL_EXPORTER_OTLP_HEADERS must come from a Secret")
    names = [env_of[app]["OTEL_SERVICE_NAME"].get("value") for app in traced if "OTEL_SERVICE_NAME" in env_of[app]]
    if len(names) != len(set(names)):
        fail(f"two services trace under one service name: {sorted(names)}")
    # The collector's port is open in each traced service's egress (the endpoint's port, or its scheme's default).
    for app in sorted(traced):
        endpoint = env_of[app]["OTEL_EXPORTER_OTLP_ENDPOINT"]["value"]
        port = re.search(r":(\d+)(/|$)", endpoint.split("//", 1)[-1])
        wanted = int(port.group(1)) if port else (443 if endpoint.startswith("https") else 80)
        policy = next((p for p in policies
                       if p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") == app), None)
        open_ports = {p["port"] for rule in (policy or {}).get("spec", {}).get("egress", []) for p in rule.get("ports", [])}
        if policy and wanted not in open_ports:
            fail(f"{app}: traces go to port {wanted}, which its NetworkPolicy's egress does not open")
    return bool(traced)


def check_replay_hook(hooks: list[dict]) -> None:
    """The replay check runs before an upgrade only (nothing to replay on install), after the migrations, once."""
    annotations = lambda job: job["metadata"]["annotations"]  # noqa: E731
    replay = [j for j in hooks if j["spec"]["template"]["spec"]["containers"][0]["args"][:2] == ["workflows", "replay-check"]]
    if len(replay) != 1:
        fail("no `ops-cli workflows replay-check` Job as a pre-upgrade hook")
        return
    job = replay[0]
    others = [int(annotations(j).get("helm.sh/hook-weight", "0")) for j in hooks if j is not job]
    if annotations(job)["helm.sh/hook"] != "pre-upgrade" or job["spec"].get("backoffLimit") != 0:
        fail("the replay check must be a pre-upgrade hook only, not retried")
    if int(annotations(job).get("helm.sh/hook-weight", "0")) <= max(others, default=-1):
        fail("the replay check must run after the migrations hook")


def pod_specs(doc: dict):
    spec = doc.get("spec", {})
    if doc["kind"] in ("Deployment", "Job"):
        yield spec["template"]["spec"]
    elif doc["kind"] == "CronJob":
        yield spec["jobTemplate"]["spec"]["template"]["spec"]


def check_pod(name: str, pod: dict, long_running: bool) -> None:
    security = pod.get("securityContext", {})
    if not security.get("runAsNonRoot") or security.get("seccompProfile", {}).get("type") != "RuntimeDefault":
        fail(f"{name}: pod must run as non-root with the RuntimeDefault seccomp profile")
    if pod.get("automountServiceAccountToken") is not False:
        fail(f"{name}: mounts a service account token")
    for container in pod.get("initContainers", []) + pod["containers"]:
        where = f"{name}/{container['name']}"
        sc = container.get("securityContext", {})
        if not (sc.get("readOnlyRootFilesystem") and sc.get("allowPrivilegeEscalation") is False
                and sc.get("capabilities", {}).get("drop") == ["ALL"]):
            fail(f"{where}: needs a read-only root, no privilege escalation and every capability dropped")
        resources = container.get("resources", {})
        if not resources.get("requests", {}).get("cpu") or not resources.get("limits", {}).get("memory"):
            fail(f"{where}: needs a CPU request and a memory limit")
        for env in container.get("env", []):
            # A *_FILE variable holds the path of a mounted Secret, not the secret.
            secret = re.search(r"URL|KEY|SECRET|PASSWORD|HEADERS", env["name"]) and not env["name"].endswith("_FILE")
            if secret and "value" in env:
                fail(f"{where}: {env['name']} is given in clear, not from a Secret")
        if long_running:
            for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
                port = container.get(probe, {}).get("httpGet", {}).get("port")
                if port != "management":
                    fail(f"{where}: {probe} must probe the management port")


def check_env_read(app: str, pod: dict) -> None:
    """Every variable a container is given is read by its app's code (or the libraries it uses)."""
    if not (ROOT / "apps" / app).is_dir():
        print(f"[chart] apps/{app} is not in this checkout; its environment is not checked")
        return
    code = source_text(f"apps/{app}/src", "libs")
    for container in pod.get("initContainers", []) + pod["containers"]:
        for env in container.get("env", []):
            # The toolbox's second database URL, for `keys` (docs/operations.md).
            if env["name"] not in code and env["name"] != "API_DATABASE_URL" and env["name"] not in OTEL_SDK_READS:
                fail(f"{app}/{container['name']}: {env['name']} is read by no code of apps/{app} or libs")


def check_network_policies(policies: list[dict], components: set[str]) -> None:
    deny = [p for p in policies if p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") is None]
    if not deny or deny[0]["spec"].get("ingress") or deny[0]["spec"].get("egress"):
        fail("no default-deny NetworkPolicy for Waymark's pods")
    for policy in policies:
        component = policy["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component")
        if component is None:
            continue
        for rule in policy["spec"].get("ingress") or []:
            if "from" not in rule and component not in PUBLIC:
                fail(f"{component}: takes traffic from anywhere; only {sorted(PUBLIC)} may")
    covered = {p["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/component") for p in policies}
    if (components | {"ops-cli"}) - covered:
        fail(f"no NetworkPolicy of its own for {sorted((components | {'ops-cli'}) - covered)}")


# --- resources -------------------------------------------------------------------------------------------------------

KNOWN_KINDS = {
    "kafka.strimzi.io/v1": {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser"},
    "postgresql.cnpg.io/v1": {"Cluster", "ScheduledBackup"},
    "barmancloud.cnpg.io/v1": {"ObjectStore"},
}


def check_resources() -> None:
    folder = ROOT / "infra/helm/examples"
    docs = [d for f in ("strimzi-kafka.yaml", "cloudnative-pg.yaml") for d in yaml.safe_load_all((folder / f).read_text()) if d]
    for doc in docs:
        if doc.get("kind") not in KNOWN_KINDS.get(doc.get("apiVersion"), set()) or not doc.get("metadata", {}).get("name"):
            fail(f"unexpected resource {doc.get('apiVersion')} {doc.get('kind')} {doc.get('metadata')}")
    topics = json.loads((ROOT / "libs/kafka/src/topics.json").read_text())
    declared = {d["spec"]["topicName"]: d["spec"] for d in docs if d["kind"] == "KafkaTopic"}
    for topic in topics.values():
        spec = declared.pop(topic["name"], None)
        if spec is None:
            fail(f"strimzi-kafka.yaml: no KafkaTopic for {topic['name']}")
            continue
        if spec["partitions"] != topic["partitions"]:
            fail(f"{topic['name']}: {spec['partitions']} partitions, topics.json says {topic['partitions']}")
        for key, value in topic["config"].items():
            if str(spec["config"].get(key)) != value:
                fail(f"{topic['name']}: {key} is {spec['config'].get(key)}, topics.json says {value}")
    for name in declared:
        fail(f"strimzi-kafka.yaml: KafkaTopic {name} is not in topics.json")
    users = {d["metadata"]["name"] for d in docs if d["kind"] == "KafkaUser"}
    clusters = [d for d in docs if d["kind"] == "Cluster"]
    roles = {r["name"] for c in clusters for r in c["spec"]["managed"]["roles"]}
    sql = (ROOT / "infra/postgres/schemas.sql").read_text()
    for role in sorted(set(re.findall(r"\bwaymark_(?:api|measures)\b", sql)) - roles):
        fail(f"cloudnative-pg.yaml: schemas.sql's role {role} is not a managed role")
    temporal = yaml.safe_load((folder / "temporal-values.yaml").read_text())
    namespaces = [n["name"] for n in temporal["server"]["config"]["namespaces"]["namespace"]]
    values = yaml.safe_load((folder / "values-self-hosted.yaml").read_text())
    if values["temporal"]["namespace"] not in namespaces:
        fail("temporal-values.yaml does not make the namespace values-self-hosted.yaml uses")
    print(f"[resources] {len(docs)} custom resources (no schema here: kinds, names, topics as topics.json, "
          f"{len(users)} Kafka users, database roles as schemas.sql), Temporal's namespace")


# --- observability ---------------------------------------------------------------------------------------------------

PROMQL_WORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool",
                "offset", "le", "inf", "nan"}
# Metrics that come from elsewhere than Waymark's code, and where.
EXTERNAL = {
    "kafka_consumergroup_lag": "Strimzi's Kafka Exporter (infra/helm/examples/strimzi-kafka.yaml, kafkaExporter)",
    "nodejs_eventloop_lag_p99_seconds": "prom-client's collectDefaultMetrics (libs/observability)",
    "process_cpu_seconds_total": "prom-client's collectDefaultMetrics (libs/observability)",
    "process_resident_memory_bytes": "prom-client's collectDefaultMetrics (libs/observability)",
    "temporal_activity_execution_failed_total": "the Temporal SDK's runtime metrics (journey-worker's management /metrics)",
    "temporal_activity_execution_latency_seconds_bucket": "the Temporal SDK's runtime metrics (journey-worker's management /metrics)",
    "temporal_local_activity_execution_failed_total": "the Temporal SDK's runtime metrics (journey-worker's management /metrics)",
    "temporal_local_activity_execution_latency_seconds_bucket": "the Temporal SDK's runtime metrics (journey-worker's management /metrics)",
}


def metric_names(expr: str) -> set[str]:
    expr = re.sub(r'"[^"]*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    names = set()
    for match in re.finditer(r"[a-zA-Z_:][a-zA-Z0-9_:]*", expr):
        rest = expr[match.end():].lstrip()
        if rest.startswith("(") or match.group(0).lower() in PROMQL_WORDS or expr[match.start() - 1:match.start()].isdigit():
            continue
        names.add(match.group(0))
    return names


def check_observability() -> None:
    code = source_text("apps", "libs")
    defined = set(re.findall(r"'(waymark_[a-z0-9_]+)'", code))
    if "collectDefaultMetrics" not in code:
        fail("prom-client's default metrics are no longer collected")
    rules = yaml.safe_load((ROOT / "infra/observability/alerts.yaml").read_text())
    recorded = {r["record"] for g in rules["groups"] for r in g["rules"] if "record" in r}
    exprs = {f"rule {r.get('alert') or r.get('record')}": r["expr"] for g in rules["groups"] for r in g["rules"]}
    dashboard = json.loads((ROOT / "infra/observability/grafana-dashboard.json").read_text())
    for panel in dashboard["panels"]:
        if panel["type"] in ("row", "text"):
            continue
        if not panel.get("targets") or panel.get("datasource", {}).get("uid") != "${datasource}":
            fail(f"panel {panel['title']}: needs targets on the dashboard's datasource variable")
        for target in panel.get("targets", []):
            exprs[f"panel {panel['title']}"] = exprs.get(f"panel {panel['title']}", "") + " " + target["expr"]
    for variable in dashboard["templating"]["list"]:
        if variable["type"] == "query":
            exprs[f"variable {variable['name']}"] = re.sub(r"label_values\((\w+).*", r"\1", variable["query"]["query"])
    seen = 0
    for where, expr in exprs.items():
        for name in metric_names(expr):
            seen += 1
            base = re.sub(r"_(bucket|sum|count)$", "", name)
            if name in recorded or base in defined or name in EXTERNAL:
                continue
            fail(f"{where}: metric {name} is defined nowhere (not in apps/ or libs/, not a known external one)")
    alerts = {r["alert"] for g in rules["groups"] for r in g["rules"] if "alert" in r}
    print(f"[observability] {len(alerts)} alerts, {len(dashboard['panels'])} panels, {seen} metric references "
          f"checked against {len(defined)} metrics in the code and {len(EXTERNAL)} external ones")


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"dockerfile": check_dockerfile, "compose": check_compose, "chart": check_chart, "resources": check_resources,
     "observability": check_observability}[command](*args)
    for failure in failures:
        print(f"  FAIL {failure}", file=sys.stderr)
    sys.exit(1 if failures else 0)
