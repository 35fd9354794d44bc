/**
 * The shell: navigation, hash routing (#/slug?state) so the site works from any static file server, and the URL
 * as the page's state, so a link reproduces what its sender saw.
 */
import 'katex/dist/katex.min.css';
import './style.css';
import { Notebook } from '../notebooks/notebook.ts';
import { PAGES, type SitePage } from './pages.ts';

const nav = document.querySelector<HTMLElement>('#nav')!;
const main = document.querySelector<HTMLElement>('#page')!;
const toggle = document.querySelector<HTMLButtonElement>('.nav-toggle')!;
let current: { notebook: Notebook; slug: string } | undefined;
/** The hash this page last wrote itself, to tell its own state updates from a link the reader pasted. */
let written = '';

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
  nav.replaceChildren(
    ...PAGES.map((p, i) => {
      const a = document.createElement('a');
      a.href = `#/${p.slug}`;
      a.textContent = `${i + 1}. ${p.title}`;
      if (p.slug === active) a.setAttribute('aria-current', 'page');
      return a;
    }),
  );
}

function writeState(slug: string, notebook: Notebook): void {
  const query = new URLSearchParams(notebook.state()).toString();
  written = `#/${slug}${query ? `?${query}` : ''}`;
  history.replaceState(null, '', written);
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
    a.href = `#/${p.slug}`;
    a.textContent = `${label} ${p.title}`;
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
    li.innerHTML = `<a href="#/${p.slug}"></a><p></p>`;
    li.querySelector('a')!.textContent = p.title;
    li.querySelector('p')!.textContent = p.summary;
    list.append(li);
  }
  const intro = document.createElement('section');
  intro.className = 'home';
  intro.innerHTML = `<h1>Why a GAN works, checked number by number</h1>
    <p>Each page walks through one step of the theory in Goodfellow et al. (2014), <em>Generative Adversarial Nets</em>.
    Under every step of a derivation, a live cell evaluates both sides for the distributions you choose — drag them,
    type them, or share the link. Then train real GANs in the page and watch the discriminator chase the optimum the
    theory predicts.</p>`;
  main.replaceChildren(intro, list);
}

async function route(): Promise<void> {
  const { slug, params } = parseHash();
  if (current && current.slug === slug && location.hash === written) return; // the page's own state update
  current?.notebook.dispose();
  current = undefined;
  idle = false;
  renderNav(slug);
  nav.classList.remove('open');
  toggle.setAttribute('aria-expanded', 'false');
  if (!slug) {
    home();
    document.title = 'GAN theory explorer';
    idle = true;
    return;
  }
  const page = PAGES.find((p) => p.slug === slug);
  if (!page) {
    home();
    main.prepend(notice(`There is no page called “${slug}”. Pick one from the list.`, 'error'));
    idle = true;
    return;
  }
  document.title = `${page.title} · GAN theory explorer`;
  const article = document.createElement('article');
  article.className = 'theory';
  article.innerHTML = page.html;
  const notices = document.createElement('div');
  main.replaceChildren(notices, article, pager(page));
  const notebook = new Notebook({
    root: article,
    onInput: () => {
      writeState(slug, notebook);
      void trackIdle(notebook);
    },
  });
  current = { notebook, slug };
  try {
    (await page.loadNotebook())(notebook);
  } catch (e) {
    notices.append(notice(`This page's cells failed to start: ${(e as Error).message}`, 'error'));
    idle = true;
    return;
  }
  for (const p of notebook.wiringProblems()) notices.append(notice(`Page wiring: ${p}.`, 'error'));
  const problems = notebook.restore(params);
  for (const p of problems) notices.append(notice(p));
  if (problems.length) writeState(slug, notebook);
  main.focus({ preventScroll: true });
  void trackIdle(notebook);
}

// For the browser tests: true once the current page's cells have all finished computing.
let idle = false;
(window as unknown as { __notebookIdle: () => boolean }).__notebookIdle = () => idle;
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
