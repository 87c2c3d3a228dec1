# syntax=docker/dockerfile:1

# Build stage: compiler toolchain for better-sqlite3's native addon, the TypeScript build, and the
# chart's font (fonts-dejavu-core), whose files the runtime stage copies so it needs no apt-get.
FROM node:20-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json tsconfig.prod.json ./
COPY src ./src
RUN npx tsc -p tsconfig.prod.json \
 && npm prune --omit=dev

# Runtime stage: production dependencies (with the compiled addon) and compiled code only, as a non-root user.
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATABASE_PATH=/data/lead-coach.db \
    PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The weekly chart draws its text with DejaVu Sans from here (renderChart.ts: CHART_FONTS); without it the PNG has no text.
COPY --from=build /usr/share/fonts/truetype/dejavu /usr/share/fonts/truetype/dejavu
COPY package.json manifest.yml ./
COPY bin ./bin
COPY migrations ./migrations
COPY content ./content
# Derive what the app otherwise derives on its first run (parsed YAML, the FAQ's sentence vectors) into
# dist/.cache while the tree is still writable: the running user cannot write there.
RUN DATABASE_PATH=/tmp/warm-up.db node bin/lead-coach.js faq "how do I run a 1:1" > /dev/null \
 && rm -f /tmp/warm-up.db* \
 && mkdir -p /data && chown node:node /data
USER node
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "--max-old-space-size=192", "bin/lead-coach.js", "start"]
