import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Keys } from './keys.js';

const hashOf = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/**
 * Bull Board's browser sessions: a page cannot send the API token as a header, so an admin trades
 * it (in a POST with the header) for a short-lived random secret in an HttpOnly cookie. The
 * sessions live in Redis, so every API process behind a load balancer accepts them; only the
 * secret's hash is stored, and Redis forgets it when it expires.
 */
export class BoardSessions {
  constructor(
    private readonly redis: Redis,
    private readonly keys: Keys,
  ) {}

  /** A new session for this token id; returns the secret for the cookie. */
  async open(tokenId: string, ttlMs: number): Promise<string> {
    const secret = randomBytes(24).toString('base64url');
    await this.redis.set(this.keys.boardSession(hashOf(secret)), tokenId, 'PX', ttlMs);
    return secret;
  }

  /** The token id the session was opened with, or null (unknown or expired). */
  async tokenOf(secret: string): Promise<string | null> {
    if (!/^[\w-]{20,64}$/.test(secret)) return null;
    return this.redis.get(this.keys.boardSession(hashOf(secret)));
  }

  async close(secret: string): Promise<void> {
    await this.redis.del(this.keys.boardSession(hashOf(secret)));
  }
}
