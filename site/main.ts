/**
 * The shell: navigation, hash routing (#/slug?state) so the site works from any static file server, and the URL
 * as the page's state, so a link reproduces what its sender saw. Beside the cells' state the URL holds how the
 * page is shown: `lang` (English or 简体中文, remembered in this browser), `embed` (one cell alone, for an iframe)
 * and `hide` (cells a lesson link hides).
 */
import 'katex/dist/katex.min.css';
import '@fontsource/noto-sans-sc/400.css';
import './style.css';
import { errorMessage } from '../notebooks/components/error-message.ts';
import { isLocale, LOCALE_NAMES, LOCALES, locale, messages, missing, setLocale, type Locale } from '../notebooks/i18n.ts';
import en from '../notebooks/messages/en/site.json';
import zh from '../notebooks/messages/zh-CN/site.json';
import { Notebook } from '../notebooks/notebook.ts';
import { cellTools } from './cell-tools.ts';
import { copyButton } from './clipboard.ts';
import { embedCell, hiddenCells, hideCells } from './embed.ts';
import { localized, PAGES, type SitePage } from './pages.ts';

const t = messages({ en, 'zh-CN': zh });
const nav = document.querySelector<HTMLElement>('#nav')!;
const main = document.querySelector<HTMLElement>('#page')!;
const toggle = document.querySelector<HTMLButtonElement>('.nav-toggle')!;
const tools = document.querySelector<HTMLElement>('.page-tools')!;
let current: { notebook: Notebook; slug: string } | undefined;
/** The hash this page last wrote itself, to tell its own state updates from a link the reader pasted. */
let written = '';
/** How the current page is shown (kept in the URL beside the cells' state). */
let shown: { lang?: string; embed?: string; hide?: string } = {};
/** Where the reader's choice of language is remembered. */
const LANGUAGE_KEY = 'gan-theory/lang';

function parseHash(): { slug: string; params: Record<string, string> } {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path = '', query = ''] = hash.split('?');
  const params: Record<string, string> = {};
  // Keys beyond 100 characters match no input; keep them short so a notice naming one stays short.
  for (const [k, v] of new URLSearchParams(query)) params[k.length > 100 ? `${k.slice(0, 60)}…` : k] = v;
  // A malformed escape (#/%, #/%E0%A4%A) keeps the text as typed: it names no page, and the home page says so.
  let slug = path;
  try {
    slug = decodeURIComponent(path);
  } catch {
    // keep the raw text
  }
  return { slug: slug.length > 100 ? `${slug.slice(0, 60)}…` : slug, params };
}

function renderNav(active: string): void {
  nav.setAttribute('aria-label', t('pagesLabel'));
  nav.replaceChildren(
    ...PAGES.map((p, i) => {
      const a = document.createElement('a');
      a.href = `#/${p.slug}${languageQuery()}`;
      const shownPage = localized(p, locale());
      a.textContent = `${i + 1}. ${shownPage.title}`;
      if (!shownPage.translated) a.lang = 'en';
      if (p.slug === active) a.setAttribute('aria-current', 'page');
      return a;
    }),
  );
}

/** `?lang=…` for links between pages, so a reader who arrived in a language stays in it. */
function languageQuery(): string {
  return locale() === 'en' ? '' : `?lang=${locale()}`;
}

/** The hash for a page's state and how it is shown. */
function stateHash(slug: string, state: Record<string, string>, view: typeof shown = shown): string {
  const query = new URLSearchParams(state);
  for (const [k, v] of Object.entries(view)) if (v) query.set(k, v);
  const text = query.toString();
  return `#/${slug}${text ? `?${text}` : ''}`;
}

/** An absolute link to a hash of this site. */
function absolute(hash: string): string {
  return `${location.origin}${location.pathname}${location.search}${hash}`;
}

function writeState(slug: string, notebook: Notebook): void {
  const next = stateHash(slug, notebook.state());
  // A training run's state changes several times a second without changing the link: write only real changes.
  if (next === written && location.hash === written) return;
  written = next;
  history.replaceState(null, '', written);
  printState(notebook);
}

/** The print-only line saying what the handout's figures were drawn for. */
function printState(notebook: Notebook): void {
  const box = main.querySelector('.print-state');
  if (!box) return;
  const state = Object.entries(notebook.state()).map(([k, v]) => `${k} = ${v}`).join('; ');
  box.replaceChildren(
    ...(state ? [Object.assign(document.createElement('span'), { textContent: t('printState', { state }) })] : []),
    Object.assign(document.createElement('span'), { textContent: t('printLink', { url: location.href }) }),
  );
}

/** The hash of what is on screen now, in a language: the page's current state and how it is shown. */
function currentHash(slug: string, view: typeof shown = shown): string {
  if (current?.slug === slug) return stateHash(slug, current.notebook.state(), view);
  const { params } = parseHash();
  return stateHash(slug, Object.fromEntries(Object.entries(params).filter(([k]) => !(k in view))), view);
}

/** The header's tools: copy a link to what is on screen, and the language switch. */
function renderTools(slug: string): void {
  const copy = copyButton(t('copyLink'), t('copied'), t('copyManually'), () => absolute(currentHash(slug)));
  // A group, not a <nav>: the page has one navigation landmark, the list of pages.
  const switcher = document.createElement('div');
  switcher.className = 'language-switch';
  switcher.setAttribute('role', 'group');
  switcher.setAttribute('aria-label', t('language'));
  for (const l of LOCALES) {
    const a = document.createElement('a');
    a.lang = l;
    a.textContent = LOCALE_NAMES[l];
    a.href = currentHash(slug, { ...shown, lang: l });
    if (l === locale()) a.setAttribute('aria-current', 'true');
    // The state may have changed since the link was drawn: follow the page as it is now.
    a.addEventListener('click', (e) => {
      e.preventDefault();
      try {
        localStorage.setItem(LANGUAGE_KEY, l);
      } catch {
        // storage refused: the link still carries the language
      }
      location.hash = currentHash(slug, { ...shown, lang: l });
    });
    switcher.append(a);
  }
  tools.replaceChildren(copy, switcher);
}

/** The language for this view: the link's, else the one remembered, else English; a bad `lang` gets a notice. */
function chooseLanguage(requested: string | undefined): { lang: Locale; problem?: string } {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    // storage refused (a sandboxed iframe): the link's language still applies
  }
  if (requested !== undefined) {
    if (isLocale(requested)) {
      try {
        localStorage.setItem(LANGUAGE_KEY, requested);
      } catch {
        // as above
      }
      return { lang: requested };
    }
    const fallback = stored && isLocale(stored) ? stored : 'en';
    setLocale(fallback);
    return { lang: fallback, problem: t('unknownLanguage', { lang: requested.slice(0, 20), fallback: LOCALE_NAMES[fallback] }) };
  }
  return { lang: stored && isLocale(stored) ? stored : 'en' };
}

/** The shell's fixed strings in the page's language. */
function translateShell(): void {
  document.documentElement.lang = locale();
  document.querySelector('.brand')!.textContent = t('siteName');
  document.querySelector('.skip')!.textContent = t('skip');
  toggle.textContent = t('pagesButton');
}

function notice(text: string, kind: 'warning' | 'error' = 'warning'): HTMLElement {
  const box = document.createElement('div');
  box.className = `notice ${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.textContent = text;
  return box;
}

function pager(page: SitePage): HTMLElement {
  const i = PAGES.indexOf(page);
  const footer = document.createElement('footer');
  footer.className = 'pager';
  const link = (p: SitePage | undefined, label: string) => {
    if (!p) return document.createElement('span');
    const a = document.createElement('a');
    a.href = `#/${p.slug}${languageQuery()}`;
    const shownPage = localized(p, locale());
    a.textContent = `${label} ${shownPage.title}`;
    if (!shownPage.translated) a.lang = 'en';
    return a;
  };
  footer.append(link(PAGES[i - 1], '←'), link(PAGES[i + 1], '→'));
  return footer;
}

function home(): void {
  const list = document.createElement('ol');
  list.className = 'contents';
  for (const p of PAGES) {
    const li = document.createElement('li');
    li.innerHTML = `<a></a><p></p>`;
    const page = localized(p, locale());
    const a = li.querySelector('a')!;
    a.href = `#/${p.slug}${languageQuery()}`;
    a.textContent = page.title;
    li.querySelector('p')!.textContent = page.summary;
    if (!page.translated) {
      li.dataset.untranslated = '';
      li.lang = 'en';
    }
    list.append(li);
  }
  const intro = document.createElement('section');
  intro.className = 'home';
  intro.innerHTML = `<h1></h1><p>${t('homeIntro')}</p>`;
  intro.querySelector('h1')!.textContent = t('homeHeading');
  main.replaceChildren(intro, list);
}

async function route(): Promise<void> {
  const { slug, params } = parseHash();
  if (current && current.slug === slug && location.hash === written) return; // the page's own state update
  current?.notebook.dispose();
  current = undefined;
  idle = false;
  const language = chooseLanguage(params.lang);
  setLocale(language.lang);
  shown = { lang: params.lang !== undefined || language.lang !== 'en' ? language.lang : undefined, embed: params.embed, hide: params.hide };
  translateShell();
  document.body.classList.toggle('embedded', Boolean(params.embed));
  renderNav(slug);
  renderTools(slug);
  nav.classList.remove('open');
  toggle.setAttribute('aria-expanded', 'false');
  const languageNotice = () => (language.problem ? [notice(language.problem)] : []);
  if (!slug) {
    home();
    main.prepend(...languageNotice());
    document.title = t('siteName');
    idle = true;
    return;
  }
  const sitePage = PAGES.find((p) => p.slug === slug);
  if (!sitePage) {
    home();
    main.prepend(notice(t('noPage', { slug }), 'error'), ...languageNotice());
    idle = true;
    return;
  }
  const page = localized(sitePage, locale());
  document.title = `${page.title} · ${t('siteName')}`;
  const article = document.createElement('article');
  article.className = 'theory';
  article.lang = page.translated ? locale() : 'en';
  article.innerHTML = page.html;
  const notices = document.createElement('div');
  notices.append(...languageNotice());
  if (!page.translated) notices.append(Object.assign(notice(t('notTranslated', { language: LOCALE_NAMES[locale()] })), { className: 'notice untranslated' }));
  const print = document.createElement('p');
  print.className = 'print-state';
  main.replaceChildren(notices, print, article, pager(sitePage));
  let onRender: (name: string, slot: Element) => void = () => undefined;
  const notebook = new Notebook({
    root: article,
    onInput: () => {
      writeState(slug, notebook);
      void trackIdle(notebook);
    },
    onRender: (name, slot) => onRender(name, slot),
  });
  current = { notebook, slug };
  try {
    (await sitePage.loadNotebook())(notebook);
  } catch (e) {
    notices.append(notice(t('cellsFailed', { message: errorMessage(e) }), 'error'));
    idle = true;
    return;
  }
  onRender = cellTools(article, {
    embedLink: (name) => absolute(stateHash(slug, notebook.stateOf(name), { lang: shown.lang, embed: name })),
    filename: (name) => `${slug}-${name}`,
    info: (name) => {
      const state = notebook.stateOf(name);
      const stateText = Object.entries(state).map(([k, v]) => `${k} = ${v}`).join('; ');
      const url = absolute(stateHash(slug, notebook.state()));
      return {
        title: page.title,
        lines: [...(stateText ? [t('figureFor', { state: stateText })] : []), t('figureSource', { url })],
        metadata: { site: en.siteName, page: slug, title: page.title, cell: name, lang: locale(), state, url },
      };
    },
  });
  for (const p of notebook.wiringProblems()) notices.append(notice(t('wiring', { problem: p }), 'error'));
  const problems = notebook.restore(params);
  for (const p of problems) notices.append(notice(p));
  for (const name of hideCells(article, hiddenCells(params.hide))) notices.append(notice(t('hideUnknown', { cell: name.slice(0, 60) })));
  if (params.embed) {
    const full = absolute(stateHash(slug, notebook.state(), { lang: shown.lang }));
    if (!embedCell(article, notebook, params.embed, { href: full, text: t('openFull', { title: page.title }) })) {
      notices.append(notice(t('embedUnknown', { cell: params.embed.slice(0, 60) }), 'error'));
      document.body.classList.remove('embedded');
    }
  }
  printState(notebook);
  if (problems.length) writeState(slug, notebook);
  main.focus({ preventScroll: true });
  void trackIdle(notebook);
}

// For the browser tests: true once the current page's cells have all finished computing.
let idle = false;
(window as unknown as { __notebookIdle: () => boolean }).__notebookIdle = () => idle;
// For the browser tests: catalogue keys a page looked up in a language that lacks them (shown in English).
(window as unknown as { __i18nMissing: () => string[] }).__i18nMissing = () => [...missing];
// For the benchmark: milliseconds the current page has spent inside its cells.
(window as unknown as { __notebookCellTime: () => number }).__notebookCellTime = () => current?.notebook.cellTime ?? 0;
(window as unknown as { __notebookCellTimes: () => Record<string, number> }).__notebookCellTimes = () => Object.fromEntries(current?.notebook.cellTimes ?? []);
(window as unknown as { __notebookRuns: () => Record<string, number> }).__notebookRuns = () => Object.fromEntries(current?.notebook.runs ?? []);
(window as unknown as { __notebookDeferred: () => string[] }).__notebookDeferred = () => [...(current?.notebook.deferred ?? [])];
async function trackIdle(notebook: Notebook): Promise<void> {
  idle = false;
  await notebook.idle();
  if (current?.notebook === notebook) idle = true;
}

toggle.addEventListener('click', () => {
  const open = nav.classList.toggle('open');
  toggle.setAttribute('aria-expanded', String(open));
});
window.addEventListener('hashchange', () => void route());
void route();
