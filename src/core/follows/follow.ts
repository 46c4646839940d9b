// A follow: a server's standing question ("sanctions on Russia") and the channel where new articles
// that answer it are posted. Plain data and the rules for what a moderator may type.

export interface Follow {
  readonly id: number;
  readonly guildId: string;
  readonly channelId: string;
  /** The words searched, as /ask searches them. */
  readonly topic: string;
  /** Only articles of this outlet (the corpus's spelling), when set. */
  readonly source?: string;
  readonly paused: boolean;
  /** Post one daily digest at this local time (minutes after midnight, server's time zone) instead of each story. */
  readonly digestMinute?: number;
  readonly createdBy: string;
  readonly createdAt: number;
}

export type NewFollow = Omit<Follow, 'id' | 'paused'>;

/** Long enough for a precise topic; a topic longer than a tweet is a question for /ask. */
export const MAX_TOPIC_LENGTH = 200;
/** Follows per server: each is searched on every batch of new articles. */
export const MAX_FOLLOWS_PER_GUILD = 25;

/** Why a typed topic cannot be followed, or undefined when it can. */
export function topicProblem(topic: string | undefined): string | undefined {
  const t = (topic ?? '').trim();
  if (t === '') return 'Give the topic to follow in a few words that matter, such as “sanctions on Russia”.';
  if (t.length > MAX_TOPIC_LENGTH) return `A topic is at most ${MAX_TOPIC_LENGTH} characters (this one has ${t.length}); keep the words that matter.`;
  return undefined;
}

/** A follow refused by the store (too many in the server); the message is the moderator's. */
export class FollowError extends Error {
  override readonly name = 'FollowError';
}
