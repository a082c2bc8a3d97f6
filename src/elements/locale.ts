/**
 * The elements' language: a controller that reads the host's `locale` and `messages`, loads the
 * locale's catalog when first asked (English is bundled; the others are separate chunks), re-renders
 * the host when it arrives, and sets `dir="rtl"` for a right-to-left locale unless the page set `dir`.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { createTranslator, directionOf, shippedLocale, type Messages, type Translator } from '../core/i18n/format.js';
import { loadCatalog, loadedCatalog } from '../core/i18n/load.js';

/** What an element with a language has. */
export interface Localized {
  /** UI language (BCP 47). */
  locale: string | undefined;
  /** Overrides of catalog strings by id. */
  messages: Partial<Messages> | undefined;
}

type Host = ReactiveControllerHost & HTMLElement & Localized;

export class LocaleController implements ReactiveController {
  private cached?: Translator;
  private key = '';
  private overrides: Partial<Messages> | undefined;
  /** The `dir` value we set (so we can take it back), when the page did not set its own. */
  private ownDir: string | undefined;
  /** Bumped whenever the translator changes: elements holding worded text recompute it. */
  version = 0;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  /** The translator for the current `locale` and `messages`: English until the catalog has loaded. */
  get translator(): Translator {
    const { locale, messages } = this.host;
    const catalog = loadedCatalog(locale);
    const key = `${locale ?? ''}\u0000${catalog ? 1 : 0}`;
    if (!this.cached || key !== this.key || messages !== this.overrides) {
      this.cached = createTranslator(locale, [messages, catalog]);
      this.key = key;
      this.overrides = messages;
      this.version++;
      const shipped = shippedLocale(locale);
      if (!catalog && shipped && shipped !== 'en') {
        void loadCatalog(locale).then((loaded) => {
          if (loaded && this.host.locale === locale) this.host.requestUpdate();
        });
      }
    }
    return this.cached;
  }

  hostConnected(): void {
    this.applyDir();
  }

  hostUpdate(): void {
    void this.translator;
    this.applyDir();
  }

  private applyDir(): void {
    const el = this.host;
    const current = el.getAttribute('dir');
    // The page's own `dir` wins; ours is the value we last set.
    if (current !== null && current !== this.ownDir) return;
    const wanted = directionOf(el.locale) === 'rtl' ? 'rtl' : undefined;
    if (wanted) {
      if (current !== wanted) el.setAttribute('dir', wanted);
      this.ownDir = wanted;
    } else if (this.ownDir !== undefined) {
      el.removeAttribute('dir');
      this.ownDir = undefined;
    }
  }
}
