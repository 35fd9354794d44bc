/** The components' visible strings (checks, inputs, figures, the distribution editor), in the page's language. */
import { messages } from '../i18n.ts';
import en from '../messages/en/components.json';
import zh from '../messages/zh-CN/components.json';

export const t = messages({ en, 'zh-CN': zh });
