# Multi-stage build: compile with dev dependencies, run with production ones only.
FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 is built from source when no prebuilt binary fits.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY prisma ./prisma
COPY prisma.config.ts ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
# Fonts for the charts' Vietnamese labels.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core tini && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    DATABASE_URL=file:/app/data/khoi.db \
    BACKUP_DIR=/app/data/backups \
    BLOC_FILE=/app/config/bloc.example.yaml
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/dist ./dist
COPY --chown=node:node package.json ./
# npm start, npm run backup, db:migrate and health work here too: with no src/
# the launcher compiles nothing and the compiled entry points run.
COPY --chown=node:node scripts/build.mjs ./scripts/build.mjs
COPY --chown=node:node prisma/migrations ./prisma/migrations
COPY --chown=node:node locales ./locales
COPY --chown=node:node config ./config
RUN mkdir -p /app/data && chown node:node /app/data
USER node
VOLUME ["/app/data"]
ENTRYPOINT ["/usr/bin/tini", "--"]
# Healthy while the database opens and the scheduler ticked in the last 5 minutes
# (src/shared/db/health.ts); Telegram is never called. A backup: docker exec <container> npm run backup.
HEALTHCHECK --interval=60s --timeout=10s --start-period=120s --retries=3 CMD ["node", "dist/cli/health.js"]
# The same Node flags and malloc tunables as `npm start` (package.json): a small young
# generation, one V8 worker thread, WebAssembly (Prisma's query compiler) left on its
# baseline compiler, and glibc giving freed memory back keep the idle bot near 95 MB
# instead of 140 MB (bench/reading.md "Idle memory"). GLIBC_TUNABLES is read when a
# process starts, so it is set here, not in the bot's own configuration.
ENV GLIBC_TUNABLES=glibc.malloc.trim_threshold=131072:glibc.malloc.mmap_threshold=131072
CMD ["node", "--max-semi-space-size=1", "--v8-pool-size=1", "--liftoff-only", "dist/main.js"]
