#!/usr/bin/env bash
# CI stage: build the api and worker images, smoke-test them on the host's PostgreSQL and Redis,
# then run the compose stack and check it through nginx. Base images come from Docker Hub when it
# is reachable, else from the stand-ins that ../shared/docker-offline/make-base-image.sh makes.
# Skipped, saying so, only where no Docker engine can run.
set -euo pipefail
cd "$(dirname "$0")/.."
KIT=../shared/docker-offline
TAG=ci
PROJECT=gwci$$

skip() { echo "== docker: SKIPPED — $*"; exit 0; }
apt_install() { command -v apt-get >/dev/null 2>&1 && { apt-get install -y -qq --no-install-recommends "$@" >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq --no-install-recommends "$@" >/dev/null; }; }; }

if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null 2>&1 || { echo "== docker: installing docker.io"; apt_install docker.io || true; }
  command -v docker >/dev/null 2>&1 && command -v dockerd >/dev/null 2>&1 || skip "no Docker engine (dockerd) installed or installable"
  echo "== docker: starting dockerd"
  (dockerd >/var/log/dockerd.log 2>&1 &)
  for _ in $(seq 1 30); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || skip "dockerd does not start here: $(tail -3 /var/log/dockerd.log 2>/dev/null | tr '\n' ' ')"
fi

# ---- base images: Docker Hub, or local stand-ins
NODE_IMAGE=node:20-bookworm-slim
OVERRIDE=()
if timeout 30 docker pull -q "$NODE_IMAGE" >/dev/null 2>&1; then
  echo "== docker: Docker Hub reachable"
else
  echo "== docker: Docker Hub unreachable: local stand-in base images"
  [ -x "$KIT/make-base-image.sh" ] || [ -f "$KIT/make-base-image.sh" ] || skip "no Docker Hub and no $KIT kit"
  command -v debootstrap >/dev/null 2>&1 || apt_install debootstrap || skip "debootstrap is not installable (needed for the stand-in base images)"
  NODE_IMAGE=local/node:20-bookworm-slim
  if ! docker image inspect "$NODE_IMAGE" local/debian:bookworm-slim >/dev/null 2>&1; then
    WORK=$(mktemp -d) DEBIAN_TAG=local/debian:bookworm-slim BASE_TAG=$NODE_IMAGE bash "$KIT/make-base-image.sh"
  fi
  OVERRIDE=(-f "$KIT/standins/compose.local.yml")
fi

# ---- images
for target in api worker; do
  echo "== docker: building $target"
  docker build -q -f docker/Dockerfile --build-arg NODE_IMAGE="$NODE_IMAGE" --target "$target" -t "llm-gateway-$target:$TAG" . >/dev/null
  echo "   llm-gateway-$target:$TAG $(( $(docker image inspect -f '{{.Size}}' "llm-gateway-$target:$TAG") / 1000000 )) MB"
done

# ---- smoke test: the images on the host's PostgreSQL and Redis
cleanup_smoke() {
  docker rm -f "gw-api-$PROJECT" "gw-worker-$PROJECT" >/dev/null 2>&1 || true
  psql -h 127.0.0.1 -U postgres -d postgres -qc "DROP DATABASE IF EXISTS ${PROJECT} WITH (FORCE)" >/dev/null 2>&1 || true
}
cleanup_compose() {
  docker-compose -p "$PROJECT" -f docker/compose.yml "${OVERRIDE[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
}
trap 'cleanup_smoke; cleanup_compose' EXIT
psql -h 127.0.0.1 -U postgres -d postgres -qc "CREATE DATABASE ${PROJECT}"
API_PORT=$(( 20000 + RANDOM % 10000 )); WORKER_PORT=$(( API_PORT + 1 ))
ENVS=(-e NODE_ENV=production -e "DATABASE_URL=postgres://postgres@127.0.0.1:5432/${PROJECT}" -e REDIS_URL=redis://127.0.0.1:6379
  -e "REDIS_KEY_PREFIX=${PROJECT}:" -e JWT_SECRET=ci-only-jwt-secret-0123456789abcdefghijkl -e ENCRYPTION_KEY="$(openssl rand -hex 32)"
  -e ADMIN_EMAIL=admin@example.com -e ADMIN_PASSWORD=ci-admin-password -e LOG_LEVEL=warn)
docker run --rm --network host "${ENVS[@]}" "llm-gateway-api:$TAG" node dist/apps/api/src/migrate.js run
docker run -d --name "gw-api-$PROJECT" --network host "${ENVS[@]}" -e PORT="$API_PORT" -e RUN_MIGRATIONS=false "llm-gateway-api:$TAG" >/dev/null
docker run -d --name "gw-worker-$PROJECT" --network host "${ENVS[@]}" -e WORKER_PORT="$WORKER_PORT" "llm-gateway-worker:$TAG" >/dev/null
node scripts/docker-smoke.mjs "http://127.0.0.1:$API_PORT" "http://127.0.0.1:$WORKER_PORT" \
  || { docker logs "gw-api-$PROJECT" 2>&1 | tail -30; docker logs "gw-worker-$PROJECT" 2>&1 | tail -30; exit 1; }
cleanup_smoke

# ---- the compose stack, through nginx
echo "== docker: compose stack"
export GATEWAY_PORT=$(( 30000 + RANDOM % 10000 )) PROMETHEUS_PORT=$(( 40000 + RANDOM % 10000 )) GATEWAY_TAG=$TAG LOCAL_NODE_IMAGE=$NODE_IMAGE
export ADMIN_EMAIL=admin@example.com ADMIN_PASSWORD=ci-admin-password
docker-compose -p "$PROJECT" -f docker/compose.yml "${OVERRIDE[@]}" up -d --build >/tmp/"$PROJECT"-compose.log 2>&1 \
  || { tail -40 /tmp/"$PROJECT"-compose.log; exit 1; }
node scripts/docker-smoke.mjs "http://127.0.0.1:$GATEWAY_PORT" --compose "http://127.0.0.1:$PROMETHEUS_PORT" \
  || { docker-compose -p "$PROJECT" -f docker/compose.yml "${OVERRIDE[@]}" logs --tail 30; exit 1; }
replicas=$(docker-compose -p "$PROJECT" -f docker/compose.yml "${OVERRIDE[@]}" ps -q api)
for id in $replicas; do
  n=$(docker logs "$id" 2>&1 | grep -c '"url":"/api/v1/auth/login"' || true)
  echo "   replica ${id:0:12}: $n logins"
  [ "$n" -gt 0 ] || { echo "a replica served no login: requests are not spread"; exit 1; }
done
echo "== docker: images and compose stack OK"
