import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { countSegments, type OutboxMessage } from '@occ/shared';

/**
 * The local phone: every SMS the service sent, oldest first. It is the recipients' side, not a
 * service table, so it holds what a phone would show (full number and text). With a data folder it
 * is a JSON-lines file and survives a restart. It records every message it is handed, repeats
 * included, so a duplicate the service sends shows here as it would on a real phone.
 */
export class Outbox {
  private readonly messages: OutboxMessage[] = [];

  constructor(private readonly file: string | undefined) {
    if (file && existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        if (line.trim()) this.messages.push(JSON.parse(line) as OutboxMessage);
      }
    }
  }

  add(message: { to: string; from: string; text: string; sentAt: string }): void {
    const stored: OutboxMessage = { ...message, segments: countSegments(message.text) };
    this.messages.push(stored);
    if (this.file) appendFileSync(this.file, `${JSON.stringify(stored)}\n`);
  }

  list(phone?: string): OutboxMessage[] {
    return this.messages
      .filter((message) => phone === undefined || message.to === phone)
      .map(({ to, from, text, segments, sentAt }) => ({ to, from, text, segments, sentAt }));
  }
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** How often the page asks for new messages, in milliseconds. */
export const OUTBOX_REFRESH_MS = 3_000;

/**
 * `2026-11-30 16:34:05` in the time zone of whoever runs it: the server writes the page in its own
 * zone, the page's script rewrites it in the reader's. The sv-SE locale writes exactly this form.
 */
const LOCAL_TIME_LOCALE = 'sv-SE';

function localTime(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toLocaleString(LOCAL_TIME_LOCALE);
}

function messageItem(message: OutboxMessage): string {
  return `<li class="sms"><div class="meta"><span class="route">${escapeHtml(message.from)} → ${escapeHtml(message.to)}</span>
<time datetime="${escapeHtml(message.sentAt)}">${escapeHtml(localTime(message.sentAt))}</time></div><p>${escapeHtml(message.text)}</p><div class="segments">${message.segments} 条</div></li>`;
}

/**
 * The outbox as a phone's message list, newest first. Times are local: rendered in the server's
 * zone, then rewritten in the reader's by the page. New messages arrive by polling
 * `/_local/outbox` and are added to the list in place (no page reload), so the reader keeps their
 * place on the page; times never break across lines.
 */
export function renderOutboxPage(messages: OutboxMessage[]): string {
  const items = messages.slice().reverse().map(messageItem).join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>短信 · One Card Check outbox</title>
<style>
body{margin:0;font:18px/1.5 system-ui,sans-serif;background:#eef0f3;color:#111;overflow-anchor:none}
header{position:sticky;top:0;background:#1f5fbf;color:#fff;padding:12px 16px;font-weight:600}
ul{list-style:none;margin:0;padding:12px;max-width:560px}
.sms{background:#fff;border-radius:14px;padding:10px 14px;margin:0 0 12px;box-shadow:0 1px 2px #0002}
.meta{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 12px;font-size:15px;color:#444}
time{white-space:nowrap}
.segments{font-size:15px;color:#555;text-align:right}
p{margin:6px 0;white-space:pre-wrap;overflow-wrap:anywhere}
</style></head>
<body><header>短信 Messages (<span id="count">${messages.length}</span>)</header><ul id="messages">
${items || '<li class="sms" id="empty"><p>No messages yet.</p></li>'}
</ul>
<script>
(() => {
  const localTime = (iso) => new Date(iso).toLocaleString('${LOCAL_TIME_LOCALE}');
  const list = document.getElementById('messages');
  const count = document.getElementById('count');
  const showLocal = (element) => { element.textContent = localTime(element.getAttribute('datetime')); };
  document.querySelectorAll('time').forEach(showLocal);
  const item = (message) => {
    const li = document.createElement('li');
    li.className = 'sms';
    const meta = li.appendChild(document.createElement('div'));
    meta.className = 'meta';
    const route = meta.appendChild(document.createElement('span'));
    route.className = 'route';
    route.textContent = message.from + ' → ' + message.to;
    const time = meta.appendChild(document.createElement('time'));
    time.setAttribute('datetime', message.sentAt);
    showLocal(time);
    li.appendChild(document.createElement('p')).textContent = message.text;
    const segments = li.appendChild(document.createElement('div'));
    segments.className = 'segments';
    segments.textContent = message.segments + ' 条';
    return li;
  };
  let shown = ${messages.length};
  const refresh = async () => {
    try {
      const { messages } = await (await fetch('/_local/outbox', { cache: 'no-store' })).json();
      if (messages.length <= shown) return;
      document.getElementById('empty')?.remove();
      // New messages go on top; a reader scrolled down keeps the message they are reading in place.
      const heightBefore = document.documentElement.scrollHeight;
      for (const message of messages.slice(shown)) list.insertBefore(item(message), list.firstChild);
      if (window.scrollY > 0) window.scrollBy(0, document.documentElement.scrollHeight - heightBefore);
      shown = messages.length;
      count.textContent = String(shown);
    } catch {
      // The service is stopping or restarting: the next round tries again.
    }
  };
  setInterval(refresh, ${OUTBOX_REFRESH_MS});
})();
</script>
</body></html>`;
}
