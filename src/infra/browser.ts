import { existsSync } from 'node:fs';
import pLimit, { type LimitFunction } from 'p-limit';
import type { Browser, BrowserContext } from 'playwright';
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

/**
 * Playwright, loaded on first use: importing it costs about 1 s of CPU, which a run that reads
 * no JS-rendered board and renders no PDF must not pay at start-up.
 */
export const loadPlaywright = (): Promise<typeof import('playwright')> => import('playwright');

/** Environment variable that picks the Chromium binary when the config does not. */
export const CHROMIUM_ENV = 'JOB_MATCHER_CHROMIUM';
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/** config, then $JOB_MATCHER_CHROMIUM, then Debian's chromium if present, else Playwright's own. */
export function resolveExecutablePath(
  config: Pick<BrowserConfig, 'executable_path'>,
  env: NodeJS.ProcessEnv = process.env,
  exists: (path: string) => boolean = existsSync,
): string | undefined {
  if (config.executable_path) return config.executable_path;
  if (env[CHROMIUM_ENV]) return env[CHROMIUM_ENV];
  if (exists(DEBIAN_CHROMIUM)) return DEBIAN_CHROMIUM;
  return undefined;
}

/** True when some Chromium can be launched: a resolved path, or Playwright's own download. */
export async function browserAvailable(
  config: Pick<BrowserConfig, 'executable_path'>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<boolean> {
  const path = resolveExecutablePath(config, env);
  if (path) return existsSync(path);
  try {
    const { chromium } = await loadPlaywright();
    return existsSync(chromium.executablePath());
  } catch {
    return false;
  }
}

export interface ContextOptions {
  javaScript?: boolean;
}

/** One browser for the whole run, launched on first use. */
export interface BrowserProvider {
  /**
   * A fresh context (own cookies and storage), e.g. one per company. Close it when done (open ones
   * are capped). `javaScript: false` for a page that only renders what it is given.
   */
  newContext(options?: ContextOptions): Promise<BrowserContext>;
  /** True once the browser has been launched. */
  readonly started: boolean;
  /** Closes the browser if it was started; safe to call more than once. */
  close(): Promise<void>;
}

/**
 * One browser for the whole run, launched on first use. At most `max_pages` contexts are open at
 * once (every user opens one page per context): a further newContext() waits until one closes.
 */
export class LazyBrowser implements BrowserProvider {
  private launching: Promise<Browser> | null = null;
  private launchCount = 0;
  private readonly slots: LimitFunction;

  constructor(
    private readonly config: BrowserConfig,
    private readonly logger?: Logger,
  ) {
    this.slots = pLimit(config.max_pages);
  }

  get started(): boolean {
    return this.launching !== null;
  }

  /** How many times Chromium was launched: once per run, unless closed and used again. */
  get launches(): number {
    return this.launchCount;
  }

  private browser(): Promise<Browser> {
    if (!this.launching) {
      const executablePath = resolveExecutablePath(this.config);
      const which = executablePath ?? "Playwright's own Chromium";
      this.logger?.debug('browser', `launching Chromium (${which})`);
      this.launchCount++;
      // A failed launch stays failed for this run: every later user gets the same error at once.
      this.launching = loadPlaywright()
        .then(({ chromium }) =>
          chromium.launch({
            headless: this.config.headless,
            args: CHROMIUM_ARGS,
            timeout: this.config.timeout_ms,
            ...(executablePath ? { executablePath } : {}),
          }),
        )
        .catch((cause: unknown) => {
          const reason = cause instanceof Error ? cause.message.split('\n')[0] : String(cause);
          throw new Error(
            `cannot launch ${which}: ${reason}; install Chromium or set browser.executable_path (or ${CHROMIUM_ENV})`,
            { cause },
          );
        });
    }
    return this.launching;
  }

  private async open(options: ContextOptions): Promise<BrowserContext> {
    const browser = await this.browser();
    const context = await browser.newContext({ javaScriptEnabled: options.javaScript ?? true });
    context.setDefaultTimeout(this.config.timeout_ms);
    return context;
  }

  newContext(options: ContextOptions = {}): Promise<BrowserContext> {
    return new Promise<BrowserContext>((resolve, reject) => {
      // The slot is held from opening until the context closes (closing the browser closes it too).
      void this.slots(async () => {
        let context: BrowserContext;
        try {
          context = await this.open(options);
        } catch (error) {
          reject(error);
          return;
        }
        const closed = new Promise<void>((done) => context.once('close', () => done()));
        resolve(context);
        await closed;
      });
    });
  }

  async close(): Promise<void> {
    const launching = this.launching;
    if (!launching) return;
    this.launching = null;
    const browser = await launching.catch(() => null);
    await browser?.close().catch(() => undefined);
  }
}
