// `node --import ./record-imports.mjs …` appends the URL of every module the program resolves to the file named by
// GAN_IMPORT_LOG, so a test can see what a command loaded (tsx? the sources? TensorFlow.js?).
import { register } from 'node:module';

register('./record-imports-hooks.mjs', import.meta.url, { data: { log: process.env.GAN_IMPORT_LOG } });
