'use strict';
/**
 * The data set of the crowd bench: n users, n files, n/10 batches of 10 files and n deliveries,
 * generated deterministically from (seed, n) so the clone, the bare bot and the peer bot hold the
 * same codes and figures, each in its own shape (fillClone.js, fillBaselines.js). Everything is
 * derived by index (nothing but a few typed arrays is held in memory at 100,000), and the
 * aggregates the clone's counters need are computed once here.
 *
 * Search words: each of SEARCH_WORDS is in exactly `matchesPerWord` file names (spread over the
 * whole collection) and in no other file, so a search returns the same few dozen hits whatever
 * the size; the general vocabulary never contains them, even as a substring.
 */
const { createHash } = require('node:crypto');

const SEARCH_WORDS = ['aurora', 'zephyr', 'quokka', 'fjord'];
const DAY_MS = 86_400_000;

const WORDS = [
  'Midnight', 'Summer', 'Lost', 'City', 'Ocean', 'Road', 'Silent', 'Golden', 'River', 'Winter', 'Broken', 'Hidden', 'Crimson',
  'Electric', 'Wild', 'Desert', 'Paper', 'Iron', 'Glass', 'Velvet', 'Northern', 'Southern', 'Little', 'Last', 'First', 'Dark',
  'Bright', 'Secret', 'Empire', 'Garden', 'Harbor', 'Island', 'Jungle', 'Kingdom', 'Legend', 'Mountain', 'Planet', 'Shadow',
  'Storm', 'Thunder', 'Valley', 'Village', 'Voyage', 'Wolf', 'Dragon', 'Falcon', 'Tiger', 'Phoenix', 'Raven', 'Star', 'Moon',
  'Sky', 'Fire', 'Stone', 'Dream', 'Heart', 'Mirror', 'Journey', 'Story', 'Game', 'House', 'Station', 'Signal', 'Code', 'Echo',
  'Horizon', 'Orbit', 'Copper', 'Maple', 'Cedar', 'Lotus', 'Cobalt', 'Amber', 'Nomad', 'Pilot', 'Rebel', 'Saga', 'Tempest',
];
const SUBJECTS = ['Calculus', 'Physics', 'Chemistry', 'Biology', 'History', 'Economics', 'Statistics', 'Algorithms', 'Databases', 'Networks', 'Philosophy', 'Literature'];
const RES = ['480p', '720p', '1080p', '2160p'];
const SOURCES = ['BluRay x264', 'WEB-DL H264', 'WEBRip x265', 'HDTV'];
const FIRST_NAMES = ['Alex', 'Maria', 'Ivan', 'Ana', 'Omar', 'Lena', 'Ravi', 'Sofia', 'Yuki', 'Chen', 'Fatima', 'Diego', 'Nina', 'Tom', 'Aisha', 'Lucas'];
const LANGUAGES = ['en', 'en', 'en', 'es', 'ru', 'pt', 'id', 'hi', null];

/** A uniform number in [0, 1) from (a, b): a stateless hash, so any field of any index is reproducible. */
function rand(a, b) {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
const pick = (list, i, salt) => list[Math.floor(rand(i, salt) * list.length)];

/** A share code as the clone makes them: kind letter, `_`, 16 base64url characters (12 bytes). */
function code(seed, kind, i) {
  return `${kind}_${createHash('sha256').update(`${seed}:${kind}:${i}`).digest().subarray(0, 12).toString('base64url')}`;
}

/** File i's name, MIME type and caption; `word` (a search word) goes into the name when given. */
function describeFile(i, word) {
  const w = (salt) => pick(WORDS, i, salt);
  const year = 1970 + Math.floor(rand(i, 7) * 55);
  const title = word ? `${w(1)} ${word[0].toUpperCase()}${word.slice(1)} ${w(2)}` : `${w(1)} ${w(2)}`;
  const k = 1 + Math.floor(rand(i, 8) * 24);
  const pad = (n) => String(n).padStart(2, '0');
  let fileName;
  let mimeType;
  switch (Math.floor(rand(i, 3) * 6)) {
    case 0: fileName = `${title} (${year}) ${pick(RES, i, 4)} ${pick(SOURCES, i, 5)}.mkv`; mimeType = 'video/x-matroska'; break;
    case 1: fileName = `${title} S${pad(1 + (k % 9))}E${pad(k)} ${pick(RES, i, 4)} WEB-DL.mp4`; mimeType = 'video/mp4'; break;
    case 2: fileName = `${pick(SUBJECTS, i, 6)} Lecture ${k} ${title} Notes.pdf`; mimeType = 'application/pdf'; break;
    case 3: fileName = `${w(9)} ${w(10)} - ${title} (${year}).mp3`; mimeType = 'audio/mpeg'; break;
    case 4: fileName = `${title} Collection Part ${k}.zip`; mimeType = 'application/zip'; break;
    default: fileName = `${title} Wallpapers ${pick(RES, i, 4)}.rar`; mimeType = 'application/vnd.rar';
  }
  const caption = rand(i, 11) < 0.4 ? `${w(12)} ${w(13)}, ${year} edition. Shared by the channel.` : null;
  const size = Math.floor(50_000 + rand(i, 14) * 1_900_000_000);
  return { fileName, mimeType, caption, size };
}

/** The same normalisation as the clone bot's search (NFKC, lowercase, controls to spaces). */
function normalizeForSearch(text) {
  return text.normalize('NFKC').toLowerCase().replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim();
}

/**
 * The data set of size n. `now` anchors every date (users and deliveries over the last 30 days,
 * files over the last 90). Deliveries are skewed like real traffic: most go to a few popular
 * links, 15% are batch links.
 */
function makeCatalog(n, { seed = 'crowd', now = new Date(), matchesPerWord = 36, userIdBase = 5_000_000_000 } = {}) {
  const batches = Math.floor(n / 10);
  const nowMs = now.getTime();
  const perWord = Math.max(1, Math.min(matchesPerWord, Math.floor(n / (SEARCH_WORDS.length * 2))));
  const step = Math.floor(n / perWord);
  const wordOf = new Map(); // file index -> search word
  SEARCH_WORDS.forEach((word, w) => {
    for (let k = 0; k < perWord; k++) wordOf.set(k * step + w, word);
  });
  const fileCodes = Array.from({ length: n }, (_, i) => code(seed, 'f', i));
  const batchCodes = Array.from({ length: batches }, (_, j) => code(seed, 'b', j));
  const userFirstSeen = new Float64Array(n);
  const blocked = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    userFirstSeen[u] = nowMs - rand(u, 21) * 30 * DAY_MS;
    blocked[u] = rand(u, 22) < 0.02 ? 1 : 0;
  }
  // Deliveries: who, which link, when; and the aggregates the counters hold.
  const delivery = { user: new Int32Array(n), link: new Int32Array(n), at: new Float64Array(n) }; // link < 0: batch -(j+1)
  const userDeliveries = new Int32Array(n);
  const perLink = new Map();
  const perDay = new Map(); // 'YYYY-MM-DD' -> {newUsers, deliveries}
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);
  const bumpDay = (ms, field) => {
    const key = day(ms);
    const d = perDay.get(key) || { newUsers: 0, deliveries: 0 };
    d[field] += 1;
    perDay.set(key, d);
  };
  for (let u = 0; u < n; u++) bumpDay(userFirstSeen[u], 'newUsers');
  for (let d = 0; d < n; d++) {
    const u = Math.floor(rand(d, 31) * n);
    const popular = rand(d, 32) ** 3; // skewed towards index 0
    const isBatch = batches > 0 && rand(d, 33) < 0.15;
    const link = isBatch ? -(Math.floor(popular * batches) + 1) : Math.floor(popular * n);
    const at = userFirstSeen[u] + rand(d, 34) * (nowMs - userFirstSeen[u]);
    delivery.user[d] = u;
    delivery.link[d] = link;
    delivery.at[d] = at;
    userDeliveries[u] += 1;
    const c = link < 0 ? batchCodes[-link - 1] : fileCodes[link];
    perLink.set(c, (perLink.get(c) || 0) + 1);
    bumpDay(at, 'deliveries');
  }
  const fileAt = (i) => ({ index: i, code: fileCodes[i], createdAt: new Date(nowMs - 90 * DAY_MS + (i / n) * 90 * DAY_MS), ...describeFile(i, wordOf.get(i)) });
  const userAt = (u) => ({
    id: userIdBase + u,
    firstName: pick(FIRST_NAMES, u, 23),
    username: rand(u, 24) < 0.6 ? `${pick(FIRST_NAMES, u, 23).toLowerCase()}_${u}` : null,
    languageCode: pick(LANGUAGES, u, 25),
    firstSeenAt: new Date(userFirstSeen[u]),
    lastSeenAt: new Date(userFirstSeen[u] + rand(u, 26) * (nowMs - userFirstSeen[u])),
    blockedAt: blocked[u] ? new Date(nowMs - rand(u, 27) * 5 * DAY_MS) : null,
    deliveries: userDeliveries[u],
  });
  const batchAt = (j) => ({ code: batchCodes[j], fileCodes: fileCodes.slice(j * 10, j * 10 + 10), createdAt: new Date(nowMs - 60 * DAY_MS + (j / Math.max(1, batches)) * 60 * DAY_MS) });
  const deliveryAt = (d) => {
    const link = delivery.link[d];
    return { userId: userIdBase + delivery.user[d], code: link < 0 ? batchCodes[-link - 1] : fileCodes[link], files: link < 0 ? 10 : 1, at: new Date(delivery.at[d]) };
  };
  const top = [...perLink.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10).map(([c, k]) => ({ code: c, deliveries: k }));
  let blockedCount = 0;
  for (let u = 0; u < n; u++) blockedCount += blocked[u];
  return {
    n,
    seed,
    now,
    sizes: { users: n, files: n, batches, deliveries: n },
    searchWords: SEARCH_WORDS,
    matchesPerWord: perWord,
    fileCodes,
    batchCodes,
    fileAt,
    userAt,
    batchAt,
    deliveryAt,
    totals: { users: n, blocked: blockedCount, files: n, batches, deliveries: n },
    perDay,
    perLink,
    top,
    /** Links spread over the whole collection (first, last and between), for the measured requests. */
    sampleCodes(kind, count) {
      const list = kind === 'batch' ? batchCodes : fileCodes;
      if (list.length === 0) return [];
      const k = Math.min(count, list.length);
      return Array.from({ length: k }, (_, i) => list[Math.round((i * (list.length - 1)) / Math.max(1, k - 1))]);
    },
  };
}

module.exports = { makeCatalog, normalizeForSearch, SEARCH_WORDS };
