import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { type CodeItem, codeLabel } from '../../domain/codes.ts';
import { enUS } from './en-US.ts';
import { zhCN } from './zh-CN.ts';

export type Lang = 'zh-CN' | 'en-US';
export type MessageKey = keyof typeof zhCN;
export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS };
const STORAGE_KEY = 'nol_lang';

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'zh-CN' || stored === 'en-US') return stored;
  } catch {
    // Private mode or storage disabled: fall back to Chinese.
  }
  return 'zh-CN';
}

export function format(template: string, vars?: Vars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

interface LangState {
  lang: Lang;
  setLang: (lang: Lang) => void;
}

const LangContext = createContext<LangState>({ lang: 'zh-CN', setLang: () => {} });

export function LangProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Not persisted; the choice still holds for this tab.
    }
    document.documentElement.lang = next;
  }, []);
  const value = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export function useLang(): LangState {
  return useContext(LangContext);
}

/** `t('key', { n: 3 })` in the current language; `{n}` placeholders are filled from vars. */
export function useT(): Translate {
  const { lang } = useLang();
  return useCallback((key: MessageKey, vars?: Vars) => format(DICTIONARIES[lang][key], vars), [lang]);
}

/** The label of a code from one of the domain's code lists, in the current language. */
export function useCodeLabel(): (list: readonly CodeItem[], code: string | null | undefined) => string {
  const { lang } = useLang();
  return useCallback(
    (list: readonly CodeItem[], code: string | null | undefined) =>
      codeLabel(list, code, lang === 'zh-CN' ? 'zh' : 'en') ?? code ?? '',
    [lang],
  );
}

/** Select options for a code list, labelled in the current language. */
export function useCodeOptions(list: readonly CodeItem[]): { value: string; label: string }[] {
  const { lang } = useLang();
  return useMemo(
    () => list.map((item) => ({ value: item.code, label: lang === 'zh-CN' ? item.zh : item.en })),
    [list, lang],
  );
}
