#!/bin/sh
# PatchMon Cloud: synthesise and deploy the CDK app. Called by `./patchmon deploy [args]`.
#
#   deploy.sh [--no-build] [synth]             build, then write the cloud assembly to infra/cdk/cdk.out
#                                               (no CDK CLI needed: the Java app writes it itself)
#   deploy.sh [--no-build] deploy [cdk args]   `npx aws-cdk@2 deploy` to the AWS account of your credentials
#   deploy.sh [--no-build] bootstrap [args]    `npx aws-cdk@2 bootstrap` (once per account and region)
#   deploy.sh [--no-build] localstack [args]   bootstrap + deploy into LocalStack with cdklocal
#
# Context can be passed through to the CDK CLI (-c key=value) or, for synth, through the
# environment: PATCHMON_API_ASSET, PATCHMON_JOBS_ASSET, PATCHMON_WS_ASSET, PATCHMON_WORKFLOW_ASSET, PATCHMON_WEB_DIST, PATCHMON_STAGE, PATCHMON_TABLE_NAME,
# PATCHMON_STACK_NAME. The api function's PATCHMON_JWT_SECRET is not one of them: the stack
# generates it in Secrets Manager (kept on stack deletion; replacing it signs every user out).
# Nor is PATCHMON_DATA_KEY, the AES-256 key sealing TOTP seeds: also generated and kept
# (43 unpadded base64 characters = 32 bytes); losing or changing it means re-enrolling 2FA.
set -eu

CDK_DIR=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$CDK_DIR/../.." && pwd)
OUT="$CDK_DIR/cdk.out"
STACK=${PATCHMON_STACK_NAME:-PatchmonCloud}
LOCALSTACK_URL=${LOCALSTACK_URL:-http://localhost:4566}

# jsii runs the CDK's JavaScript on the machine's Node; Node 20 only earns a warning.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=${JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION:-20}
export JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION=${JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION:-1}

build=1
if [ "${1:-}" = "--no-build" ]; then
    build=0
    shift
fi
cmd=${1:-synth}
[ $# -gt 0 ] && shift

usage() {
    sed -n '2,15p' "$0" | sed 's/^# \{0,1\}//'
}

build_all() {
    if [ "$build" -eq 1 ]; then
        echo "patchmon deploy: building (mvn -B -q install -DskipTests)" >&2
        (cd "$ROOT" && mvn -B -q install -DskipTests)
    fi
    if [ ! -d "$ROOT/web/dist" ]; then
        echo "patchmon deploy: no web/dist: the web bucket is created but left empty (build the web app first to upload it)" >&2
    fi
}

synth() {
    rm -rf "$OUT"
    echo "patchmon deploy: synthesising into ${OUT#"$ROOT"/}" >&2
    (cd "$CDK_DIR" && CDK_OUTDIR="$OUT" mvn -B -q compile exec:java)
    for template in "$OUT"/*.template.json; do
        [ -f "$template" ] || continue
        node -e '
            const t = require(process.argv[1]);
            const types = {};
            for (const r of Object.values(t.Resources || {})) types[r.Type] = (types[r.Type] || 0) + 1;
            const name = process.argv[1].replace(process.argv[2] + "/", "");
            console.log(name + ": " + Object.keys(t.Resources || {}).length + " resources");
            for (const k of Object.keys(types).sort()) console.log("  " + types[k] + "  " + k);
        ' "$template" "$(dirname "$OUT")"
    done
}

have_aws_credentials() {
    [ -n "${AWS_ACCESS_KEY_ID:-}" ] && return 0
    [ -n "${AWS_PROFILE:-}" ] && return 0
    [ -n "${AWS_CONTAINER_CREDENTIALS_RELATIVE_URI:-}${AWS_CONTAINER_CREDENTIALS_FULL_URI:-}${AWS_WEB_IDENTITY_TOKEN_FILE:-}" ] && return 0
    [ -f "${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}" ] && return 0
    [ -f "${AWS_CONFIG_FILE:-$HOME/.aws/config}" ] && return 0
    if command -v aws >/dev/null 2>&1 && aws sts get-caller-identity >/dev/null 2>&1; then
        return 0
    fi
    return 1
}

no_credentials() {
    cat >&2 <<EOF
patchmon deploy: no AWS credentials found.

  To deploy to AWS:
    export AWS_PROFILE=<profile>            (or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or aws sso login)
    export AWS_REGION=<region>              (e.g. eu-west-1)
    ./patchmon deploy bootstrap             (once per account and region)
    ./patchmon deploy deploy                (stack $STACK; prints WebUrl, ApiUrl, TableName)

  To try it without an AWS account, use LocalStack:
    ./patchmon deploy localstack

  The synthesised templates are in ${OUT#"$ROOT"/} (./patchmon deploy synth).
EOF
    exit 1
}

cdk_cli() {
    (cd "$CDK_DIR" && npx --yes aws-cdk@2 "$@")
}

localstack() {
    if ! curl -fsS -m 3 "$LOCALSTACK_URL/_localstack/health" >/dev/null 2>&1; then
        cat >&2 <<EOF
patchmon deploy: LocalStack is not reachable at $LOCALSTACK_URL.

  Start it (Docker):  docker run --rm -p 4566:4566 -v /var/run/docker.sock:/var/run/docker.sock localstack/localstack
  then run again:     ./patchmon deploy localstack

  What this does:
    AWS_ENDPOINT_URL=$LOCALSTACK_URL AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1 \\
      npx -p aws-cdk@2 -p aws-cdk-local cdklocal bootstrap
    ... cdklocal deploy --require-approval never

  The functions honour AWS_ENDPOINT_URL (and PATCHMON_DYNAMODB_ENDPOINT for DynamoDB only),
  so a function run outside LocalStack can talk to the tables it created.
  Note: LocalStack's CloudFront may need a paid LocalStack edition and SnapStart is not
  emulated; exercise the table, the function's alias and the REST API through ApiUrl.
EOF
        exit 1
    fi
    export AWS_ENDPOINT_URL="$LOCALSTACK_URL"
    export AWS_ACCESS_KEY_ID=${AWS_ACCESS_KEY_ID:-test}
    export AWS_SECRET_ACCESS_KEY=${AWS_SECRET_ACCESS_KEY:-test}
    export AWS_REGION=${AWS_REGION:-us-east-1}
    export AWS_DEFAULT_REGION="$AWS_REGION"
    echo "patchmon deploy: deploying stack $STACK into LocalStack at $LOCALSTACK_URL" >&2
    (cd "$CDK_DIR" \
        && npx --yes -p aws-cdk@2 -p aws-cdk-local cdklocal bootstrap \
        && npx --yes -p aws-cdk@2 -p aws-cdk-local cdklocal deploy --require-approval never "$@")
    echo "patchmon deploy: functions reach LocalStack through AWS_ENDPOINT_URL=$LOCALSTACK_URL (or PATCHMON_DYNAMODB_ENDPOINT)" >&2
}

case "$cmd" in
    synth)
        build_all
        synth
        echo "patchmon deploy: deploy with ./patchmon deploy deploy (AWS) or ./patchmon deploy localstack" >&2
        ;;
    deploy)
        have_aws_credentials || no_credentials
        build_all
        cdk_cli deploy --all "$@"
        ;;
    bootstrap)
        have_aws_credentials || no_credentials
        cdk_cli bootstrap "$@"
        ;;
    localstack)
        build_all
        localstack "$@"
        ;;
    help|-h|--help)
        usage
        ;;
    *)
        usage >&2
        exit 2
        ;;
esac
