// Bounded retries for Bot API calls: 429 after the delay Telegram gives and 5xx
// with backoff (auto-retry, at most 3 more tries), and network failures at most
// twice more (auto-retry would retry those for ever, which hangs start-up when
// Telegram cannot be reached).
import { HttpError, type Transformer } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";

export type RetryOptions = { networkRetries?: number; networkDelayMs?: number };

export function networkRetry({ networkRetries = 2, networkDelayMs = 1000 }: RetryOptions = {}): Transformer {
  return async (prev, method, payload, signal) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await prev(method, payload, signal);
      } catch (e) {
        if (!(e instanceof HttpError) || attempt >= networkRetries || signal?.aborted) throw e;
        await new Promise((r) => setTimeout(r, networkDelayMs * 2 ** attempt));
      }
    }
  };
}

export function retryPolicy(opts: RetryOptions = {}): Transformer[] {
  return [networkRetry(opts), autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 120, rethrowHttpErrors: true })];
}
