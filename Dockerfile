# duty-ledger: the API (default) or the projector (command: node dist/apps/projector/src/main.js)
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
ENV SCARF_ANALYTICS=false
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production DATA_DIR=/data PORT=3000
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# DATA_DIR belongs to the user the server runs as. Made here, before VOLUME: a new volume mounted on /data starts as a
# copy of it, owner included, where a path VOLUME makes is root's and the server, as node, could not write its stores
# or its signing key (it would stop at start: "DATA_DIR=/data: cannot be used as the data directory (EACCES)").
RUN mkdir -p /data && chown node:node /data && chmod 700 /data
VOLUME /data
EXPOSE 3000
USER node
CMD ["node", "dist/apps/api/src/main.js"]
