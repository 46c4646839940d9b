#!/usr/bin/env node
// `npx attache …`: runs the TypeScript entry point through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/main.ts');
process.exit(await main(process.argv.slice(2)));
