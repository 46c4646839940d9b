// The duplicate keys (address, text) of a corpus folder's articles, kept between imports by a
// long-running process (the feed poller): each call rereads the folder but parses only files
// that are new or changed since the last, since parsing is what costs (~7 ms a file; 20 s for
// the 2,635 files of whitehouse-russia, against 0.8 s to read them).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseCorpusFiles, readCorpusFiles } from '../load/loader.ts';
import { silentLogger } from '../log.ts';
import { DuplicateIndex, textKey, urlKey } from './duplicates.ts';

interface Keys {
  readonly contentHash: string;
  readonly url?: string;
  readonly text?: string;
}

export class FolderDuplicates {
  private readonly byFolder = new Map<string, Map<string, Keys>>();

  /** The folder's duplicate index as it is now on disk. */
  index(into: string): DuplicateIndex {
    const dir = path.resolve(into);
    const out = new DuplicateIndex();
    if (!fs.existsSync(dir)) return out;
    const log = silentLogger();
    const known = this.byFolder.get(dir) ?? new Map<string, Keys>();
    const next = new Map<string, Keys>();
    const read = readCorpusFiles([dir], { log });
    const hashOf = (content: string): string => createHash('sha1').update(content).digest('hex');
    const fresh = read.files.filter((f) => {
      const h = hashOf(f.content);
      const before = known.get(f.absPath);
      if (before?.contentHash === h) next.set(f.absPath, before);
      else next.set(f.absPath, { contentHash: h }); // a file that does not parse keeps no keys
      return before?.contentHash !== h;
    });
    const absOf = new Map(fresh.map((f) => [f.id, f.absPath]));
    for (const a of parseCorpusFiles(fresh, { log }).articles) {
      const abs = absOf.get(a.id);
      if (abs === undefined) continue;
      next.set(abs, { contentHash: (next.get(abs) as Keys).contentHash, ...(a.url !== undefined && { url: urlKey(a.url) }), text: textKey(a.text) });
    }
    this.byFolder.set(dir, next);
    for (const [abs, k] of next) if (k.text !== undefined) out.addKeys(k.url, k.text, abs, true);
    return out;
  }
}
