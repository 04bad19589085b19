# syntax=docker/dockerfile:1
# pai-bot image: one image, three roles (web | worker | all), chosen by the arguments.
#
#   docker build -t pai-bot .
#   docker run --env-file bot.env -v "$PWD/pai-bot.yaml:/app/pai-bot.yaml:ro" -p 3000:3000 pai-bot --role web
#   docker run --env-file bot.env -v "$PWD/pai-bot.yaml:/app/pai-bot.yaml:ro" pai-bot --role worker
#
# Nothing secret is baked in: tokens come from the environment at run time (bot.env, a Kubernetes Secret)
# and the config file is mounted. .dockerignore lets only the sources and the lockfile into the context.
# test/unit/deploy-manifests.test.ts checks this file (ports, health check, roles, env names).

ARG NODE_IMAGE=node:20-bookworm-slim

# 1. Production dependencies only, installed from the lockfile in a stage of their own (no prune).
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 2. The build: every dependency (TypeScript, types), then tsc to dist/.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
RUN npm run build

# 3. The runtime: node, the production node_modules and dist/. No npm call at start, no compiler.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    PAI_BOT_CONFIG=/app/pai-bot.yaml
WORKDIR /app
COPY --from=deps --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/dist ./dist
# The image's own "node" user, by number so Kubernetes' runAsNonRoot can verify it. The app's files stay
# owned by root: the process can read them but not change them (and runs with a read-only root filesystem).
USER 1000:1000
EXPOSE 3000
# The web role's (and "all"'s) /healthz. docker-compose.yml turns it off for workers, and Kubernetes ignores
# HEALTHCHECK (deploy/k8s has its own probes).
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM goes straight to node (exec form, PID 1), which drains and exits within 25 s.
STOPSIGNAL SIGTERM
ENTRYPOINT ["node", "dist/main.js"]
CMD ["--role", "all"]
