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

/** The outbox as a phone's message list. */
export function renderOutboxPage(messages: OutboxMessage[]): string {
  const items = messages
    .slice()
    .reverse()
    .map(
      (
        message,
      ) => `<li class="sms"><div class="meta"><span>${escapeHtml(message.from)} → ${escapeHtml(message.to)}</span>
<time>${escapeHtml(message.sentAt)}</time></div><p>${escapeHtml(message.text)}</p><div class="segments">${message.segments} 条</div></li>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="5"><title>短信 · One Card Check outbox</title>
<style>
body{margin:0;font:18px/1.5 system-ui,sans-serif;background:#eef0f3;color:#111}
header{background:#1f6feb;color:#fff;padding:12px 16px;font-weight:600}
ul{list-style:none;margin:0;padding:12px;max-width:560px}
.sms{background:#fff;border-radius:14px;padding:10px 14px;margin:0 0 12px;box-shadow:0 1px 2px #0002}
.meta{display:flex;justify-content:space-between;font-size:14px;color:#555}
.segments{font-size:13px;color:#777;text-align:right}
p{margin:6px 0;white-space:pre-wrap}
</style></head>
<body><header>短信 Messages (${messages.length})</header><ul>
${items || '<li class="sms"><p>No messages yet.</p></li>'}
</ul></body></html>`;
}
