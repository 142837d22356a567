import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/**
 * WeChat's pushed messages and passive replies in plaintext mode (WeChat docs, 接收普通消息 /
 * 接收事件推送 / 被动回复用户消息): `<xml>` with one child per field, text in CDATA.
 */
export type WechatMessage =
  | (Envelope & { msgType: 'event'; event: string; eventKey?: string })
  | (Envelope & { msgType: 'text'; content: string; msgId?: string })
  | (Envelope & { msgType: string });

interface Envelope {
  /** The official account's id (开发者微信号). */
  toUserName: string;
  /** The sender's openid for this account. */
  fromUserName: string;
  /** Unix seconds. */
  createTime: number;
}

/** The body is not a WeChat message: not XML, a DOCTYPE, or no `<xml>` with the envelope fields. */
export class WechatMessageFormatError extends Error {
  constructor(reason: string) {
    super(`not a WeChat message: ${reason}`);
    this.name = 'WechatMessageFormatError';
  }
}

class DoctypeRefusedError extends Error {}

/**
 * An entity decoder that expands nothing and refuses a DOCTYPE: the parser hands it the entities
 * of a DOCTYPE as soon as it reads one (`addInputEntities`), and WeChat never sends one.
 */
const refusingDecoder = {
  setExternalEntities: () => undefined,
  addInputEntities: () => {
    throw new DoctypeRefusedError();
  },
  reset: () => undefined,
  decode: (text: string) => text,
  setXmlVersion: () => undefined,
};

const parser = new XMLParser({
  processEntities: false,
  htmlEntities: false,
  entityDecoder: refusingDecoder,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  parseTagValue: false,
  trimValues: true,
});

const builder = new XMLBuilder({ cdataPropName: '__cdata', suppressEmptyNode: false });

/** Longest field we keep: WeChat's text messages are at most 2,048 bytes; ids are short. */
const MAX_FIELD = 4096;

function field(xml: Record<string, unknown>, name: string, required: boolean): string | undefined {
  const value = xml[name];
  if (Array.isArray(value)) throw new WechatMessageFormatError(`${name} appears more than once`);
  const text =
    typeof value === 'string' ? value : typeof value === 'object' && value !== null ? cdata(value) : '';
  if (text.length > MAX_FIELD) throw new WechatMessageFormatError(`${name} is too long`);
  if (required && text === '') throw new WechatMessageFormatError(`no ${name}`);
  return text === '' ? undefined : text;
}

/** The text of an element parsed with CDATA kept apart, e.g. `{ __cdata: '…' }`. */
function cdata(value: object): string {
  const inner = (value as Record<string, unknown>).__cdata ?? (value as Record<string, unknown>)['#text'];
  return typeof inner === 'string' ? inner : '';
}

/**
 * Parses one pushed message. Throws {@link WechatMessageFormatError} for anything that is not
 * well-formed XML with an `<xml>` root and WeChat's envelope (`ToUserName`, `FromUserName`,
 * `CreateTime`, `MsgType`), and for any DOCTYPE. No entity is expanded: `&…;` stays as written.
 */
export function parseWechatMessage(body: string): WechatMessage {
  let document: unknown;
  try {
    document = parser.parse(body, true);
  } catch (error) {
    throw new WechatMessageFormatError(
      error instanceof DoctypeRefusedError ? 'a DOCTYPE is refused' : 'not well-formed XML',
    );
  }
  const root =
    typeof document === 'object' && document !== null ? (document as Record<string, unknown>).xml : undefined;
  if (typeof root !== 'object' || root === null || Array.isArray(root))
    throw new WechatMessageFormatError('no <xml> root');
  const xml = root as Record<string, unknown>;
  const createTime = Number(field(xml, 'CreateTime', true));
  if (!Number.isSafeInteger(createTime) || createTime < 0)
    throw new WechatMessageFormatError('CreateTime is not unix seconds');
  const envelope: Envelope = {
    toUserName: field(xml, 'ToUserName', true) ?? '',
    fromUserName: field(xml, 'FromUserName', true) ?? '',
    createTime,
  };
  const msgType = field(xml, 'MsgType', true) ?? '';
  if (msgType === 'event') {
    const eventKey = field(xml, 'EventKey', false);
    return {
      ...envelope,
      msgType,
      event: field(xml, 'Event', true) ?? '',
      ...(eventKey ? { eventKey } : {}),
    };
  }
  if (msgType === 'text') {
    const msgId = field(xml, 'MsgId', false);
    return { ...envelope, msgType, content: field(xml, 'Content', false) ?? '', ...(msgId ? { msgId } : {}) };
  }
  return { ...envelope, msgType };
}

/** WeChat's XML for one message: `<xml>` with a child per field, text in CDATA, numbers bare. */
export function renderWechatXml(fields: Record<string, string | number>): string {
  return builder.build({
    xml: Object.fromEntries(
      Object.entries(fields).map(([name, value]) => [
        name,
        typeof value === 'number' ? value : { __cdata: value },
      ]),
    ),
  });
}

/** A passive text reply (被动回复 文本消息): from the account to the user who wrote. */
export function renderTextReply(reply: {
  toUser: string;
  fromUser: string;
  createTime: number;
  content: string;
}): string {
  return renderWechatXml({
    ToUserName: reply.toUser,
    FromUserName: reply.fromUser,
    CreateTime: reply.createTime,
    MsgType: 'text',
    Content: reply.content,
  });
}
