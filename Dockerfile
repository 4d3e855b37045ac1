# job-matcher: one image for the API (`serve --no-worker`) and the workers (`worker`).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# `npm ci` builds dist/ (the prepare script: tsc, then the bundle in dist/cli/) with the dev
# dependencies, which are then removed; what runs is the built command line, as `npm run` runs it.
RUN npm ci --include=dev --no-audit --no-fund && npm prune --omit=dev --no-audit --no-fund \
  && npm cache clean --force
ENV NODE_ENV=production
COPY deploy ./deploy
USER node
EXPOSE 8080
ENTRYPOINT ["node", "dist/cli/main.js"]
CMD ["serve", "--config", "deploy/config.yaml", "--no-worker"]
