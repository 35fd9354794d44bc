/** The training worker's entry point: TensorFlow.js and the models live here, and the page talks to it by messages. */
import { serveTraining } from './host.ts';
import { REGISTRY } from './kinds.ts';
import type { Endpoint } from './protocol.ts';

serveTraining(self as unknown as Endpoint, REGISTRY);
