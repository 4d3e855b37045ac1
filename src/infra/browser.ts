import { existsSync } from 'node:fs';
import type { Browser, BrowserContext } from 'playwright';
import { chromium } from 'playwright';
import type { BrowserConfig } from '../config/schema.js';
import type { Logger } from './logger.js';

/**
 * Flags for Chromium in containers and CI: no sandbox as root, no GPU, and none of the background
 * traffic (updates, sync, field trials) that a closed network answers with errors.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/** Environment variable that picks the Chromium binary when the config does not. */
export const CHROMIUM_ENV = 'JOB_MATCHER_CHROMIUM';
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** config, then $JOB_MATCHER_CHROMIUM, then Debian's chromium if present, else Playwright's own. */
export function resolveExecutablePath(
  config: Pick<BrowserConfig, 'executable_path'>,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  if (config.executable_path) return config.executable_path;
  if (env[CHROMIUM_ENV]) return env[CHROMIUM_ENV];
  if (existsSync(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return undefined;
}

/** One browser for the whole run, launched on first use. */
export interface BrowserProvider {
  /** A fresh context (own cookies and storage), e.g. one per company. Close it when done. */
  newContext(): Promise<BrowserContext>;
  /** True once the browser has been launched. */
  readonly started: boolean;
  /** Closes the browser if it was started; safe to call more than once. */
  close(): Promise<void>;
}

export class LazyBrowser implements BrowserProvider {
  private launching: Promise<Browser> | null = null;

  constructor(
    private readonly config: BrowserConfig,
    private readonly logger?: Logger,
  ) {}

  get started(): boolean {
    return this.launching !== null;
  }

  private browser(): Promise<Browser> {
    if (!this.launching) {
      const executablePath = resolveExecutablePath(this.config);
      this.logger?.debug('browser', `launching Chromium (${executablePath ?? "Playwright's own"})`);
      this.launching = chromium.launch({
        headless: this.config.headless,
        args: CHROMIUM_ARGS,
        timeout: this.config.timeout_ms,
        ...(executablePath ? { executablePath } : {}),
      });
    }
    return this.launching;
  }

  async newContext(): Promise<BrowserContext> {
    const browser = await this.browser();
    const context = await browser.newContext();
    context.setDefaultTimeout(this.config.timeout_ms);
    return context;
  }

  async close(): Promise<void> {
    const launching = this.launching;
    if (!launching) return;
    this.launching = null;
    const browser = await launching.catch(() => null);
    await browser?.close().catch(() => undefined);
  }
}
