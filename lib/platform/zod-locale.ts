import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

/**
 * zod/mini ships no error messages of its own (every issue reads "Invalid input") until a locale
 * is configured; classic zod registers English on first use. Every module on zod/mini imports this
 * first, so the messages (config errors, quarantine reasons) stay the English ones classic gave.
 * Only en.js is bundled, not the other locales.
 */
if (!z.config().localeError) z.config(en());
