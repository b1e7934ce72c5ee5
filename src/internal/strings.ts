/**
 * Every text the element shows, reads out or hands to the SDK, in one table per language.
 *
 * Adding a text: add its key and English text to `en`, then its translation to each other table — TypeScript
 * names every table that misses it. `{name}` placeholders are filled by `formatText`; texts are plain text,
 * never markup (whatever goes into the SDK's dialog is escaped after formatting).
 *
 * Which table applies: the element's own `lang`, else its closest ancestor's, else the document's, matched by
 * full tag (`de-ch`), then by language (`de`), else English. Pages add or correct languages page-wide with
 * `ModelViewerEmbed.configure({ strings: { nl: {...} } })` and one element's texts with its `strings` property.
 *
 * Pure module: no Lit, no DOM.
 */
import type { ModelErrorCode } from './errors.js';

/** The English texts, which also define the keys: every other language translates each of them. */
const en = {
  /** The status while loading, shown over the viewer and read by screen readers. */
  loading: 'Loading 3D model…',
  /** Read by screen readers once the model is drawn (the status is visually hidden then). */
  loaded: '3D model loaded.',
  /** The loading bar's accessible name. */
  loadingProgress: 'Loading progress',
  /** The first sentence of the error status, followed by the error code's sentence. */
  loadFailed: 'The 3D model could not be loaded.',
  /** The element's accessible name. */
  modelLabel: '3D model {model}',
  /** The element's accessible name before a model id is set. */
  modelLabelNoId: '3D model',
  /** The viewer's accessible name; it has keyboard focus while the model is handled. */
  viewerLabel: '3D view: drag to rotate, Ctrl + scroll to zoom, arrow keys to pan',
  /** Shown while the browser has taken the WebGL context. */
  paused: '3D view paused',
  /** The cooperative-gestures hint, on Windows, Linux, ChromeOS and Android. */
  zoomHint: 'Use Ctrl + scroll to zoom the model',
  /** The cooperative-gestures hint on macOS and iOS. */
  zoomHintMac: 'Use ⌘ + scroll to zoom the model',
  passwordTitle: 'Password required',
  passwordIntro: 'The model “{model}” is protected by a password.',
  passwordRetry: 'Wrong password. Try again.',
  passwordLabel: 'Password',
  passwordOk: 'OK',
  passwordCancel: 'Cancel',
  'error:invalid-config': 'The embed is not set up correctly.',
  'error:sdk-load-failed': 'The 3D viewer could not be downloaded.',
  'error:unauthorized': 'Access to the model was refused.',
  'error:forbidden': 'You do not have access to this model.',
  'error:not-found': 'The model was not found.',
  'error:token-expired': 'The access to the model has expired.',
  'error:token-endpoint-failed': 'The access to the model could not be obtained.',
  'error:rate-limited': 'Too many attempts. Try again in a minute.',
  'error:server-error': 'The model server has a problem. Try again later.',
  'error:network': 'The model server could not be reached. Check your connection.',
  'error:password-cancelled': 'No password was entered.',
  'error:timeout': 'Loading took too long.',
  'error:viewer': 'The 3D viewer failed in this browser.',
  'error:context-lost': 'The 3D view stopped and could not be restarted.',
  'error:restore-failed': 'The 3D view could not be shown again.',
  /** The `reveal="interaction"` button's text and accessible name. */
  revealButton: 'View 3D model',
  /** The snapshot shown in place of a viewer parked to stay within the page's context budget. */
  parkedSnapshot: '3D model (snapshot)',
} as const satisfies Record<string, string> & Record<`error:${ModelErrorCode}`, string>;

export type TextKey = keyof typeof en;
/** A full set of the element's texts. */
export type UiStrings = { readonly [K in TextKey]: string };
/** Some of the element's texts, replacing those of the language in use. */
export type UiStringOverrides = Partial<UiStrings>;

const de: UiStrings = {
  loading: '3D-Modell wird geladen…',
  loaded: '3D-Modell geladen.',
  loadingProgress: 'Ladefortschritt',
  loadFailed: 'Das 3D-Modell konnte nicht geladen werden.',
  modelLabel: '3D-Modell {model}',
  modelLabelNoId: '3D-Modell',
  viewerLabel: '3D-Ansicht: Ziehen zum Drehen, Strg + Scrollen zum Zoomen, Pfeiltasten zum Verschieben',
  paused: '3D-Ansicht angehalten',
  zoomHint: 'Strg + Scrollen zum Zoomen des Modells',
  zoomHintMac: '⌘ + Scrollen zum Zoomen des Modells',
  passwordTitle: 'Passwort erforderlich',
  passwordIntro: 'Das Modell „{model}“ ist durch ein Passwort geschützt.',
  passwordRetry: 'Falsches Passwort. Bitte erneut versuchen.',
  passwordLabel: 'Passwort',
  passwordOk: 'OK',
  passwordCancel: 'Abbrechen',
  'error:invalid-config': 'Die Einbettung ist nicht richtig eingerichtet.',
  'error:sdk-load-failed': 'Der 3D-Viewer konnte nicht geladen werden.',
  'error:unauthorized': 'Der Zugriff auf das Modell wurde verweigert.',
  'error:forbidden': 'Sie haben keinen Zugriff auf dieses Modell.',
  'error:not-found': 'Das Modell wurde nicht gefunden.',
  'error:token-expired': 'Der Zugriff auf das Modell ist abgelaufen.',
  'error:token-endpoint-failed': 'Der Zugriff auf das Modell konnte nicht eingeholt werden.',
  'error:rate-limited': 'Zu viele Versuche. Bitte in einer Minute erneut versuchen.',
  'error:server-error': 'Der Modellserver hat ein Problem. Bitte später erneut versuchen.',
  'error:network': 'Der Modellserver ist nicht erreichbar. Bitte die Verbindung prüfen.',
  'error:password-cancelled': 'Es wurde kein Passwort eingegeben.',
  'error:timeout': 'Das Laden hat zu lange gedauert.',
  'error:viewer': 'Der 3D-Viewer funktioniert in diesem Browser nicht.',
  'error:context-lost': 'Die 3D-Ansicht wurde angehalten und konnte nicht neu gestartet werden.',
  'error:restore-failed': 'Die 3D-Ansicht konnte nicht wieder angezeigt werden.',
  revealButton: '3D-Modell ansehen',
  parkedSnapshot: '3D-Modell (Momentaufnahme)',
};

const fr: UiStrings = {
  loading: 'Chargement du modèle 3D…',
  loaded: 'Modèle 3D chargé.',
  loadingProgress: 'Progression du chargement',
  loadFailed: 'Le modèle 3D n’a pas pu être chargé.',
  modelLabel: 'Modèle 3D {model}',
  modelLabelNoId: 'Modèle 3D',
  viewerLabel:
    'Vue 3D : faites glisser pour pivoter, Ctrl + molette pour zoomer, flèches du clavier pour déplacer',
  paused: 'Vue 3D en pause',
  zoomHint: 'Utilisez Ctrl + molette pour zoomer sur le modèle',
  zoomHintMac: 'Utilisez ⌘ + défilement pour zoomer sur le modèle',
  passwordTitle: 'Mot de passe requis',
  passwordIntro: 'Le modèle « {model} » est protégé par un mot de passe.',
  passwordRetry: 'Mot de passe incorrect. Réessayez.',
  passwordLabel: 'Mot de passe',
  passwordOk: 'OK',
  passwordCancel: 'Annuler',
  'error:invalid-config': 'L’intégration n’est pas configurée correctement.',
  'error:sdk-load-failed': 'La visionneuse 3D n’a pas pu être téléchargée.',
  'error:unauthorized': 'L’accès au modèle a été refusé.',
  'error:forbidden': 'Vous n’avez pas accès à ce modèle.',
  'error:not-found': 'Le modèle est introuvable.',
  'error:token-expired': 'L’accès au modèle a expiré.',
  'error:token-endpoint-failed': 'L’accès au modèle n’a pas pu être obtenu.',
  'error:rate-limited': 'Trop de tentatives. Réessayez dans une minute.',
  'error:server-error': 'Le serveur du modèle rencontre un problème. Réessayez plus tard.',
  'error:network': 'Le serveur du modèle est injoignable. Vérifiez votre connexion.',
  'error:password-cancelled': 'Aucun mot de passe n’a été saisi.',
  'error:timeout': 'Le chargement a pris trop de temps.',
  'error:viewer': 'La visionneuse 3D ne fonctionne pas dans ce navigateur.',
  'error:context-lost': 'La vue 3D s’est arrêtée et n’a pas pu redémarrer.',
  'error:restore-failed': 'La vue 3D n’a pas pu être réaffichée.',
  revealButton: 'Voir le modèle 3D',
  parkedSnapshot: 'Modèle 3D (instantané)',
};

const ar: UiStrings = {
  loading: 'جارٍ تحميل النموذج ثلاثي الأبعاد…',
  loaded: 'تم تحميل النموذج ثلاثي الأبعاد.',
  loadingProgress: 'تقدّم التحميل',
  loadFailed: 'تعذّر تحميل النموذج ثلاثي الأبعاد.',
  modelLabel: 'نموذج ثلاثي الأبعاد {model}',
  modelLabelNoId: 'نموذج ثلاثي الأبعاد',
  viewerLabel: 'عرض ثلاثي الأبعاد: اسحب للتدوير، Ctrl + التمرير للتكبير، مفاتيح الأسهم للتحريك',
  paused: 'تم إيقاف العرض ثلاثي الأبعاد مؤقتًا',
  zoomHint: 'استخدم Ctrl + التمرير لتكبير النموذج',
  zoomHintMac: 'استخدم ⌘ + التمرير لتكبير النموذج',
  passwordTitle: 'كلمة المرور مطلوبة',
  passwordIntro: 'النموذج «{model}» محمي بكلمة مرور.',
  passwordRetry: 'كلمة المرور غير صحيحة. حاول مرة أخرى.',
  passwordLabel: 'كلمة المرور',
  passwordOk: 'موافق',
  passwordCancel: 'إلغاء',
  'error:invalid-config': 'لم يتم إعداد التضمين بشكل صحيح.',
  'error:sdk-load-failed': 'تعذّر تنزيل العارض ثلاثي الأبعاد.',
  'error:unauthorized': 'تم رفض الوصول إلى النموذج.',
  'error:forbidden': 'ليس لديك إذن للوصول إلى هذا النموذج.',
  'error:not-found': 'لم يتم العثور على النموذج.',
  'error:token-expired': 'انتهت صلاحية الوصول إلى النموذج.',
  'error:token-endpoint-failed': 'تعذّر الحصول على إذن الوصول إلى النموذج.',
  'error:rate-limited': 'محاولات كثيرة جدًا. حاول مرة أخرى بعد دقيقة.',
  'error:server-error': 'يواجه خادم النموذج مشكلة. حاول مرة أخرى لاحقًا.',
  'error:network': 'تعذّر الوصول إلى خادم النموذج. تحقق من اتصالك.',
  'error:password-cancelled': 'لم يتم إدخال كلمة مرور.',
  'error:timeout': 'استغرق التحميل وقتًا طويلًا.',
  'error:viewer': 'تعطّل العارض ثلاثي الأبعاد في هذا المتصفح.',
  'error:context-lost': 'توقف العرض ثلاثي الأبعاد وتعذّرت إعادة تشغيله.',
  'error:restore-failed': 'تعذّر عرض النموذج ثلاثي الأبعاد مرة أخرى.',
  revealButton: 'عرض النموذج ثلاثي الأبعاد',
  parkedSnapshot: 'نموذج ثلاثي الأبعاد (لقطة)',
};

/** The languages shipped with the element, by lowercase BCP 47 tag. */
export const SHIPPED_STRINGS: Readonly<Record<string, UiStrings>> = { en, de, fr, ar };

/** The language used when neither the page nor `configure()` offers a better match. */
export const FALLBACK_LANGUAGE = 'en';

// Scripts written right to left, by ISO 639-1 language (Intl.Locale's getTextInfo is not in every browser).
const RIGHT_TO_LEFT = new Set(['ar', 'he', 'iw', 'fa', 'ur', 'ps', 'yi', 'dv', 'sd', 'ug', 'ckb']);

/** The writing direction of a language tag such as `ar-EG`. */
export function directionOf(tag: string): 'ltr' | 'rtl' {
  return RIGHT_TO_LEFT.has(primaryLanguage(tag)) ? 'rtl' : 'ltr';
}

function primaryLanguage(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0] ?? '';
}

/** Texts for one or more languages, as `configure({ strings })` takes them: `{ nl: {...}, de: {...} }`. */
export type StringTables = Readonly<Record<string, UiStringOverrides>>;

export interface ResolvedText {
  /** The table's language tag (`de`), or the fallback. */
  language: string;
  dir: 'ltr' | 'rtl';
  strings: UiStrings;
}

/**
 * The texts for `lang` (the element's or its closest ancestor's `lang`, `''` when none): the shipped table
 * that matches best, with the page's tables (`configure({ strings })`) over it and the element's own overrides
 * over those. A page table for a language the element does not ship is completed from English.
 */
export function resolveText(
  lang: string,
  pageTables: StringTables = {},
  overrides: UiStringOverrides | null = null,
): ResolvedText {
  const tag = lang.trim().toLowerCase().replace(/_/g, '-');
  const has = (key: string) => key in SHIPPED_STRINGS || key in lowercaseKeys(pageTables);
  const language = tag !== '' && has(tag) ? tag : has(primaryLanguage(tag)) ? primaryLanguage(tag) : '';
  const chosen = language || FALLBACK_LANGUAGE;
  const page = lowercaseKeys(pageTables);
  const strings: UiStrings = {
    ...en,
    ...SHIPPED_STRINGS[chosen],
    ...onlyTexts(page[chosen]),
    ...onlyTexts(overrides),
  };
  return { language: chosen, dir: directionOf(chosen), strings };
}

function lowercaseKeys(tables: StringTables): Record<string, UiStringOverrides> {
  return Object.fromEntries(Object.entries(tables).map(([key, value]) => [key.toLowerCase(), value]));
}

/** Keeps the known keys whose values are strings: a typo'd key or a non-string never blanks a text. */
function onlyTexts(table: UiStringOverrides | null | undefined): UiStringOverrides {
  if (!table || typeof table !== 'object') return {};
  return Object.fromEntries(
    Object.entries(table).filter(([key, value]) => key in en && typeof value === 'string'),
  ) as UiStringOverrides;
}

/** Fills `{name}` placeholders; a placeholder without a value stays as it is. */
export function formatText(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) => values[name] ?? match);
}

/** The text of an error code, for the status the element shows. */
export function errorText(strings: UiStrings, code: ModelErrorCode): string {
  return strings[`error:${code}`];
}

// Page-wide tables from `configure({ strings })`, and the elements that follow them.
let pageTables: StringTables = {};
const pageTableListeners = new Set<() => void>();

/** Merges `tables` into the page's tables (per language, key by key); `null` drops them all. */
export function setPageStrings(tables: StringTables | null): void {
  if (tables === null) {
    pageTables = {};
  } else {
    const next: Record<string, UiStringOverrides> = { ...pageTables };
    for (const [language, table] of Object.entries(tables)) {
      const key = language.toLowerCase();
      next[key] = { ...next[key], ...onlyTexts(table) };
    }
    pageTables = next;
  }
  for (const listener of pageTableListeners) listener();
}

/** The page's tables from `configure({ strings })`. */
export function pageStrings(): StringTables {
  return pageTables;
}

/** Calls `listener` whenever `configure({ strings })` changes the page's tables; returns the unsubscribe. */
export function onPageStringsChange(listener: () => void): () => void {
  pageTableListeners.add(listener);
  return () => pageTableListeners.delete(listener);
}
