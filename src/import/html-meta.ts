// The metadata a news page declares about itself: JSON-LD (schema.org NewsArticle and kin),
// OpenGraph and `article:` meta tags, other common meta names, `<time>`, the canonical link and
// the document language. Read before Readability runs, since Readability rewrites the DOM.
import type { DomDocument } from './dom.ts';

export interface PageMeta {
  title?: string;
  outlet?: string;
  published?: string;
  updated?: string;
  authors?: string[];
  url?: string;
  language?: string;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const ARTICLE_TYPES =
  /^(?:NewsArticle|Article|ReportageNewsArticle|AnalysisNewsArticle|OpinionNewsArticle|BackgroundNewsArticle|ReviewNewsArticle|BlogPosting|LiveBlogPosting|Report|ScholarlyArticle|TechArticle)$/;

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function types(o: Obj): string[] {
  const t = o['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Every object in the JSON-LD blocks, `@graph` and arrays flattened. */
function jsonLdObjects(doc: DomDocument): Obj[] {
  const out: Obj[] = [];
  const visit = (v: Json): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v)) {
      out.push(v);
      const graph = v['@graph'];
      if (graph !== undefined) visit(graph);
    }
  };
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? '') as Json);
    } catch {
      // A broken JSON-LD block is common on real pages; the meta tags still count.
    }
  }
  return out;
}

function text(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return v.trim() || undefined;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) return text(v[0]);
  if (isObj(v)) return text(v['name'] ?? v['@value']);
  return undefined;
}

function names(v: Json | undefined): string[] {
  const list = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return list.map((x) => text(x)).filter((x): x is string => x !== undefined && !/^https?:\/\//.test(x));
}

function idOrUrl(v: Json | undefined): string | undefined {
  if (typeof v === 'string') return v;
  if (isObj(v)) return text(v['@id']) ?? text(v['url']);
  return undefined;
}

function metaContent(doc: DomDocument, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    for (const attr of ['property', 'name', 'itemprop']) {
      const el = doc.querySelector(`meta[${attr}="${key}"]`);
      const v = el?.getAttribute('content')?.trim();
      if (v) return v;
    }
  }
  return undefined;
}

function metaAll(doc: DomDocument, key: string): string[] {
  return Array.from(doc.querySelectorAll(`meta[property="${key}"], meta[name="${key}"]`))
    .map((el) => el.getAttribute('content')?.trim() ?? '')
    .filter((v) => v !== '' && !/^https?:\/\//.test(v));
}

function resolve(href: string | undefined, base: string | undefined): string | undefined {
  if (href === undefined || href.trim() === '') return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

/** `<title>Headline | Outlet</title>` -> `Headline` when the suffix is the outlet (or when asked). */
function stripSiteSuffix(title: string, outlet: string | undefined): string {
  const m = /^(.*\S)\s+[|–—-]\s+([^|–—-]+)$/.exec(title);
  if (!m) return title;
  const [, head, tail] = m as unknown as [string, string, string];
  if (outlet !== undefined) return tail.trim().toLowerCase() === outlet.toLowerCase() ? head : title;
  // No outlet to compare with: a short tail after a longer headline is the site's name
  // ("Sanctions list grows - Riverside Courier"), not half a headline ("Trump - Putin summit").
  const words = (s: string): number => s.trim().split(/\s+/).length;
  return words(tail) <= 4 && words(head) > words(tail) ? head : title;
}

export function pageMetadata(doc: DomDocument, pageUrl?: string): PageMeta {
  const meta: PageMeta = {};
  // First source wins; the order of the calls below is the order of trust. `source` documents it.
  const set = <K extends keyof PageMeta>(key: K, value: PageMeta[K] | undefined, _source: string): void => {
    if (meta[key] !== undefined || value === undefined || (Array.isArray(value) && value.length === 0)) return;
    meta[key] = value;
  };

  const ld = jsonLdObjects(doc);
  const article = ld.find((o) => types(o).some((t) => ARTICLE_TYPES.test(t)));
  if (article) {
    set('title', text(article['headline']) ?? text(article['name']), 'json-ld');
    set('published', text(article['datePublished']), 'json-ld');
    set('updated', text(article['dateModified']), 'json-ld');
    set('authors', names(article['author']), 'json-ld');
    const publisher = article['publisher'];
    set('outlet', text(publisher), 'json-ld');
    set('language', text(article['inLanguage']), 'json-ld');
  }
  const site = ld.find((o) => types(o).some((t) => t === 'WebSite' || t === 'NewsMediaOrganization' || t === 'Organization'));

  set('url', resolve(doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined, pageUrl), 'canonical');
  set('url', resolve(metaContent(doc, ['og:url']), pageUrl), 'og:url');
  if (article) set('url', resolve(idOrUrl(article['mainEntityOfPage']) ?? text(article['url']), pageUrl), 'json-ld');
  set('title', metaContent(doc, ['og:title', 'twitter:title', 'dc.title', 'DC.title']), 'meta');
  set('outlet', metaContent(doc, ['og:site_name', 'application-name']), 'meta');
  if (site) set('outlet', text(site['name']), 'json-ld');
  set('published', metaContent(doc, ['article:published_time', 'datePublished', 'pubdate', 'publishdate', 'publish-date', 'date', 'dc.date', 'DC.date', 'parsely-pub-date', 'sailthru.date']), 'meta');
  set('updated', metaContent(doc, ['article:modified_time', 'dateModified', 'og:updated_time', 'last-modified']), 'meta');
  set('authors', metaAll(doc, 'article:author'), 'meta');
  set('authors', metaAll(doc, 'author'), 'meta');
  const timeAttr = (sel: string): string | undefined => doc.querySelector(sel)?.getAttribute('datetime')?.trim() || undefined;
  set('published', timeAttr('time[itemprop="datePublished"]') ?? timeAttr('time[pubdate]') ?? timeAttr('article time[datetime]') ?? timeAttr('time[datetime]'), 'time');
  set('updated', timeAttr('time[itemprop="dateModified"]'), 'time');
  const relAuthors = Array.from(doc.querySelectorAll('a[rel="author"], [itemprop="author"] [itemprop="name"], .byline [itemprop="name"]'))
    .map((el) => (el.textContent ?? '').replace(/\s+/g, ' ').trim())
    .filter((n) => n.length > 0 && n.length < 80);
  set('authors', [...new Set(relAuthors)], 'rel=author');
  set('language', doc.documentElement?.getAttribute('lang') ?? metaContent(doc, ['og:locale', 'language', 'content-language']), 'lang');
  const docTitle = doc.querySelector('title')?.textContent?.replace(/\s+/g, ' ').trim();
  if (docTitle) set('title', stripSiteSuffix(docTitle, meta.outlet), '<title>');
  set('url', resolve(pageUrl, undefined), 'address');
  return meta;
}
