#!/usr/bin/env node
// The quorumlab command. The sources are TypeScript; tsx compiles them on load, so a
// fresh clone runs after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('./main.ts');
