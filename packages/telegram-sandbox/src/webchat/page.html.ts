/**
 * The web chat: one self-contained page (inline CSS and JS, no CDN, no build step) served at
 * `/`. It talks only to the control API (`/_sandbox/...`) and refreshes on its SSE stream,
 * so a person can play a user against real bots and watch edits and deletions live.
 * `?user=<id>&bot=<id>` preselects a conversation (the playwright test uses it).
 */
export const WEB_CHAT_HTML = String.raw`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Telegram sandbox</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
*{box-sizing:border-box}body{margin:0;font:14px/1.4 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;display:flex;height:100vh;color:#111;background:#e6ebee}
aside{width:250px;background:#fff;border-right:1px solid #d5dbe0;display:flex;flex-direction:column;padding:12px;gap:8px;overflow:auto}
aside h2{font-size:12px;text-transform:uppercase;color:#708499;margin:10px 0 2px;letter-spacing:.04em}
select,input,button{font:inherit}select,input[type=text]{width:100%;padding:6px 8px;border:1px solid #c9d1d9;border-radius:8px}
.row{display:flex;gap:6px}.row>*{flex:1}
button{border:0;border-radius:8px;padding:6px 10px;background:#3390ec;color:#fff;cursor:pointer}button.secondary{background:#eef3f7;color:#3390ec}
.bot{padding:8px;border-radius:8px;cursor:pointer;display:flex;gap:8px;align-items:center}.bot:hover{background:#f1f4f6}.bot.active{background:#3390ec;color:#fff}
.avatar{width:32px;height:32px;border-radius:50%;background:#7bc862;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:600;flex:none}
main{flex:1;display:flex;flex-direction:column;min-width:0}
header{background:#fff;padding:10px 16px;border-bottom:1px solid #d5dbe0;display:flex;align-items:center;gap:10px}header .sub{color:#708499;font-size:12px}
#log{flex:1;overflow-y:auto;padding:16px 10%;display:flex;flex-direction:column;gap:6px;background:#c8d8c0 linear-gradient(160deg,#d3e2c8,#b9cfb2)}
.msg{max-width:70%;display:flex;flex-direction:column}.msg.user{align-self:flex-end;align-items:flex-end}.msg.bot{align-self:flex-start}
.bubble{padding:7px 10px 5px;border-radius:12px;background:#fff;box-shadow:0 1px 1px rgba(0,0,0,.12);white-space:pre-wrap;word-wrap:break-word}
.user .bubble{background:#effdde;border-bottom-right-radius:4px}.bot .bubble{border-bottom-left-radius:4px}
.meta{font-size:11px;color:#8a9aa8;text-align:right;margin-top:2px}.deleted .bubble{opacity:.55;text-decoration:line-through}
.kb{display:grid;gap:4px;margin-top:4px;width:100%}.kb .kbrow{display:flex;gap:4px}.kb button{flex:1;background:rgba(60,90,60,.45);color:#fff;font-size:13px}
.invoice{border-left:3px solid #3390ec;padding-left:8px}.invoice b{display:block}
.media img{max-width:260px;border-radius:8px;display:block}.file{display:flex;gap:8px;align-items:center}.file .icon{width:36px;height:36px;border-radius:50%;background:#3390ec;color:#fff;display:flex;align-items:center;justify-content:center}
.service{align-self:center;background:rgba(0,0,0,.25);color:#fff;border-radius:12px;padding:3px 10px;font-size:12px}
#replykb{background:#fff;padding:6px;display:none;gap:4px;flex-direction:column;border-top:1px solid #d5dbe0}#replykb .kbrow{display:flex;gap:4px}#replykb button{flex:1;background:#eef3f7;color:#111}
form#composer{display:flex;gap:8px;padding:10px;background:#fff;border-top:1px solid #d5dbe0;align-items:center}form#composer input[type=text]{flex:1}
#toast{position:fixed;top:70px;left:50%;transform:translateX(-50%);background:rgba(0,0,0,.78);color:#fff;padding:8px 14px;border-radius:10px;display:none;z-index:5}
code,pre{font-family:ui-monospace,Menlo,monospace;background:rgba(0,0,0,.06);border-radius:4px;padding:0 3px}.spoiler{background:#999;color:#999}
.empty{margin:auto;color:#4f6b4f}
.album{display:grid;grid-template-columns:repeat(2,minmax(0,1fr));gap:3px;min-width:300px}.album .media img{width:100%;max-width:none;height:130px;object-fit:cover;border-radius:4px}.album .cell>div:not(.media){font-size:13px}
</style></head><body>
<aside>
  <h2>You are</h2>
  <select id="user"></select>
  <h2>Language</h2>
  <select id="lang" title="The language_code on everything this user sends"><option value="">not set</option><option value="en">English · en</option><option value="es">Español · es</option><option value="hi">हिन्दी · hi</option><option value="de">Deutsch · de</option><option value="fr">Français · fr</option><option value="pt-br">Português · pt-br</option></select>
  <div class="row"><input type="text" id="newUser" placeholder="New user name"><button class="secondary" id="addUser">Add</button></div>
  <h2>Bots</h2>
  <div id="bots"></div>
  <div class="row"><input type="text" id="newBot" placeholder="new_bot username"><button class="secondary" id="addBot">Add</button></div>
  <h2>Blocking</h2>
  <div class="row"><button class="secondary" id="block">Block bot</button><button class="secondary" id="unblock">Unblock</button></div>
</aside>
<main>
  <header><div class="avatar" id="hAvatar">?</div><div><div id="title">Pick a bot</div><div class="sub" id="subtitle">Telegram sandbox</div></div></header>
  <div id="log"><div class="empty">Choose a user and a bot to start chatting.</div></div>
  <div id="replykb"></div>
  <form id="composer"><label class="secondary" title="Attach a file"><input type="file" id="file" hidden><span style="cursor:pointer;font-size:13px;color:#3390ec;border:1px solid #c9d1d9;border-radius:8px;padding:6px 10px">Attach</span></label>
    <input type="text" id="text" placeholder="Write a message…" autocomplete="off"><button type="submit" id="send">Send</button></form>
</main>
<div id="toast"></div>
<script>
const $ = (id) => document.getElementById(id);
const state = { users: [], bots: [], user: null, bot: null };
const params = new URLSearchParams(location.search);
async function api(method, path, body) {
  const res = await fetch('/_sandbox/' + path, { method, headers: { 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  const json = await res.json();
  if (!json.ok) { toast(json.error || 'error'); throw new Error(json.error); }
  return json.result;
}
function toast(text, ms) { const t = $('toast'); t.textContent = text; t.style.display = 'block'; clearTimeout(toast.timer); toast.timer = setTimeout(() => (t.style.display = 'none'), ms || 2500); }
function esc(s) { return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]); }
function initials(name) { return (name || '?').replace(/^@/, '').slice(0, 1).toUpperCase(); }
/** Renders text with its entities (offsets are UTF-16, like JS strings). */
function rich(text, entities) {
  if (!entities || !entities.length) return esc(text);
  const open = {}, close = {};
  const tags = { bold: ['<b>', '</b>'], italic: ['<i>', '</i>'], underline: ['<u>', '</u>'], strikethrough: ['<s>', '</s>'], code: ['<code>', '</code>'], pre: ['<pre>', '</pre>'], spoiler: ['<span class="spoiler">', '</span>'], blockquote: ['<blockquote>', '</blockquote>'] };
  for (const e of entities) {
    let t = tags[e.type];
    if (e.type === 'text_link') t = ['<a href="' + esc(e.url) + '" target="_blank">', '</a>'];
    if (e.type === 'url') t = ['<a href="' + esc(text.substr(e.offset, e.length)) + '" target="_blank">', '</a>'];
    if (!t) continue;
    (open[e.offset] = open[e.offset] || []).push(t[0]);
    (close[e.offset + e.length] = close[e.offset + e.length] || []).unshift(t[1]);
  }
  let out = '';
  for (let i = 0; i <= text.length; i++) { out += (close[i] || []).join('') + (open[i] || []).join(''); if (i < text.length) out += esc(text[i]); }
  return out;
}
async function loadState() {
  const s = await api('GET', 'state');
  state.users = s.users; state.bots = s.bots;
  const sel = $('user'); const keep = state.user || Number(params.get('user')) || (s.users[0] && s.users[0].id);
  sel.innerHTML = s.users.map((u) => '<option value="' + u.id + '">' + esc(u.firstName + (u.username ? ' @' + u.username : '')) + ' · ' + u.id + '</option>').join('');
  if (keep) { sel.value = String(keep); state.user = Number(sel.value) || null; }
  showLanguage();
  if (!state.bot) state.bot = Number(params.get('bot')) || null;
  $('bots').innerHTML = s.bots.map((b) => '<div class="bot' + (b.id === state.bot ? ' active' : '') + '" data-bot="' + b.id + '"><div class="avatar">' + initials(b.username) + '</div><div>' + esc(b.firstName) + '<div class="sub" style="font-size:12px;opacity:.7">@' + esc(b.username) + '</div></div></div>').join('');
  for (const el of document.querySelectorAll('.bot')) el.onclick = () => { state.bot = Number(el.dataset.bot); loadState(); refresh(); };
  const bot = s.bots.find((b) => b.id === state.bot);
  $('title').textContent = bot ? bot.firstName : 'Pick a bot';
  $('subtitle').textContent = bot ? '@' + bot.username + ' · bot' : 'Telegram sandbox';
  $('hAvatar').textContent = initials(bot && bot.username);
}
function keyboardHtml(rows, cls, attr) {
  return '<div class="' + cls + '">' + rows.map((row) => '<div class="kbrow">' + row.map((b) => '<button type="button" ' + attr(b) + '>' + esc(b.text) + '</button>').join('') + '</div>').join('') + '</div>';
}
function bodyOf(m) {
  if (m.text !== undefined) return rich(m.text, m.entities);
  let html = '';
  const caption = m.caption ? '<div>' + rich(m.caption, m.caption_entities) + '</div>' : '';
  if (m.photo) html = '<div class="media"><img alt="photo" src="/_sandbox/files/' + m.photo[m.photo.length - 1].file_unique_id + '"></div>';
  else for (const k of ['animation', 'video', 'audio', 'voice', 'document']) if (m[k]) { const f = m[k]; html = '<div class="file"><div class="icon">' + (k === 'voice' || k === 'audio' ? '♪' : '⬇') + '</div><div><a href="/_sandbox/files/' + f.file_unique_id + '" target="_blank">' + esc(f.file_name || k) + '</a><div class="meta" style="text-align:left">' + k + ' · ' + f.file_size + ' B</div></div></div>'; break; }
  if (m.invoice) html = '<div class="invoice"><b>' + esc(m.invoice.title) + '</b>' + esc(m.invoice.description) + '<div><button type="button" data-pay="' + m.message_id + '">Pay ' + m.invoice.total_amount + ' ⭐</button></div></div>';
  return html + caption;
}
async function refresh() {
  if (!state.user || !state.bot) return;
  const [entries, kb] = await Promise.all([api('GET', 'transcript?chatId=' + state.user + '&bot=' + state.bot), api('GET', 'keyboard?userId=' + state.user + '&bot=' + state.bot)]);
  const log = $('log');
  const atBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  log.innerHTML = entries.length ? '' : '<div class="empty">No messages yet. Say /start.</div>';
  let album = null;
  for (const e of entries) {
    const m = e.message;
    // An album (one media_group_id) is shown as one bubble with a grid of its items, as Telegram shows it.
    if (m.media_group_id && album && album.id === m.media_group_id + e.direction) { album.grid.insertAdjacentHTML('beforeend', '<div class="cell">' + bodyOf(m) + '</div>'); continue; }
    album = null;
    if (m.successful_payment) { log.insertAdjacentHTML('beforeend', '<div class="service">You paid ' + m.successful_payment.total_amount + ' ⭐</div>'); continue; }
    if (m.managed_bot_created) { log.insertAdjacentHTML('beforeend', '<div class="service">You created @' + esc(m.managed_bot_created.bot.username) + '</div>'); continue; }
    const time = new Date(m.date * 1000).toTimeString().slice(0, 5);
    const flags = (e.edited ? 'edited ' : '') + (e.deleted ? 'deleted ' : '');
    const body = m.media_group_id ? '<div class="album"><div class="cell">' + bodyOf(m) + '</div></div>' : bodyOf(m);
    let html = '<div class="msg ' + e.direction + (e.deleted ? ' deleted' : '') + '" data-id="' + m.message_id + '"><div class="bubble">' + (m.forward_origin ? '<div class="meta" style="text-align:left">Forwarded</div>' : '') + body + '<div class="meta">' + flags + time + '</div></div>';
    if (m.reply_markup && m.reply_markup.inline_keyboard && !e.deleted) html += keyboardHtml(m.reply_markup.inline_keyboard, 'kb', (b) => b.callback_data !== undefined ? 'data-cb="' + esc(b.callback_data) + '" data-mid="' + m.message_id + '"' : b.url ? 'data-url="' + esc(b.url) + '"' : '');
    log.insertAdjacentHTML('beforeend', html + '</div>');
    if (m.media_group_id) album = { id: m.media_group_id + e.direction, grid: log.lastElementChild.querySelector('.album') };
  }
  const rk = $('replykb');
  if (kb && kb.keyboard) { rk.innerHTML = keyboardHtml(kb.keyboard, '', (b) => 'data-key="' + esc(b.text) + '"'); rk.style.display = 'flex'; } else { rk.innerHTML = ''; rk.style.display = 'none'; }
  if (atBottom || refresh.first !== false) log.scrollTop = log.scrollHeight;
  refresh.first = false;
}
document.addEventListener('click', async (ev) => {
  const b = ev.target.closest('button'); if (!b) return;
  if (b.dataset.cb !== undefined) { const r = await api('POST', 'callbacks', { userId: state.user, bot: state.bot, messageId: Number(b.dataset.mid), data: b.dataset.cb }); if (r.answer && r.answer.text) toast(r.answer.text, r.answer.show_alert ? 5000 : 2500); }
  else if (b.dataset.url) window.open(b.dataset.url, '_blank');
  else if (b.dataset.key !== undefined) await api('POST', 'keyboard', { userId: state.user, bot: state.bot, text: b.dataset.key });
  else if (b.dataset.pay) { toast('Paying…'); const r = await api('POST', 'payments', { userId: state.user, bot: state.bot, messageId: Number(b.dataset.pay) }); toast(r.status === 'paid' ? 'Payment done' : 'Payment ' + r.status + (r.error_message ? ': ' + r.error_message : '')); }
});
$('composer').onsubmit = async (ev) => {
  ev.preventDefault();
  const text = $('text').value; if (!text.trim() || !state.user || !state.bot) return;
  $('text').value = '';
  await api('POST', 'messages', { userId: state.user, bot: state.bot, text });
};
$('file').onchange = async () => {
  const f = $('file').files[0]; if (!f || !state.user || !state.bot) return;
  const b64 = await new Promise((res) => { const r = new FileReader(); r.onload = () => res(String(r.result).split(',')[1]); r.readAsDataURL(f); });
  const kind = /^image\/(png|jpe?g|webp)$/.test(f.type) ? 'photo' : /^video\//.test(f.type) ? 'video' : /^audio\//.test(f.type) ? 'audio' : 'document';
  await api('POST', 'files', { userId: state.user, bot: state.bot, kind, fileName: f.name, mimeType: f.type, contentBase64: b64, caption: $('text').value || undefined });
  $('text').value = ''; $('file').value = '';
};
$('user').onchange = () => { state.user = Number($('user').value); showLanguage(); refresh(); };
/** The selected user's language_code in the selector (added on the fly when it is not listed). */
function showLanguage() {
  const u = state.users.find((x) => x.id === state.user); const code = (u && u.languageCode) || ''; const sel = $('lang');
  if (code && !Array.from(sel.options).some((o) => o.value === code)) sel.insertAdjacentHTML('beforeend', '<option value="' + esc(code) + '">' + esc(code) + '</option>');
  sel.value = code;
}
$('lang').onchange = async () => {
  if (!state.user) return;
  const code = $('lang').value;
  await api('POST', 'users/language', { userId: state.user, languageCode: code || null });
  const u = state.users.find((x) => x.id === state.user); if (u) u.languageCode = code || undefined;
  toast(code ? 'Your Telegram language is now ' + code : 'No language set');
};
$('addUser').onclick = async () => { const name = $('newUser').value.trim(); if (!name) return; const u = await api('POST', 'users', { firstName: name }); state.user = u.id; $('newUser').value = ''; await loadState(); refresh(); };
$('addBot').onclick = async () => { const name = $('newBot').value.trim(); if (!name) return; const b = await api('POST', 'bots', { username: name }); toast('Token: ' + b.token, 8000); state.bot = b.id; $('newBot').value = ''; await loadState(); refresh(); };
$('block').onclick = () => state.bot && api('POST', 'block', { userId: state.user, bot: state.bot }).then(() => toast('Bot blocked'));
$('unblock').onclick = () => state.bot && api('POST', 'unblock', { userId: state.user, bot: state.bot }).then(() => toast('Bot unblocked'));
let pending = null;
function scheduleRefresh() { if (pending) return; pending = setTimeout(() => { pending = null; refresh(); }, 30); }
const events = new EventSource('/_sandbox/events');
events.onmessage = (ev) => {
  const e = JSON.parse(ev.data);
  if (e.kind === 'entity') { loadState(); return; }
  if (e.conversation === 'p:' + state.bot + ':' + state.user) scheduleRefresh();
};
loadState().then(refresh);
</script></body></html>`;
