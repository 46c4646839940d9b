# syntax=docker/dockerfile:1
# Attaché in a container: `serve` (HTTP interactions) by default; `start` (gateway), `index build`,
# and the one-shot commands by overriding the command. See README "Running at scale".

# Dependencies, compiled where they have to be: better-sqlite3 builds from source when no prebuilt
# binary matches, which needs python3, make and g++. None of that reaches the runtime image.
FROM node:20-slim AS deps
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# Production dependencies only; tsx is one of them (the TypeScript runs as is, no build step).
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-slim AS runtime
# tini as PID 1: it forwards SIGTERM to node and reaps children (the rebuild worker is a thread,
# but `index build` and tsx may start processes), so `docker stop` drains instead of waiting
# for the kill.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATA_DIR=/data \
    CORPUS_DIRS=/app/corpus \
    PORT=8080 \
    HOST=0.0.0.0 \
    LOG_FORMAT=json
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY commands ./commands
COPY corpus ./corpus
# Writable by the unprivileged user: the settings database (SQLite) and the index cache; /index is
# where `attache index build --out /index` publishes and replicas read (a shared volume).
RUN mkdir -p /data /index && chown node:node /data /index
USER node
EXPOSE 8080
# /healthz is 200 once the index is loaded. Gateway mode answers it on METRICS_PORT; a container
# with neither (the feed worker, index build) turns the check off in compose.yaml.
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.METRICS_PORT || process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# Node itself (not npm or npx, which do not pass signals on) under tini.
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--import", "tsx", "src/main.ts"]
CMD ["serve"]
