'use strict';
/**
 * One measured row of the crowd bench: many fresh users each send one update to one bot, either
 * all at once (a burst) or at a steady rate, and every reply is timed from that user's send.
 * A reply counts only when it is the right one (a document for a file link, all ten documents of
 * a batch, a results page for a search), and a row is bounded in time: what is not answered
 * within its budget is counted as unanswered and the total is extrapolated from the rate.
 */
const P = require('./proc');

/** What a handler's reply must be. `accept(message)` says 'ok', 'wrong' (ends the wait) or 'ignore'. */
const SPECS = {
  text: { need: 1, accept: (m) => (m.text !== undefined ? 'ok' : 'ignore') },
  document: { need: 1, accept: (m) => (m.document ? 'ok' : m.text !== undefined ? 'wrong' : 'ignore') },
  batch: { need: 10, accept: (m) => (m.document ? 'ok' : m.text !== undefined && /not valid|no longer available|could not send|join/i.test(m.text) ? 'wrong' : 'ignore') },
  search: { need: 1, accept: (m) => (m.text === undefined ? 'ignore' : /not available|nothing found|send \/search/i.test(m.text) ? 'wrong' : 'ok') },
};

const describe = (m) => (m.document ? 'document' : m.text !== undefined ? `text: ${String(m.text).slice(0, 60)}` : 'other');

/** Waits for the replies of many (bot, chat) pairs at once; one sandbox listener for all. */
class ChatWatcher {
  constructor(sb) {
    this.waiting = new Map();
    this.unsubscribe = sb.onEvent((ev) => {
      if (ev.kind !== 'message' || ev.direction !== 'bot') return;
      const w = this.waiting.get(`${ev.botId}:${ev.chatId}`);
      if (!w) return;
      const verdict = w.spec.accept(ev.message);
      if (verdict === 'ignore') return;
      if (verdict === 'wrong') return w.finish({ ok: false, wrong: describe(ev.message) });
      w.got += 1;
      if (w.got >= w.spec.need) w.finish({ ok: true, t: performance.now(), reply: describe(ev.message) });
    });
  }

  /** A waiter for the next reply(ies) in (bot, chat); `cancel()` resolves it as unanswered. */
  expect(botId, chatId, spec) {
    const key = `${botId}:${chatId}`;
    let finish;
    const promise = new Promise((resolve) => {
      finish = (r) => {
        if (this.waiting.get(key) === w) this.waiting.delete(key);
        resolve(r);
      };
    });
    const w = { spec, got: 0, finish };
    this.waiting.set(key, w);
    return { promise, cancel: () => finish({ ok: false, got: w.got }) };
  }

  close() {
    this.unsubscribe();
  }
}

/** Percentile over every update sent: an unanswered one counts as infinitely late (null when it decides). */
function percentileOfAll(latencies, sent, p) {
  const all = latencies.concat(Array(Math.max(0, sent - latencies.length)).fill(Infinity));
  const v = P.percentile(all, p);
  return v === null || v === Infinity ? null : P.round(v, 1);
}

/**
 * Runs one row. `users` are fresh sandbox users, `textOf(i)` the message of user i; `rate`
 * (updates/s) paces the sends, or all go at once when it is absent. Resolves the row's figures.
 */
async function runRow({ sb, watcher, botId, users, textOf, spec, rate, budgetMs }) {
  const waiters = users.map((u) => watcher.expect(botId, u.id, spec));
  const sentAt = new Array(users.length);
  const t0 = performance.now();
  for (let i = 0; i < users.length; i++) {
    if (rate) {
      const delay = t0 + (i * 1000) / rate - performance.now();
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    }
    sentAt[i] = performance.now();
    await sb.sendText(users[i].id, botId, textOf(i));
  }
  const sendSecs = (performance.now() - t0) / 1000;
  let timer;
  const budget = new Promise((r) => (timer = setTimeout(r, Math.max(0, t0 + budgetMs - performance.now()))));
  await Promise.race([Promise.all(waiters.map((w) => w.promise)), budget]);
  clearTimeout(timer);
  for (const w of waiters) w.cancel(); // no-op for the finished ones
  const results = await Promise.all(waiters.map((w) => w.promise));
  const latencies = [];
  let last = null;
  let wrong = 0;
  let sample = null;
  results.forEach((r, i) => {
    if (r.ok) {
      latencies.push(r.t - sentAt[i]);
      last = last === null ? r.t : Math.max(last, r.t);
      sample ??= r.reply;
    } else if (r.wrong) {
      wrong += 1;
      sample ??= r.wrong;
    }
  });
  const sent = users.length;
  const answered = latencies.length;
  const secs = last === null ? null : (last - t0) / 1000;
  const perSec = secs ? answered / secs : null;
  const cutOff = answered + wrong < sent;
  return {
    mode: rate ? 'paced' : 'burst',
    rate: rate || null,
    sent,
    answered,
    wrong,
    failed: answered < sent,
    cutOff,
    budgetSecs: P.round(budgetMs / 1000, 0),
    sendSecs: P.round(sendSecs, 2),
    secs: P.round(secs, 3),
    updatesPerSec: P.round(perSec, 1),
    projectedTotalSecs: cutOff && perSec ? P.round(sent / perSec, 0) : null,
    p50Ms: percentileOfAll(latencies, sent, 50),
    p95Ms: percentileOfAll(latencies, sent, 95),
    p99Ms: percentileOfAll(latencies, sent, 99),
    maxMs: answered === sent && answered > 0 ? P.round(Math.max(...latencies), 1) : null,
    reply: sample,
  };
}

module.exports = { ChatWatcher, runRow, SPECS };
