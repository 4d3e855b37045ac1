# job-matcher: one image for the API (`serve --no-worker`) and the workers (`worker`).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources as the npm scripts do; no build step.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY src ./src
COPY deploy ./deploy
USER node
EXPOSE 8080
ENTRYPOINT ["node", "--import", "tsx", "src/cli/main.ts"]
CMD ["serve", "--config", "deploy/config.yaml", "--no-worker"]
