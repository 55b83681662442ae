"""The fields each host documents for its config file, as JSON Schemas written here.

tests/test_deploy_targets.py validates the baked host files against these, key by key:
which keys a table may hold (any other key is a typo the host would ignore or refuse),
which are required, their types and their allowed values. Each schema is written from
the host's own reference page, named above it, as checked in 2026-12; it holds the
fields that page documents for the kinds of component the project uses, not every
field of every kind. To use a field the schema does not know, add it here from the
host's documentation, with its type. The Compose file and the GitHub workflow are
checked with the schemas check-jsonschema ships (vendor.compose-spec,
vendor.github-workflows).
"""

STRING = {"type": "string"}
NONEMPTY = {"type": "string", "minLength": 1}
BOOLEAN = {"type": "boolean"}
COMMAND = NONEMPTY
PATH = {"type": "string", "pattern": "^/"}
ENV_NAME = {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}


def integer(minimum=None, maximum=None):
    schema = {"type": "integer"}
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def one_of(*values):
    return {"enum": list(values)}


def array(items, min_items=0):
    return {"type": "array", "items": items, "minItems": min_items}


def table(required=(), /, **fields):
    """An object that holds only `fields` (a dashed key is spelled with "__"), with `required`."""
    properties = {name.replace("__", "-"): schema for name, schema in fields.items()}
    missing = set(required) - set(properties)
    assert not missing, f"required but not described: {missing}"
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": False}


# --------------------------------------------------------------------------
# Render Blueprint: https://render.com/docs/blueprint-spec (fields of web services
# and Render Postgres databases) and https://render.com/docs/health-checks.
# --------------------------------------------------------------------------

RENDER_ENV_VAR = {
    "oneOf": [
        table(["key", "value"], key=ENV_NAME, value=STRING),
        table(["key", "generateValue"], key=ENV_NAME, generateValue={"const": True}),
        # sync: false makes the Dashboard ask for the value when the Blueprint is created.
        table(["key", "sync"], key=ENV_NAME, sync={"const": False}),
        table(
            ["key", "fromDatabase"],
            key=ENV_NAME,
            fromDatabase=table(
                ["name", "property"],
                name=NONEMPTY,
                property=one_of("connectionString", "host", "port", "user", "password", "database"),
            ),
        ),
        table(
            ["key", "fromService"],
            key=ENV_NAME,
            fromService=table(
                ["name", "type"],
                name=NONEMPTY,
                type=one_of("web", "pserv", "worker", "cron", "keyvalue", "redis"),
                property=one_of("host", "port", "hostport", "connectionString"),
                envVarKey=ENV_NAME,
            ),
        ),
        table(["fromGroup"], fromGroup=NONEMPTY),
    ]
}

RENDER_WEB_SERVICE = table(
    ["type", "name", "runtime", "buildCommand", "startCommand"],
    type={"const": "web"},
    name=NONEMPTY,
    runtime=one_of("node", "python", "elixir", "go", "ruby", "rust", "docker", "image"),
    plan=one_of("free", "starter", "standard", "pro", "pro plus", "pro max", "pro ultra"),
    region=one_of("oregon", "ohio", "virginia", "frankfurt", "singapore"),
    repo=NONEMPTY,
    branch=NONEMPTY,
    rootDir=STRING,
    buildCommand=COMMAND,
    # Render's free instance types have no pre-deploy command.
    preDeployCommand=COMMAND,
    startCommand=COMMAND,
    # Render sends a GET to this path on each instance; 2xx or 3xx within 5 seconds is healthy.
    healthCheckPath=PATH,
    numInstances=integer(1),
    autoDeployTrigger=one_of("commit", "checksPass", "off"),
    maxShutdownDelaySeconds=integer(1, 300),
    domains=array(NONEMPTY),
    envVars=array(RENDER_ENV_VAR),
)

RENDER_DATABASE = table(
    ["name"],
    name=NONEMPTY,
    plan={"type": "string", "pattern": r"^(free|basic-\d+(mb|gb)|pro-\d+gb|accelerated-\d+gb)$"},
    databaseName=NONEMPTY,
    user=NONEMPTY,
    region=one_of("oregon", "ohio", "virginia", "frankfurt", "singapore"),
    postgresMajorVersion={"type": "string", "pattern": r"^\d+$"},
    diskSizeGB=integer(1),
    ipAllowList=array(table(["source"], source=NONEMPTY, description=STRING)),
)

RENDER_BLUEPRINT = table(
    ["services"],
    services=array(RENDER_WEB_SERVICE, min_items=1),
    databases=array(RENDER_DATABASE),
    envVarGroups=array({"type": "object"}),
    version={"const": "1"},
)

# --------------------------------------------------------------------------
# Fly.io app configuration: https://fly.io/docs/reference/configuration/ (and
# https://fly.io/docs/launch/autostop-autostart/ for auto_stop_machines).
# --------------------------------------------------------------------------

# A duration: "10s", "5m", "500ms"; a bare number is milliseconds.
FLY_DURATION = {"oneOf": [{"type": "string", "pattern": r"^\d+(ms|s|m|h)$"}, integer(0)]}

FLY_CHECK = table(
    ["path"],
    grace_period=FLY_DURATION,
    interval=FLY_DURATION,
    timeout=FLY_DURATION,
    method=one_of("GET", "get", "HEAD", "head"),
    path=PATH,
    protocol=one_of("http", "https"),
    tls_server_name=NONEMPTY,
    tls_skip_verify=BOOLEAN,
    headers={"type": "object", "additionalProperties": STRING},
)

FLY_CONFIG = table(
    ["app"],
    app=NONEMPTY,
    primary_region=NONEMPTY,
    kill_signal=one_of("SIGINT", "SIGTERM", "SIGQUIT", "SIGUSR1", "SIGUSR2", "SIGKILL", "SIGSTOP"),
    # Seconds (at most five minutes), or a duration.
    kill_timeout={"oneOf": [integer(1, 300), {"type": "string", "pattern": r"^\d+(s|m)$"}]},
    console_command=COMMAND,
    swap_size_mb=integer(1),
    build=table(
        builder=NONEMPTY,
        buildpacks=array(NONEMPTY),
        image=NONEMPTY,
        dockerfile=NONEMPTY,
        ignorefile=NONEMPTY,
        build__target=NONEMPTY,
        args={"type": "object", "additionalProperties": STRING},
    ),
    deploy=table(
        # Replaces the image's CMD in a temporary Machine; no shell runs it.
        release_command=COMMAND,
        release_command_timeout={"type": "string", "pattern": r"^\d+(s|m|h)$"},
        strategy=one_of("rolling", "immediate", "canary", "bluegreen"),
        max_unavailable={"type": "number", "exclusiveMinimum": 0},
        wait_timeout={"type": "string", "pattern": r"^\d+(s|m|h)$"},
    ),
    # Values are strings only; names may not begin with FLY_.
    env={
        "type": "object",
        "propertyNames": {"pattern": "^(?!FLY_)[A-Za-z_][A-Za-z0-9_]*$"},
        "additionalProperties": STRING,
    },
    http_service=table(
        ["internal_port"],
        internal_port=integer(1, 65535),
        force_https=BOOLEAN,
        # "off", "stop" or "suspend"; true and false are the old spellings of "stop" and "off".
        auto_stop_machines=one_of("off", "stop", "suspend", True, False),
        auto_start_machines=BOOLEAN,
        min_machines_running=integer(0),
        processes=array(NONEMPTY),
        concurrency=table(type=one_of("connections", "requests"), soft_limit=integer(1), hard_limit=integer(1)),
        checks=array(FLY_CHECK),
    ),
    vm=array(
        table(
            size=NONEMPTY,
            memory={"oneOf": [{"type": "string", "pattern": r"^\d+(mb|gb)$"}, integer(256)]},
            cpus=integer(1),
            cpu_kind=one_of("shared", "performance"),
            processes=array(NONEMPTY),
        )
    ),
)

# --------------------------------------------------------------------------
# Heroku app.json: https://devcenter.heroku.com/articles/app-json-schema
# --------------------------------------------------------------------------

HEROKU_APP_JSON = table(
    name={"type": "string", "minLength": 3, "maxLength": 30},
    description=STRING,
    keywords=array(STRING),
    website=STRING,
    repository=STRING,
    logo=STRING,
    success_url=STRING,
    scripts=table(postdeploy=COMMAND, pr__predestroy=COMMAND),
    env={
        "type": "object",
        "propertyNames": {"pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
        "additionalProperties": {
            "oneOf": [
                STRING,
                table(description=STRING, value=STRING, required=BOOLEAN, generator={"const": "secret"}),
            ]
        },
    },
    formation={
        "type": "object",
        "additionalProperties": table(quantity=integer(0), size=NONEMPTY),
    },
    addons=array({"oneOf": [NONEMPTY, table(["plan"], plan=NONEMPTY, **{"as": ENV_NAME}, options={"type": "object"})]}),
    buildpacks=array(table(["url"], url=NONEMPTY)),
    stack=NONEMPTY,
    environments={"type": "object"},
)

# --------------------------------------------------------------------------
# DigitalOcean App Platform app spec:
# https://docs.digitalocean.com/products/app-platform/reference/app-spec/ and
# https://docs.digitalocean.com/products/app-platform/how-to/manage-health-checks/
# --------------------------------------------------------------------------

DO_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9-]{0,30}[a-z0-9]$"}
DO_ENV = table(
    ["key"],
    key=ENV_NAME,
    value=STRING,
    scope=one_of("UNSET", "RUN_TIME", "BUILD_TIME", "RUN_AND_BUILD_TIME"),
    type=one_of("GENERAL", "SECRET"),
)
DO_GITHUB = table(
    ["repo", "branch"], repo={"type": "string", "pattern": "^[^/]+/[^/]+$"}, branch=NONEMPTY, deploy_on_push=BOOLEAN
)
DO_SOURCE = {
    "github": DO_GITHUB,
    "source_dir": PATH,
    "dockerfile_path": NONEMPTY,
    "environment_slug": NONEMPTY,
    "build_command": COMMAND,
    "run_command": COMMAND,
    "envs": array(DO_ENV),
    "instance_size_slug": NONEMPTY,
    "instance_count": integer(1),
}
DO_HEALTH_CHECK = table(
    http_path=PATH,
    port=integer(1, 65535),
    initial_delay_seconds=integer(0),
    period_seconds=integer(1),
    timeout_seconds=integer(1),
    success_threshold=integer(1),
    failure_threshold=integer(1),
)
DO_SERVICE = table(
    ["name"],
    name=DO_NAME,
    **DO_SOURCE,
    http_port=integer(1, 65535),
    health_check=DO_HEALTH_CHECK,
    liveness_health_check=DO_HEALTH_CHECK,
    routes=array(table(path=PATH, preserve_path_prefix=BOOLEAN)),
)
DO_JOB = table(["name", "kind"], name=DO_NAME, kind=one_of("PRE_DEPLOY", "POST_DEPLOY", "FAILED_DEPLOY"), **DO_SOURCE)
DO_DATABASE = table(
    ["name", "engine"],
    name=DO_NAME,
    engine=one_of("PG", "MYSQL", "REDIS", "VALKEY", "MONGODB", "KAFKA", "OPENSEARCH"),
    version={"type": "string", "pattern": r"^\d+$"},
    production=BOOLEAN,
    cluster_name=NONEMPTY,
    db_name=NONEMPTY,
    db_user=NONEMPTY,
)
DO_APP_SPEC = table(
    ["name"],
    name=DO_NAME,
    region=NONEMPTY,
    services=array(DO_SERVICE),
    jobs=array(DO_JOB),
    databases=array(DO_DATABASE),
    envs=array(DO_ENV),
)

# --------------------------------------------------------------------------
# Railpack's railpack.json: https://railpack.com/config/file
# --------------------------------------------------------------------------

RAILPACK_CONFIG = table(
    **{"$schema": {"const": "https://schema.railpack.com"}},
    provider=NONEMPTY,
    buildAptPackages=array(NONEMPTY),
    packages={"type": "object", "additionalProperties": STRING},
    steps={
        "type": "object",
        "additionalProperties": table(
            # "..." stands for the commands Railpack generates for the step.
            commands=array({"oneOf": [COMMAND, {"type": "object"}]}),
            inputs=array({"type": "object"}),
            variables={"type": "object", "additionalProperties": STRING},
            caches=array(NONEMPTY),
            secrets=array(NONEMPTY),
        ),
    },
    deploy=table(
        startCommand=COMMAND,
        variables={"type": "object", "additionalProperties": STRING},
        aptPackages=array(NONEMPTY),
        paths=array(NONEMPTY),
        inputs=array({"type": "object"}),
        base={"type": "object"},
    ),
)
