/**
 * `/_local/official-account.html`: the local official account as WeChat shows it on a phone. The
 * chat shows what the real message handler answers to pushes the simulated WeChat signs
 * (`POST /_local/wechat/push`); the menu at the bottom is read from the simulated
 * `cgi-bin/menu/get` with `accessToken`, and a tap on a button opens the page it names.
 * Everything is built with DOM calls and `textContent`, never from HTML strings, so nothing a
 * reply holds can run.
 */
export function renderOfficialAccountPage(options: { accessToken: string; accountName: string }): string {
  const config = JSON.stringify({
    accessToken: options.accessToken,
    accountName: options.accountName,
  }).replace(/</g, '\\u003c');
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<title>${escapeHtml(options.accountName)} · 公众号</title>
<style>
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font:17px/1.5 -apple-system,"PingFang SC","WenQuanYi Micro Hei",system-ui,sans-serif;background:#ededed;color:#191919;display:flex;flex-direction:column}
.bar{display:flex;align-items:center;height:48px;padding:0 8px;background:#ededed;border-bottom:1px solid #d9d9d9;flex:none}
.bar h1{flex:1;margin:0;text-align:center;font-size:17px;font-weight:600}
.bar .icon{width:44px;height:44px;display:flex;align-items:center;justify-content:center;font-size:24px;color:#191919;background:none;border:0}
main{flex:1;overflow-y:auto;padding:12px 12px 16px}
.profile{background:#fff;border-radius:12px;padding:24px 20px;text-align:center;margin-top:24px}
.avatar{width:44px;height:44px;border-radius:8px;background:#b5121b;color:#fff;display:flex;align-items:center;justify-content:center;font-weight:700;font-size:15px;flex:none}
.profile .avatar{width:64px;height:64px;margin:0 auto 12px;font-size:20px}
.profile h2{margin:0 0 6px;font-size:20px}
.profile p{margin:0 0 20px;color:#5f5f5f;font-size:15px}
.follow{display:block;width:100%;min-height:48px;border:0;border-radius:8px;background:#07c160;color:#fff;font-size:17px;font-weight:600}
.time{text-align:center;color:#8a8a8a;font-size:13px;margin:14px 0 10px}
.msg{display:flex;gap:10px;margin:0 0 14px;align-items:flex-start}
.msg.me{flex-direction:row-reverse}
.msg.me .avatar{background:#576b95}
.bubble{max-width:calc(100% - 108px);padding:10px 12px;border-radius:6px;background:#fff;white-space:pre-wrap;word-break:break-word;position:relative}
.msg.me .bubble{background:#95ec69}
.bubble a{color:#576b95;text-decoration:none;font-weight:600}
.system{text-align:center;color:#8a8a8a;font-size:14px;margin:8px 0 14px}
footer{flex:none;background:#f7f7f7;border-top:1px solid #d9d9d9;position:relative}
.menubar{display:flex;align-items:stretch;min-height:52px}
.switch{width:52px;border:0;border-right:1px solid #d9d9d9;background:none;font-size:22px;color:#191919}
.menus{flex:1;display:flex}
.menu{flex:1;border:0;border-right:1px solid #e5e5e5;background:none;font-size:16px;color:#191919;min-height:52px}
.menu:last-child{border-right:0}
.menu::before{content:"≡ ";color:#8a8a8a}
.popup{position:absolute;bottom:58px;background:#fff;border-radius:8px;box-shadow:0 2px 12px #0003;min-width:150px;overflow:hidden;z-index:2}
.popup button{display:block;width:100%;min-height:48px;padding:0 16px;border:0;border-bottom:1px solid #ededed;background:#fff;font-size:16px;color:#191919;text-align:center}
.popup button:last-child{border-bottom:0}
.compose{display:flex;gap:8px;align-items:center;padding:8px}
.compose input{flex:1;min-height:44px;border:0;border-radius:6px;padding:0 12px;font-size:17px;background:#fff}
.compose .send{min-width:64px;min-height:44px;border:0;border-radius:6px;background:#07c160;color:#fff;font-size:16px;font-weight:600}
[hidden]{display:none!important}
</style></head>
<body>
<div class="bar"><button class="icon" type="button" aria-label="返回" onclick="history.back()">‹</button><h1 id="account-name"></h1><button class="icon" type="button" aria-label="公众号资料">⋯</button></div>
<main id="chat" aria-live="polite">
  <section class="profile" id="profile">
    <div class="avatar" aria-hidden="true">一证</div>
    <h2 id="profile-name"></h2>
    <p>全国移动电话卡「一证通查」服务：查询手机号码关联的互联网账号数量。</p>
    <button class="follow" id="follow" type="button">关注公众号</button>
  </section>
</main>
<footer id="footer" hidden>
  <div class="menubar" id="menubar">
    <button class="switch" id="to-keyboard" type="button" aria-label="切换到键盘">⌨</button>
    <div class="menus" id="menus"></div>
  </div>
  <div class="compose" id="compose" hidden>
    <button class="switch" id="to-menu" type="button" aria-label="切换到菜单">☰</button>
    <input id="text" type="text" maxlength="600" aria-label="输入消息" placeholder="发消息">
    <button class="send" id="send" type="button">发送</button>
  </div>
  <div class="popup" id="popup" role="menu" hidden></div>
</footer>
<script>
(() => {
  const CONFIG = ${config};
  const chat = document.getElementById('chat');
  const openidKey = 'occ-official-account-openid';
  let openid = localStorage.getItem(openidKey);
  if (!openid) {
    openid = 'oLocal' + Math.random().toString(36).slice(2, 12);
    localStorage.setItem(openidKey, openid);
  }
  const followedKey = 'occ-official-account-followed-' + openid;
  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };
  document.getElementById('account-name').textContent = CONFIG.accountName;
  document.getElementById('profile-name').textContent = CONFIG.accountName;

  // A reply's text, with WeChat's <a href> links made into links and everything else left as text.
  function fill(bubble, content) {
    const link = /<a\\s[^>]*?href="([^"]+)"[^>]*>([^<]*)<\\/a>/g;
    let last = 0;
    for (let match; (match = link.exec(content)); ) {
      bubble.append(document.createTextNode(content.slice(last, match.index)));
      const url = new URL(match[1], location.href);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        const anchor = el('a', 'reply-link', match[2]);
        anchor.href = url.href;
        bubble.append(anchor);
      } else {
        bubble.append(document.createTextNode(match[2]));
      }
      last = link.lastIndex;
    }
    bubble.append(document.createTextNode(content.slice(last)));
  }
  function say(who, content) {
    const row = el('div', 'msg ' + (who === 'me' ? 'me' : 'account'));
    row.append(el('div', 'avatar', who === 'me' ? '我' : '一证'));
    const bubble = el('div', 'bubble');
    fill(bubble, content);
    row.append(bubble);
    chat.append(row);
    chat.scrollTop = chat.scrollHeight;
    return row;
  }
  function note(text) {
    chat.append(el('div', 'system', text));
    chat.scrollTop = chat.scrollHeight;
  }
  async function push(body) {
    const response = await fetch('/_local/wechat/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, ...body }),
    });
    if (!response.ok) throw new Error('push ' + response.status);
    const result = await response.json();
    if (result.reply && result.reply.content) say('account', result.reply.content);
    else if (result.status !== 200) note('消息未送达，请稍后重试');
  }

  function showChat() {
    document.getElementById('profile').hidden = true;
    document.getElementById('footer').hidden = false;
    if (!chat.querySelector('.time')) {
      chat.prepend(el('div', 'time', new Date().toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit' })));
    }
  }
  document.getElementById('follow').addEventListener('click', async () => {
    showChat();
    note('你已关注' + CONFIG.accountName);
    localStorage.setItem(followedKey, '1');
    try { await push({ event: 'subscribe' }); } catch { note('网络不通，请检查后重试'); }
  });
  if (localStorage.getItem(followedKey)) showChat();

  const input = document.getElementById('text');
  async function send() {
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    say('me', text);
    try { await push({ text }); } catch { note('消息未发出，请检查网络后重试'); }
  }
  document.getElementById('send').addEventListener('click', send);
  input.addEventListener('keydown', (event) => { if (event.key === 'Enter') send(); });
  const menubar = document.getElementById('menubar');
  const compose = document.getElementById('compose');
  const popup = document.getElementById('popup');
  document.getElementById('to-keyboard').addEventListener('click', () => {
    menubar.hidden = true; compose.hidden = false; popup.hidden = true; input.focus();
  });
  document.getElementById('to-menu').addEventListener('click', () => {
    compose.hidden = true; menubar.hidden = false;
  });

  // The menu as WeChat's client shows it: top-level buttons, each opening its sub-buttons above it.
  function open(button) {
    const target = button.type === 'miniprogram' || button.type === 'view' ? button.url : undefined;
    if (target) location.href = target;
  }
  function renderMenu(menu) {
    const menus = document.getElementById('menus');
    menus.replaceChildren();
    for (const top of menu.button) {
      const item = el('button', 'menu', top.name);
      item.type = 'button';
      item.setAttribute('aria-haspopup', top.sub_button ? 'menu' : 'false');
      item.addEventListener('click', () => {
        if (!top.sub_button) return open(top);
        const wasOpen = !popup.hidden && popup.dataset.owner === top.name;
        popup.replaceChildren();
        popup.hidden = wasOpen;
        if (wasOpen) return;
        popup.dataset.owner = top.name;
        for (const sub of top.sub_button) {
          const entry = el('button', '', sub.name);
          entry.type = 'button';
          entry.setAttribute('role', 'menuitem');
          entry.addEventListener('click', () => { popup.hidden = true; open(sub); });
          popup.append(entry);
        }
        const bar = item.getBoundingClientRect();
        const footer = document.getElementById('footer').getBoundingClientRect();
        popup.style.left = Math.max(8, bar.left + bar.width / 2 - 75 - footer.left) + 'px';
      });
      menus.append(item);
    }
  }
  // As in WeChat, a tap anywhere outside the open sub-menu (and outside the menu bar) closes it; Escape too.
  document.addEventListener('click', (event) => {
    if (!popup.hidden && !popup.contains(event.target) && !menubar.contains(event.target)) popup.hidden = true;
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') popup.hidden = true;
  });
  fetch('/_local/wechat/cgi-bin/menu/get?access_token=' + encodeURIComponent(CONFIG.accessToken))
    .then((response) => response.json())
    .then((answer) => {
      if (answer.menu) renderMenu(answer.menu);
      else note('菜单暂不可用（' + answer.errcode + '）');
    })
    .catch(() => note('菜单暂不可用，请刷新'));
})();
</script>
</body></html>`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
