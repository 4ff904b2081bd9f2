# syntax=docker/dockerfile:1
#
# One Dockerfile for the three Node services. Each service is a named final stage, so each is still its own image:
#
#   docker build --target ingestion-gateway -t lead-scoring/ingestion-gateway .
#   docker build --target realtime-gateway  -t lead-scoring/realtime-gateway  .
#   docker build --target scoring-worker    -t lead-scoring/scoring-worker    .
#
# Why one file rather than apps/<app>/Dockerfile x3: the three images differ only in which app is built, its port
# and its entry file. Three copies of the same 60 lines would drift (one gets the npm pin or the healthcheck fix, the
# others do not). Explicit targets were chosen over a single `ARG APP`: CMD and HEALTHCHECK do not expand build
# args, so an ARG version needs a shell wrapper as PID 1 or an indirection file; here every target states its port
# and entry file literally. BuildKit also runs `npm install` once for all three images when compose builds them.
#
# Always pass --target: without it Docker builds the last stage (scoring-worker).
# Build context = repository root (see .dockerignore). Needs BuildKit (the default builder of Docker 23+ and of
# docker compose) for the cache mounts and the heredoc below.

ARG NODE_IMAGE=node:20.20-bookworm-slim

# ---------------------------------------------------------------------------------------------------------------
# Build stages (never shipped)
# ---------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS base
# The lockfile is written by npm 11 and package.json carries npm 11's `allowScripts` policy; the node:20 image ships
# npm 10, which ignores that policy. Pin the same npm major as the developers' machines.
ARG NPM_VERSION=11.19.1
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true \
    NX_TUI=false \
    npm_config_update_notifier=false \
    npm_config_fund=false \
    npm_config_audit=false
RUN npm install -g "npm@${NPM_VERSION}" && npm cache clean --force
WORKDIR /repo

# Only the manifests npm needs: the root package.json, the lockfile, .npmrc and every workspace's package.json.
# Docker compares the *content* of /out when the next stage copies it, so editing source code does not re-run
# `npm install`; only a dependency change does. (`find` rather than COPY globs because COPY flattens directories.)
FROM base AS manifests
COPY . /src
RUN mkdir -p /out \
 && cd /src \
 && cp package.json package-lock.json .npmrc /out/ \
 && for f in apps/*/package.json libs/*/package.json e2e/package.json; do \
      if [ -f "$f" ]; then cp --parents "$f" /out/; fi; \
    done

# Every dependency, dev tooling included (tsc, tsc-alias, nx). --ignore-scripts: the only packages with install
# scripts (nx, @parcel/watcher, msgpackr-extract) are denied in package.json `allowScripts` anyway, and all of them
# work from the prebuilt platform packages that npm installs as optional dependencies.
# `npm install` rather than `npm ci`: the lockfile is written where the registry lacks some other platforms'
# optional binaries, and `npm ci` refuses a lockfile without them; install keeps every locked version all the same.
FROM base AS deps
COPY --from=manifests /out/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm install --no-audit --no-fund --ignore-scripts

FROM deps AS source
COPY . .

# One build stage per app, so `--target scoring-worker` compiles only the worker. The Nx target is the single
# definition of "build" (tsc + tsc-alias into dist/apps/<app>, libs compiled alongside); --skip-nx-cache because a
# container build has no cache worth trusting.
FROM source AS build-ingestion-gateway
RUN npx nx run @lead-scoring/ingestion-gateway:build --skip-nx-cache \
 && test -f dist/apps/ingestion-gateway/apps/ingestion-gateway/src/main.js

FROM source AS build-realtime-gateway
RUN npx nx run @lead-scoring/realtime-gateway:build --skip-nx-cache \
 && test -f dist/apps/realtime-gateway/apps/realtime-gateway/src/main.js

FROM source AS build-scoring-worker
RUN npx nx run @lead-scoring/scoring-worker:build --skip-nx-cache \
 && test -f dist/apps/scoring-worker/apps/scoring-worker/src/main.js

# Runtime dependencies only. --workspaces=false: the compiled apps reach the libs through relative paths rewritten
# by tsc-alias, so the workspace links (which point at TypeScript sources) are neither needed nor wanted, and npm
# then needs no workspace folder at all. --ignore-scripts: no runtime dependency needs an install script
# (msgpackr-extract is optional; bullmq falls back to pure-JS msgpackr).
FROM base AS prod-deps
COPY package.json package-lock.json .npmrc ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm install --no-audit --no-fund --omit=dev --workspaces=false --ignore-scripts

# ---------------------------------------------------------------------------------------------------------------
# Shared runtime base
# ---------------------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# HOST: the services bind 127.0.0.1 by default (right for a developer machine), which inside a container is
# unreachable through a published port. All interfaces here; the network boundary is the container's.
ENV NODE_ENV=production \
    HOST=0.0.0.0
WORKDIR /app
# Package managers are not needed at run time; removing them drops a few hundred files of attack surface and the
# CVE-scanner noise that comes with them. Dependencies are installed in the prod-deps stage above.
RUN rm -rf /usr/local/lib/node_modules/npm /usr/local/lib/node_modules/corepack \
           /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
           /opt/yarn-* /usr/local/bin/yarn /usr/local/bin/yarnpkg
# Files stay owned by root and read-only for the process: a compromised service cannot rewrite its own code.
COPY --from=prod-deps /repo/node_modules ./node_modules
# Same module-type context as in the repository (node reads the nearest package.json "type").
COPY package.json ./
# Slim images have no curl or wget; Node 20 has fetch. Usage: node healthcheck.js <PORT_ENV_VAR> <default port>.
# Reads the same port variable as the service, so overriding the port does not break the healthcheck.
COPY <<'EOF' /app/healthcheck.js
'use strict';
const [portVar, fallback] = process.argv.slice(2);
const port = process.env[portVar] || fallback;
fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(4000) })
  .then((res) => process.exit(res.ok ? 0 : 1))
  .catch(() => process.exit(1));
EOF
# The image's `node` user (uid/gid 1000), written numerically so that Kubernetes `runAsNonRoot` can verify it.
USER 1000:1000
# Nest's shutdown hooks close the HTTP server and drain BullMQ workers on SIGTERM. Run with an init process
# (compose `init: true`, `docker run --init`) so signals reach node and zombies are reaped.
STOPSIGNAL SIGTERM

# ---------------------------------------------------------------------------------------------------------------
# Final images
# ---------------------------------------------------------------------------------------------------------------
FROM runtime AS ingestion-gateway
COPY --from=build-ingestion-gateway /repo/dist/apps/ingestion-gateway ./dist/apps/ingestion-gateway
EXPOSE 7777
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/healthcheck.js", "INGESTION_PORT", "7777"]
# Heap limit as in libs/runtime/src/heap-budget.ts; NODE_OPTIONS in the environment can change it.
ENV NODE_OPTIONS="--max-old-space-size=192"
CMD ["node", "dist/apps/ingestion-gateway/apps/ingestion-gateway/src/main.js"]

FROM runtime AS realtime-gateway
COPY --from=build-realtime-gateway /repo/dist/apps/realtime-gateway ./dist/apps/realtime-gateway
EXPOSE 7778
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/healthcheck.js", "REALTIME_PORT", "7778"]
# Heap limit as in libs/runtime/src/heap-budget.ts; NODE_OPTIONS in the environment can change it.
ENV NODE_OPTIONS="--max-old-space-size=192"
CMD ["node", "dist/apps/realtime-gateway/apps/realtime-gateway/src/main.js"]

# The worker's port serves only /health, /health/ready and /metrics (for the orchestrator and Prometheus); it is
# not published by docker-compose.yml, which is what lets it scale with `--scale scoring-worker=N`.
FROM runtime AS scoring-worker
COPY --from=build-scoring-worker /repo/dist/apps/scoring-worker ./dist/apps/scoring-worker
EXPOSE 7779
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "/app/healthcheck.js", "WORKER_PORT", "7779"]
# Heap limit as in libs/runtime/src/heap-budget.ts; NODE_OPTIONS in the environment can change it.
ENV NODE_OPTIONS="--max-old-space-size=192"
CMD ["node", "dist/apps/scoring-worker/apps/scoring-worker/src/main.js"]
